"""Tell a notice file's format from its first bytes (and a zip's member names), not its suffix."""

import io
import zipfile
from typing import Literal

Format = Literal["text", "docx", "xlsx", "ofd", "zip", "pdf", "ole", "html", "encrypted-ooxml"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(data: bytes, name: str) -> Format:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A damaged zip: its adapter names the damage; the suffix is all that says which.
        suffix = name.lower().rsplit(".", 1)[-1]
        return "xlsx" if suffix == "xlsx" else "zip" if suffix == "zip" else "docx"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "zip"


def sniff(data: bytes, name: str = "") -> Format:
    """'docx' for a Word zip, 'pdf' for %PDF, 'html' for markup, 'ole' for .doc/.wps/.et, else 'text'."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        # Office encrypts .docx/.xlsx into an OLE container holding an EncryptedPackage stream.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            return "encrypted-ooxml"
        return "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        lowered.startswith(b"<")
        and (b"<body" in lowered or b"<head" in lowered or b"<meta" in lowered)
    ):
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml")) and lowered.startswith(b"<"):
        return "html"
    return "text"
