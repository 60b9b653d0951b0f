"""Notice files as documents: one adapter per format (.docx, .html, .pdf, .doc, .xlsx, .txt) into one model.

May import schema and loaders' shared modules (errors, units); never loaders.notice or loaders.sheets."""

from dutygraph.loaders.documents.model import Cell, Document, Note, Paragraph, Place, Table
from dutygraph.loaders.documents.read import read_document, read_document_bytes
from dutygraph.loaders.documents.render import Rendered, render
from dutygraph.loaders.documents.sniff import sniff

__all__ = [
    "Cell",
    "Document",
    "Note",
    "Paragraph",
    "Place",
    "Rendered",
    "Table",
    "read_document",
    "read_document_bytes",
    "render",
    "sniff",
]
