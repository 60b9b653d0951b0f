"""Turn government notices into typed records (dutygraph.schema)."""

from dutygraph.loaders.errors import NoticeDecodeError, NoticeEmptyError, NoticeError
from dutygraph.loaders.notice import (
    group_annexes,
    parse_bytes,
    parse_text,
    read_notice,
    read_notice_bytes,
)
from dutygraph.loaders.numbers import number_zh
from dutygraph.loaders.order import natural_key

__all__ = [
    "NoticeDecodeError",
    "NoticeEmptyError",
    "NoticeError",
    "group_annexes",
    "natural_key",
    "number_zh",
    "parse_bytes",
    "parse_text",
    "read_notice",
    "read_notice_bytes",
]
