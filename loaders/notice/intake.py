"""Read a notice as clerks receive it: .txt, Word, PDF, web page, or a folder/.zip with annexes.

Any file that is not plain text goes through loaders.documents into the reader's line form; each
record's `source` then names its place in the original (paragraph, table cell, page and line).
"""

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from dutygraph.loaders.documents import Document, Paragraph, Place, Rendered, render, sniff
from dutygraph.loaders.documents.errors import DocumentError
from dutygraph.loaders.documents.guard import open_zip, read_member
from dutygraph.loaders.documents.read import read_document_bytes
from dutygraph.loaders.documents.text import read_text_document
from dutygraph.loaders.errors import NoticeError
from dutygraph.loaders.notice.decode import decode_notice
from dutygraph.loaders.notice.reader import parse_bytes, parse_text
from dutygraph.schema import ParseResult, ParseWarning, Source

Named = tuple[bytes, str]
_NOTICE_SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".shtml", ".ofd", ".txt")
_ANNEX_SUFFIXES = _NOTICE_SUFFIXES + (".xlsx", ".et", ".xls")
_MAX_BUNDLE = 30


def _document(data: bytes, file: str) -> Document:
    fmt = sniff(data, file)
    if fmt == "text":
        return read_text_document(decode_notice(data, file), file)
    return read_document_bytes(data, file, fmt)


def _annex_name(file: str, k: int) -> str:
    stem = PurePosixPath(file).stem
    if stem.startswith("附件"):
        digits = "".join(ch for ch in stem[2:4] if ch.isdigit())
        return f"附件{digits or k}"
    return f"附件{k}"


def _sourced(source: Source, place: Place | None) -> Source:
    if place is None:
        return source
    return source.model_copy(
        update={
            "file": place.file,
            "place": place.label() or None,
            "paragraph": place.paragraph,
            "table": place.table,
            "row": place.row,
            "column": place.column,
            "page": place.page,
            "page_line": place.line,
            "sheet": place.sheet,
        }
    )


# Rule messages cite lines of the text they read ((第23行), line 115): name the original place.
_LINE_REF = re.compile(r"第(\d+)行(?=）)|\bline (\d+)")


def _place_ref(m: re.Match[str], rendered: Rendered) -> str:
    place = rendered.place(int(m.group(1) or m.group(2)))
    return place.label() if place and place.label() else m.group(0)


def _placed(value: Any, rendered: Rendered) -> Any:
    if isinstance(value, Source):
        return _sourced(value, rendered.place(value.line))
    if isinstance(value, list):
        return [_placed(v, rendered) for v in value]
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            v = getattr(value, name)
            if isinstance(v, Source | BaseModel | list):
                update[name] = _placed(v, rendered)
        if isinstance(value, ParseWarning):
            place = rendered.place(value.line)
            update["place"] = place.label() if place else None
            update["message"] = _LINE_REF.sub(lambda m: _place_ref(m, rendered), value.message)
        return value.model_copy(update=update)
    return value


def parse_documents(notice: Document, annexes: Sequence[Document] = ()) -> ParseResult:
    """Parse a notice Document and its annex Documents as one notice."""
    blocks = list(notice.blocks)
    for k, annex in enumerate(annexes, start=1):
        mark = Paragraph(_annex_name(annex.file, k), Place(file=annex.file))
        blocks.append(mark)
        blocks.extend(annex.blocks)
    whole = Document(file=notice.file, format=notice.format, blocks=blocks)
    rendered = render(whole)
    if not rendered.text.strip():
        raise DocumentError(notice.file, "the document holds no text")
    result = parse_text(rendered.text, notice.file)
    placed: ParseResult = _placed(result, rendered)
    for doc in [notice, *annexes]:
        for note in doc.notes:
            label = note.place.label() if note.place else ""
            where = f"{doc.file} {label}".strip()
            placed.warnings.append(
                ParseWarning(code="unread-part", message=note.message, line=0, place=where)
            )
    return placed


def read_notice_bytes(data: bytes, file: str, annexes: Sequence[Named] = ()) -> ParseResult:
    """Read one notice file's bytes (any format, or a .zip bundle) with annex files' bytes."""
    fmt = sniff(data, file)
    if fmt == "zip":
        main, more = _split_bundle(_zip_members(data, file), file)
        return read_notice_bytes(main[0], main[1], [*more, *annexes])
    if fmt == "text" and not annexes:
        return parse_bytes(data, file)  # the text reader as it always was: lines are the file's
    return parse_documents(_document(data, file), [_document(d, n) for d, n in annexes])


def _zip_members(data: bytes, file: str) -> list[Named]:
    z = open_zip(data, file, ".zip")
    out: list[Named] = []
    for info in z.infolist():
        name = info.filename
        if not info.flag_bits & 0x800:
            # OA systems on Windows write GBK names without the UTF-8 flag; zipfile read cp437.
            try:
                name = name.encode("cp437").decode("gb18030")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        base = PurePosixPath(name).name
        if info.is_dir() or name.startswith("__MACOSX") or base.startswith((".", "~$")):
            continue
        if base.lower().endswith(_ANNEX_SUFFIXES):
            out.append((read_member(z, info.filename, file, ".zip"), base))
    return out


def _split_bundle(files: list[Named], where: str) -> tuple[Named, list[Named]]:
    """The notice is the file not named 附件…; the rest, in name order, are its annexes."""
    files = sorted(files, key=lambda f: f[1])
    if not files:
        raise DocumentError(where, "no notice file (.docx, .pdf, .html, .txt …) in the bundle")
    if len(files) > _MAX_BUNDLE:
        raise DocumentError(where, f"{len(files)} files in the bundle: more than {_MAX_BUNDLE}")
    mains = [
        f for f in files if not f[1].startswith("附件") and f[1].lower().endswith(_NOTICE_SUFFIXES)
    ]
    if not mains:
        raise DocumentError(where, "no notice in the bundle: every file is named 附件…")
    if len(mains) > 1:
        names = "、".join(f[1] for f in mains)
        raise DocumentError(
            where, f"more than one notice in the bundle ({names}); name annexes 附件…"
        )
    return mains[0], [f for f in files if f is not mains[0]]


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NoticeError(str(path), f"cannot open the notice file ({exc.strerror})") from None


def read_notice(path: str | Path, annexes: Sequence[str | Path] = ()) -> ParseResult:
    """Read the notice at `path` (.txt/.docx/.pdf/.html/.doc, a folder or a .zip) with annex files."""
    p = Path(path)
    extra = [(_read_file(Path(a)), Path(a).name) for a in annexes]
    if p.is_dir():
        files = [
            (_read_file(f), f.name)
            for f in sorted(p.iterdir())
            if f.is_file() and f.name.lower().endswith(_ANNEX_SUFFIXES)
        ]
        main, more = _split_bundle(files, str(p))
        return read_notice_bytes(main[0], main[1], [*more, *extra])
    return read_notice_bytes(_read_file(p), p.name, extra)


def group_annexes(paths: Sequence[Path]) -> list[tuple[Path, list[Path]]]:
    """Files named 附件… belong to the notice given before them: `通知.docx 附件1.xlsx 附件2.docx`."""
    groups: list[tuple[Path, list[Path]]] = []
    for path in paths:
        if path.name.startswith("附件") and groups and path.is_file():
            groups[-1][1].append(path)
        else:
            groups.append((path, []))
    return groups


__all__ = ["group_annexes", "parse_documents", "read_notice", "read_notice_bytes"]
