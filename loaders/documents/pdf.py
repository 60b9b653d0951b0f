"""A PDF with a text layer into the document model (pdfplumber): lines in reading order joined
into paragraphs, running headers/footers and page numbers removed, tables from ruling lines.

A PDF without text (a scan) is refused: reading it needs OCR, which dutygraph does not do.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from dutygraph.loaders.documents.errors import (
    DocumentError,
    EncryptedError,
    ScannedPdfError,
    TooLargeError,
)
from dutygraph.loaders.documents.guard import MAX_PDF_PAGES
from dutygraph.loaders.documents.model import Cell, Document, Note, Paragraph, Place, Table
from dutygraph.loaders.documents.textjoin import join_cell_text

_PAGE_NUMBER = re.compile(
    r"^[-—－–\s]*\d{1,4}[-—－–\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)
_OUTLINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）|[①-⑳]|附件|第[一二三四五六七八九十]+[章节条阶段])"
)
_ENDS = "。！？；：!?;:"
_MARGIN = 0.1  # top and bottom tenth of a page: where running heads and page numbers sit


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    no: int = 0


@dataclass
class _Tbl:
    table: Table
    top: float
    page: int
    cells: list[tuple[tuple[float, float, float, float], Cell]] = field(default_factory=list)


def _lines(chars: list[dict[str, Any]], page: int) -> list[_Line]:
    rows: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        size = float(ch.get("size") or 10)
        for row in rows:
            if abs(row[0]["top"] - ch["top"]) < size * 0.5:
                row.append(ch)
                break
        else:
            rows.append([ch])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        while row and not row[-1]["text"].strip():
            row.pop()
        while row and not row[0]["text"].strip():
            row.pop(0)
        if not row:
            continue
        size = float(
            Counter(round(float(c.get("size") or 10), 1) for c in row).most_common(1)[0][0]
        )
        text = ""
        prev: dict[str, Any] | None = None
        for ch in row:
            if prev is not None and ch["x0"] - prev["x1"] > size * 0.6 and text[-1:] != " ":
                text += " "
            text += ch["text"]
            prev = ch
        out.append(
            _Line(
                text,
                row[0]["x0"],
                row[-1]["x1"],
                min(c["top"] for c in row),
                max(c["bottom"] for c in row),
                size,
                page,
            )  # fmt: skip
        )
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[list[_Line]]:
    """Join wrapped lines: a line reaching the right margin continues on the next unindented one."""
    out: list[list[_Line]] = []
    for ln in lines:
        if out:
            prev = out[-1][-1]
            # Kinsoku moves a closing mark with its character to the next line, and a left-aligned
            # line with Latin text ends ragged: a line short of the margin but not ending a
            # sentence still continues.
            full = prev.x1 >= right - prev.size * 2.6
            ragged = prev.x1 >= right - prev.size * 6 and prev.text.rstrip()[-1:] not in _ENDS
            indented = ln.x0 > left + ln.size * 0.8
            if (full or ragged) and not indented and not _OUTLINE.match(ln.text):
                out[-1].append(ln)
                continue
        out.append([ln])
    return out


def _join(lines: list[_Line]) -> str:
    text = ""
    for ln in lines:
        if (
            text
            and text[-1].isascii()
            and text[-1].isalnum()
            and ln.text[:1].isascii()
            and ln.text[:1].isalnum()
        ):
            text += " "
        text += ln.text.strip()
    return text


def _grid(table: Any, page: int, file: str, number: int) -> _Tbl:
    boxes = [c for c in table.cells if c is not None]
    xs = sorted({round(b[0], 0) for b in boxes} | {round(b[2], 0) for b in boxes})
    ys = sorted({round(b[1], 0) for b in boxes} | {round(b[3], 0) for b in boxes})

    def index(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda k: abs(values[k] - v))

    rows: dict[int, list[Cell]] = {}
    tbl = _Tbl(Table(rows=[], place=Place(file, table=number, page=page)), table.bbox[1], page)
    for b in sorted(boxes, key=lambda b: (round(b[1]), b[0])):
        r0, r1 = index(ys, round(b[1])), index(ys, round(b[3]))
        c0, c1 = index(xs, round(b[0])), index(xs, round(b[2]))
        cell = Cell(
            "",
            r0,
            c0,
            max(1, r1 - r0),
            max(1, c1 - c0),
            Place(file, table=number, row=r0 + 1, column=c0 + 1, page=page),
        )
        rows.setdefault(r0, []).append(cell)
        tbl.cells.append((b, cell))
    # Rows are numbered by ruling lines; renumber them densely in order.
    order = sorted(rows)
    remap = {r: k for k, r in enumerate(order)}
    for r in order:
        for c in rows[r]:
            end = c.row + c.row_span
            c.row = remap[r]
            c.row_span = max(1, sum(1 for x in order if r <= x < end))
            c.place = Place(file, table=number, row=c.row + 1, column=c.column + 1, page=page)
    tbl.table.rows = [sorted(rows[r], key=lambda c: c.column) for r in order]
    tbl.table.edges = [float(x) for x in xs]
    return tbl


def _fill_cells(tbl: _Tbl, chars: list[dict[str, Any]]) -> None:
    for box, cell in tbl.cells:
        inside = [
            c
            for c in chars
            if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
            and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
        ]
        lines = _lines(inside, tbl.page)
        if not lines:
            continue
        right = box[2] - 2
        paras = _paragraphs(lines, min(ln.x0 for ln in lines), right)
        cell.text = join_cell_text([_join(p) for p in paras])


def _inside(c: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def _running(lines_by_page: list[list[_Line]], heights: list[float]) -> set[str]:
    """Texts in the top/bottom margins repeated on at least half the pages (digits ignored)."""
    seen: Counter[str] = Counter()
    for lines, h in zip(lines_by_page, heights, strict=True):
        keys = {
            re.sub(r"\d+", "#", ln.text.strip())
            for ln in lines
            if ln.top < h * _MARGIN or ln.bottom > h * (1 - _MARGIN)
        }
        seen.update(keys)
    pages = len(lines_by_page)
    return {k for k, n in seen.items() if pages >= 2 and n >= max(2, pages / 2)}


def read_pdf(data: bytes, file: str) -> Document:
    """Read a PDF with a text layer; refuse scans, encrypted and damaged files with one line."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises PSEOF, PDFSyntaxError, TypeError… on damage
        # pdfplumber wraps pdfminer's exception as the first argument of its own.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedError(
                file, "文件有密码保护: the PDF is password-protected; save an unprotected copy"
            ) from None
        name = type(cause).__name__
        raise DocumentError(file, f"文件已损坏: the PDF cannot be read ({name})") from None
    with pdf:
        if len(pages) > MAX_PDF_PAGES:
            raise TooLargeError(
                file, f"the PDF has {len(pages)} pages: beyond {MAX_PDF_PAGES}, not a notice"
            )
        try:
            return _read_pages(pdf, file)
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(
                file, f"文件已损坏: the PDF cannot be read ({type(exc).__name__})"
            ) from None


