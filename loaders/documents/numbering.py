"""Word's automatic list numbering (numbering.xml) rendered as the text a reader sees: 一、（一）1.

Word keeps 一、 of an outline out of the paragraph text: the paragraph points to a list (numId)
and a level (ilvl); the level says the format (chineseCounting, decimal, …), the pattern
(%1、, （%2）) and the start; counters restart when a higher level advances (ECMA-376 §17.9).
"""

from dataclasses import dataclass, field
from typing import Any

import cn2an

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_DIGITS = "〇一二三四五六七八九"


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word number format: (3, 'chineseCounting') -> '三'."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return str(cn2an.an2cn(n, "low"))
    if fmt == "chineseLegalSimplified":
        return str(cn2an.an2cn(n, "up"))
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _IDEOGRAPH_TRADITIONAL[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class Level:
    """One level of a list definition: start, number format, pattern (%1、), suffix, legal style."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False
    restart: int | None = None


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


def _val(el: Any, tag: str) -> str | None:
    child = el.find(W + tag)
    return None if child is None else child.get(W + "val")


def _level(el: Any) -> Level:
    lvl = Level()
    start = _val(el, "start")
    lvl.start = int(start) if start and start.lstrip("-").isdigit() else 1
    lvl.fmt = _val(el, "numFmt") or "decimal"
    text = _val(el, "lvlText")
    lvl.text = text if text is not None else ""
    lvl.suffix = _val(el, "suff") or "tab"
    legal = el.find(W + "isLgl")
    lvl.legal = legal is not None and legal.get(W + "val") not in ("0", "false")
    restart = _val(el, "lvlRestart")
    lvl.restart = int(restart) if restart and restart.isdigit() else None
    return lvl


class Numbering:
    """Counters of every list in a document; `label(numId, ilvl)` advances and renders one item."""

    def __init__(self, numbering: Any | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        if numbering is None:
            return
        for a in numbering.findall(W + "abstractNum"):
            levels = {int(lv.get(W + "ilvl", "0")): _level(lv) for lv in a.findall(W + "lvl")}
            self._abstract[a.get(W + "abstractNumId", "")] = levels
        for n in numbering.findall(W + "num"):
            num = _Num(abstract=_val(n, "abstractNumId") or "")
            for o in n.findall(W + "lvlOverride"):
                ilvl = int(o.get(W + "ilvl", "0"))
                start = _val(o, "startOverride")
                if start and start.isdigit():
                    num.overrides[ilvl] = int(start)
                lv = o.find(W + "lvl")
                if lv is not None:
                    num.levels[ilvl] = _level(lv)
            self._nums[n.get(W + "numId", "")] = num

    def _levels(self, num: _Num) -> dict[int, Level]:
        return {**self._abstract.get(num.abstract, {}), **num.levels}

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """The rendered number of the next item of list `num_id` at level `ilvl`, and its suffix."""
        num = self._nums.get(num_id)
        if num is None or num_id == "0":
            return None
        levels = self._levels(num)
        if ilvl not in levels:
            return None
        # Lists sharing a definition continue one count, unless a list restarts it (startOverride).
        key = f"n{num_id}" if num.overrides else f"a{num.abstract}"
        counters = self._counters.get(key)
        if counters is None:
            counters = [None] * 9
            self._counters[key] = counters
            for k, start in num.overrides.items():
                if 0 <= k < 9:
                    counters[k] = start - 1
        level = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            lv = levels.get(deeper)
            if lv is None or lv.restart != 0 and (lv.restart is None or lv.restart > ilvl):
                counters[deeper] = None
        out = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in out:
                continue
            lv = levels.get(k, Level())
            value = counters[k] if counters[k] is not None else lv.start
            fmt = "decimal" if level.legal and k != ilvl else lv.fmt
            out = out.replace(token, format_number(value or 0, fmt))
        if level.fmt == "bullet":
            return None
        return out, level.suffix
