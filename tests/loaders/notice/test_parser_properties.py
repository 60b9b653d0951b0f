"""Properties of the public parser API on arbitrary input.

Whatever text or bytes come in, parse_text/parse_bytes either return a ParseResult that
serialises to strict JSON (the `dutygraph parse --json` contract) with 1-based line numbers,
or raise NoticeError with a one-line message naming the file. Anything else is a bug.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dutygraph.loaders import NoticeEmptyError, NoticeError, parse_bytes, parse_text
from dutygraph.schema import ParseResult

# Modest and, on CI, deterministic: the gate must not flake; local runs keep exploring.
PROPS = settings(max_examples=150, deadline=None, derandomize=os.environ.get("CI") == "true")
FILE = "fuzz.txt"
SAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples" / "notices").glob("*.txt"))

# Fragments of real notice structure, so the parser's branches are reached, not just its exits.
SNIPPETS = [
    "（责任单位：",
    "责任单位：区市场监管局",
    "牵头单位：区发改局；配合单位：各镇街",
    "附件1",
    "附件",
    "\t合计",
    "合计\t",
    "全区",
    "序号\t镇街\t2024年\t2025年\t2026年",
    "1\t税郭镇\t5\t6\t7",
    "一、",
    "（一）",
    "（三）",
    "1.",
    "1、",
    "第一条",
    "三、保障措施",
    "枣市监中心字〔2019〕1号",
    "〔2024〕",
    "2024年2月29日",
    "2019年11月15日前",
    "每年1月15日前",
    "每季度",
    "到2026年底，发明专利拥有量达到600件",
    "1.1万件",
    "3亿元",
    "90%",
    "一千一百余人次",
    "1-2个",
    "13,000",
    "组  长：王光明  区政府副区长",
    "副组长：",
    "成  员：",
    "领导小组办公室设在区市场监管局",
    "联系人：魏成建  联系电话：3153360",
    "关于印发《",
    "》的通知",
    "各镇人民政府，各街道办事处，区政府有关部门：",
    "關於印發實施方案的通知",
    "（此件公开发布）",
    "\u3000\u3000",
    "\xa0",
    "\r\n",
    "\n\n\n",
    "\t\t",
]

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
FULLWIDTH = st.sampled_from("，。、：；！？（）《》〔〕【】“”‘’—…　％．０１２３ＡＢ")
SPACE = st.sampled_from([" ", "\t", "\n", "\r", "\u3000", "\xa0", "\u2002"])
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
CHARS = st.one_of(CJK, FULLWIDTH, SPACE, ASCII, st.characters(codec="utf-8"))
FRAGMENT = st.one_of(st.text(CHARS, max_size=30), st.sampled_from(SNIPPETS))
LINE = st.lists(FRAGMENT, max_size=8).map("".join)
NOTICE_TEXT = st.lists(LINE, max_size=40).map("\n".join)
ASCII_BLANK = st.text(st.sampled_from(" \t\n\r\x0b\x0c"), max_size=50)
UNICODE_BLANK = st.text(st.sampled_from(" \t\n\r\u3000\xa0\u2002"), max_size=50)


def lines_in(value: Any) -> list[int]:
    """Every `line` number anywhere in a dumped ParseResult (sources and warnings)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "line" and isinstance(v, int)]
        return found + [n for v in value.values() for n in lines_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in lines_in(v)]
    return []


def check_result(result: ParseResult, max_line: int | None = None) -> None:
    assert isinstance(result, ParseResult)
    dumped = result.model_dump(mode="json")
    text = json.dumps(dumped, ensure_ascii=False, allow_nan=False)  # strict JSON: no NaN/inf
    assert ParseResult.model_validate_json(text) == result
    for line in lines_in(dumped):
        assert line >= 1, f"line numbers are 1-based, got {line}"
        if max_line is not None:
            assert line <= max_line, f"line {line} is past the end ({max_line} lines)"


def check_error(exc: NoticeError) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, f"not one line: {message!r}"
    assert exc.file == FILE
    assert message.startswith(FILE)
    assert exc.message


def max_line_of(text: str) -> int:
    return max(text.count("\n") + 1, len(text.splitlines()))


def parse_text_checked(text: str) -> None:
    try:
        result = parse_text(text, FILE)
    except NoticeError as exc:
        check_error(exc)
    else:
        check_result(result, max_line_of(text))


def parse_bytes_checked(data: bytes) -> None:
    try:
        result = parse_bytes(data, FILE)
    except NoticeError as exc:
        check_error(exc)
    else:
        check_result(result)


@PROPS
@given(NOTICE_TEXT)
@example("（责任单位：")
@example("附件1\n\t合计\t\t\n")
@example("关於印發\n\n\t合计\t1\t2")
def test_parse_text_notice_like(text: str) -> None:
    parse_text_checked(text)


@PROPS
@given(st.text(max_size=500))
def test_parse_text_any_text(text: str) -> None:
    parse_text_checked(text)


@PROPS
@given(NOTICE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_parse_bytes_encoded_text(text: str, encoding: str) -> None:
    parse_bytes_checked(text.encode(encoding))


@PROPS
@given(st.binary(max_size=4096))
@example(b"\x00")
@example(b"\xff\xfe\xfd")
@example(b"\xef\xbb\xbf")
def test_parse_bytes_any_bytes(data: bytes) -> None:
    parse_bytes_checked(data)


@PROPS
@given(
    st.sampled_from(SAMPLES),
    st.integers(min_value=0, max_value=30_000),
    st.integers(min_value=0, max_value=6_000),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
)
def test_parse_bytes_damaged_notice(
    path: Path, start: int, length: int, edits: list[tuple[int, int]]
) -> None:
    """A window of a real notice (cut mid-character, mid-table) with a few bytes overwritten."""
    data = bytearray(path.read_bytes()[start : start + length])
    for pos, byte in edits:
        if data:
            data[pos % len(data)] = byte
    parse_bytes_checked(bytes(data))


@PROPS
@given(ASCII_BLANK)
def test_blank_bytes_are_empty(data: str) -> None:
    with pytest.raises(NoticeEmptyError) as info:
        parse_bytes(data.encode("ascii"), FILE)
    check_error(info.value)


@PROPS
@given(UNICODE_BLANK)
@example("")
@example("\u3000\n\u3000")
def test_blank_text_is_empty(text: str) -> None:
    with pytest.raises(NoticeEmptyError) as info:
        parse_text(text, FILE)
    check_error(info.value)
    with pytest.raises(NoticeEmptyError):
        parse_bytes(text.encode("utf-8"), FILE)
