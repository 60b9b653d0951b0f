"""Turn government notices into typed records (dutygraph.schema)."""

from typing import TYPE_CHECKING, Any

from dutygraph.loaders.errors import NoticeDecodeError, NoticeEmptyError, NoticeError
from dutygraph.loaders.lazy import lazy_export
from dutygraph.loaders.order import natural_key

if TYPE_CHECKING:
    from dutygraph.loaders.notice import (
        group_annexes,
        parse_bytes,
        parse_text,
        read_notice,
        read_notice_bytes,
    )
    from dutygraph.loaders.numbers import number_zh

__all__ = [
    "NoticeDecodeError",
    "NoticeEmptyError",
    "NoticeError",
    "group_annexes",
    "lazy_export",
    "natural_key",
    "number_zh",
    "parse_bytes",
    "parse_text",
    "read_notice",
    "read_notice_bytes",
]

_WHERE = {
    "number_zh": "dutygraph.loaders.numbers",
    "group_annexes": "dutygraph.loaders.notice",
    "parse_bytes": "dutygraph.loaders.notice",
    "parse_text": "dutygraph.loaders.notice",
    "read_notice": "dutygraph.loaders.notice",
    "read_notice_bytes": "dutygraph.loaders.notice",
}


def __getattr__(name: str) -> Any:
    return lazy_export(__name__, _WHERE, name)
