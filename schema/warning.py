"""Irregularities found while reading a notice, reported rather than silently fixed."""

from typing import Literal

from pydantic import BaseModel

WarningCode = Literal[
    "duplicate-row-number",
    "empty-row",
    "name-variant",
    "total-mismatch",
    "headline-mismatch",
    "unparsed-table",
    "unsure-owner",
    "unread-part",  # a part of a Word/PDF file not read: a scanned page, a text box
]


class ParseWarning(BaseModel):
    """One finding with a code, a Chinese/English message and the 1-based line it concerns."""

    code: WarningCode
    message: str
    line: int
    place: str | None = None  # in a Word/PDF/HTML file: 表2第3行第4列, 第3页第7行
