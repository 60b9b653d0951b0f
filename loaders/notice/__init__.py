"""The notice reader in pipeline order: decode, normalize, layout, tables, outline, owners, … reader.

Uses loaders' shared numbers, unit names and errors; never loaders.sheets."""

from typing import TYPE_CHECKING, Any

from dutygraph.loaders.lazy import lazy_export
from dutygraph.loaders.notice.checks import same_thing

if TYPE_CHECKING:
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

_WHERE = {
    "group_annexes": "dutygraph.loaders.notice.intake",
    "parse_documents": "dutygraph.loaders.notice.intake",
    "read_notice": "dutygraph.loaders.notice.intake",
    "read_notice_bytes": "dutygraph.loaders.notice.intake",
    "parse_bytes": "dutygraph.loaders.notice.reader",
    "parse_text": "dutygraph.loaders.notice.reader",
}


def __getattr__(name: str) -> Any:
    return lazy_export(__name__, _WHERE, name)