def _read_pages(pdf: Any, file: str) -> Document:
    per_page: list[list[_Line]] = []
    tables: list[_Tbl] = []
    heights: list[float] = []
    images = 0
    any_text = False
    scanned: list[int] = []
    for p, page in enumerate(pdf.pages, start=1):
        chars = page.chars
        images += len(page.images)
        has_text = any(c["text"].strip() for c in chars)
        any_text = any_text or has_text
        if not has_text and page.images:
            scanned.append(p)
        found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        boxes = [t.bbox for t in found]
        for t in found:
            tbl = _grid(t, p, file, len(tables) + 1)
            _fill_cells(tbl, chars)
            tables.append(tbl)

        lines = _lines([c for c in chars if not _inside(c, boxes)], p)
        for k, ln in enumerate(lines, start=1):
            ln.no = k
        per_page.append(lines)
        heights.append(float(page.height))
    if not any_text:
        what = f"{images} images" if images else "no text"
        raise ScannedPdfError(
            file, f"扫描件，无文字层: the PDF has {what} and no text layer; OCR is not done here"
        )
    running = _running(per_page, heights)
    kept: list[_Line] = []
    for lines, h in zip(per_page, heights, strict=True):
        for ln in lines:
            margin = ln.top < h * _MARGIN or ln.bottom > h * (1 - _MARGIN)
            if margin and (
                _PAGE_NUMBER.match(ln.text.strip())
                or re.sub(r"\d+", "#", ln.text.strip()) in running
            ):
                continue
            kept.append(ln)
    body = kept
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else 0.0
    rights = sorted(ln.x1 for ln in body)
    right = rights[int(len(rights) * 0.9)] if rights else 0.0
    # Reading order: by page, then top; a table sits where its top is.
    items: list[tuple[int, float, int, Any]] = [(ln.page, ln.top, 1, ln) for ln in body]
    items += [(t.page, t.top, 0, t) for t in tables]
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    doc = Document(file=file, format="pdf", pages=len(per_page))
    for p in scanned:
        message = f"第{p}页是扫描图片，没有文字层，未读 (page {p} is a scan: not read)"
        doc.notes.append(Note(message, Place(file, page=p)))
    run: list[_Line] = []

    def flush() -> None:
        for para in _paragraphs(run, left, right):
            first = para[0]
            doc.blocks.append(Paragraph(_join(para), Place(file, page=first.page, line=first.no)))
        run.clear()

    for _, _, kind, obj in items:
        if kind == 1:
            run.append(obj)
        else:
            flush()
            doc.blocks.append(obj.table)
    flush()
    doc.blocks = _join_continued(doc.blocks)
    return doc


