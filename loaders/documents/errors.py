"""Typed refusals of notice files that are not text: each names the file and the problem in one line."""

from dutygraph.loaders.errors import NoticeError


class DocumentError(NoticeError):
    """A Word, PDF, web page or other office file that cannot be read as a notice."""


class ScannedPdfError(DocumentError):
    """A PDF whose pages are images only: there is no text to read without OCR."""


class EncryptedError(DocumentError):
    """A password-protected file."""


class UnsupportedFormatError(DocumentError):
    """A format dutygraph does not read (OFD) or cannot convert here (.doc without LibreOffice)."""


class TooLargeError(DocumentError):
    """A file (or the content a compressed file expands to) beyond the reader's limits."""
