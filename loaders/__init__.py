"""Turn government notices into typed records (dutygraph.schema)."""

from dutygraph.loaders.errors import NoticeDecodeError, NoticeEmptyError, NoticeError
from dutygraph.loaders.notice import (
    group_annexes,
    parse_bytes,
    parse_text,
    read_notice,
    read_notice_bytes,
)

__all__ = [
    "NoticeDecodeError",
    "NoticeEmptyError",
    "NoticeError",
    "group_annexes",
    "parse_bytes",
    "parse_text",
    "read_notice",
    "read_notice_bytes",
]
