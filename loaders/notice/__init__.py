"""The notice reader in pipeline order: decode, normalize, layout, tables, outline, owners, … reader.

Uses loaders' shared numbers, unit names and errors; never loaders.sheets."""

from dutygraph.loaders.notice.checks import same_thing
from dutygraph.loaders.notice.intake import (
    group_annexes,
    parse_documents,
    read_notice,
    read_notice_bytes,
)
from dutygraph.loaders.notice.reader import parse_bytes, parse_text

__all__ = [
    "group_annexes",
    "parse_bytes",
    "parse_documents",
    "parse_text",
    "read_notice",
    "read_notice_bytes",
    "same_thing",
]