def _same_frame(a: Table, b: Table) -> bool:
    """Two parts of one table share their outer rules (same left and right x)."""
    if not a.edges or not b.edges:
        return a.width == b.width
    return abs(a.edges[0] - b.edges[0]) < 3 and abs(a.edges[-1] - b.edges[-1]) < 3


def _regrid(a: Table, b: Table) -> None:
    """Put both parts on the union of their column rules (a header part may have fewer)."""
    union: list[float] = []
    for x in sorted(a.edges + b.edges):
        if not union or x - union[-1] > 2:
            union.append(x)

    def at(x: float) -> int:
        return min(range(len(union)), key=lambda k: abs(union[k] - x))

    for t in (a, b):
        if not t.edges:
            continue
        for row in t.rows:
            for c in row:
                start, end = (
                    t.edges[c.column],
                    t.edges[min(c.column + c.col_span, len(t.edges) - 1)],
                )
                c.column, c.col_span = at(start), max(1, at(end) - at(start))
        t.edges = union


def _join_continued(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """A table that goes on over a page break is one table: its parts are joined, a repeated
    header row dropped, and the tables numbered again in order."""
    out: list[Paragraph | Table] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Table)
            and isinstance(prev, Table)
            and block.place.page is not None
            and prev.place.page is not None
            and block.place.page > prev.place.page
            and _same_frame(prev, block)
        ):
            _regrid(prev, block)
            rows = block.rows
            if rows and prev.rows and [c.text for c in rows[0]] == [c.text for c in prev.rows[0]]:
                rows = rows[1:]  # the header row repeated on the new page
                for row in rows:
                    for c in row:
                        c.row -= 1
            offset = len(prev.rows)
            for row in rows:
                for c in row:
                    c.row += offset
            prev.rows.extend(rows)
            continue
        out.append(block)
    number = 0
    for block in out:
        if isinstance(block, Table):
            number += 1
            block.place = replace(block.place, table=number)
            for row in block.rows:
                for c in row:
                    if c.place is not None:
                        c.place = replace(c.place, table=number, row=c.row + 1)
    return out
