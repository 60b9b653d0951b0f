"""Read any notice file into the document model, choosing the adapter by the file's signature."""

from pathlib import Path

from dutygraph.loaders.documents.docx import read_docx
from dutygraph.loaders.documents.errors import (
    DocumentError,
    EncryptedError,
    UnsupportedFormatError,
)
from dutygraph.loaders.documents.guard import open_zip
from dutygraph.loaders.documents.html import read_html
from dutygraph.loaders.documents.legacy import convert
from dutygraph.loaders.documents.model import Document
from dutygraph.loaders.documents.pdf import read_pdf
from dutygraph.loaders.documents.sniff import Format, sniff
from dutygraph.loaders.documents.text import read_text_document
from dutygraph.loaders.documents.xlsx import read_xlsx
from dutygraph.loaders.errors import NoticeError

OFD_REFUSAL = (
    "OFD 版式文件暂不支持: no maintained Python library reads OFD text and tables; "
    "export it as PDF or Word from the OFD reader (数科/福昕 OFD 阅读器 → 另存为 PDF) and read that"
)


def read_document_bytes(data: bytes, file: str, fmt: Format | None = None) -> Document:
    """The Document of one file's bytes, e.g. read_document_bytes(open('通知.docx','rb').read(), '通知.docx')."""
    fmt = fmt or sniff(data, file)
    if fmt == "docx":
        return read_docx(data, file)
    if fmt == "xlsx":
        return read_xlsx(data, file)
    if fmt == "pdf":
        return read_pdf(data, file)
    if fmt == "html":
        return read_html(data, file)
    if fmt == "ofd":
        raise UnsupportedFormatError(file, OFD_REFUSAL)
    if fmt == "encrypted-ooxml":
        raise EncryptedError(
            file, "文件有密码保护: the Office file is password-protected; save an unprotected copy"
        )
    if fmt == "ole":
        sheet = Path(file).suffix.lower() in (".et", ".xls")
        converted = convert(data, file, "xlsx" if sheet else "docx")
        doc = read_xlsx(converted, file) if sheet else read_docx(converted, file)
        doc.format = Path(file).suffix.lower().lstrip(".") or "doc"
        return doc
    if fmt == "zip":
        open_zip(data, file, ".zip")  # names a damaged archive
        raise DocumentError(file, "a zip archive is a bundle of files, not one document")
    return read_text_document(_decode_text(data), file)


def read_document(path: str | Path) -> Document:
    """Read the file at `path` (any supported format) into a Document."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise NoticeError(str(p), f"cannot open the file ({exc.strerror})") from None
    return read_document_bytes(data, p.name)


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")
