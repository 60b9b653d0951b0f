"""Outline (natural) order of paths and names: 三.(二) before 三.(三), row2 before row10.

One key for every listing (CLI tables, maps, pages, gaps), so that rows come in the order of
the notice, whatever the writing of the numbers (二, 2, ②, （二）).
"""

import re
from functools import lru_cache

_TOKEN = re.compile(r"[0-9]+|[零〇一二三四五六七八九十百千两]+|[①-⑳]")
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_DIGITS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
# 一 … 九十九, as outlines number their items: read here, without importing cn2an (~0.2 s).
_SMALL = re.compile(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)")


def _small(token: str) -> int | None:
    m = _SMALL.fullmatch(token)
    if not m or not token or (m.group(1) and m.group(3) and not m.group(2)):
        return None
    tens, ten, ones = m.groups()
    if not ten:
        return _DIGITS[tens or ones]
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)


@lru_cache(maxsize=4096)  # cn2an is slow, and outline numbers repeat
def _number(token: str) -> int | None:
    if token in _CIRCLED:  # before isdigit(), which is also true of ②
        return _CIRCLED[token]
    if token.isdigit():
        return int(token)
    if (small := _small(token)) is not None:
        return small
    import cn2an  # larger numerals only: its import is slow

    try:
        return int(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError):
        return None


def natural_key(text: str | None) -> tuple[tuple[int, int | str], ...]:
    """A sort key reading the numbers of `text` as numbers, Chinese numerals included.

    natural_key("三.(二).10") < natural_key("三.(三).2"); natural_key("附件1.row2") <
    natural_key("附件1.row10"); text without numbers sorts as text. None sorts first.
    """
    if not text:
        return ()
    out: list[tuple[int, int | str]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append((1, text[pos : m.start()]))
        n = _number(m.group())
        # A number sorts before any text at the same place: "三" before "三.(一)".
        out.append((0, n) if n is not None else (1, m.group()))
        pos = m.end()
    if pos < len(text):
        out.append((1, text[pos:]))
    return tuple(out)
