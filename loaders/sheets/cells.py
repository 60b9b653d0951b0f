"""Typed values of spreadsheet cells, strict enough to catch typos: numbers, dates, years."""

import datetime as dt
import re

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# A measure word after a number in a number column is harmless (12件, 3项); anything else is not.
_MEASURE = re.compile(r"(个|件|家|项|次|名|人次|人|户|元|万元|亿元|%|％)$")
_MULT = {"万元": 10_000.0, "亿元": 100_000_000.0}
_DATE = re.compile(r"^((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?$")
_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?$")


def number(text: str) -> float | None:
    """'12', '1,200', '3.5', '12件', '1.2万元' -> a float; '十二件', 'abc', '' -> None."""
    t = text.strip().replace("，", ",")
    factor = 1.0
    if m := _MEASURE.search(t):
        factor = _MULT.get(m.group(1), 1.0)
        t = t[: m.start()].strip()
    if not _NUMBER.match(t):
        return None
    return float(t.replace(",", "")) * factor


def too_large(column: str, raw: str) -> str:
    """The row problem for a number past MAX_VALUE, its text cut to 20 characters."""
    shown = raw if len(raw) <= 20 else raw[:20] + f"…（{len(raw)}位）"
    return f"{column}“{shown}”数值过大 (over 10^15: not a count or amount)"


def date(text: str) -> dt.date | None:
    """'2024-07-05', '2024/7/5', '2024.7.5', '2024年7月5日' -> a date; else None."""
    t = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}T", t):
        t = t[:10]
    m = _DATE.match(t)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def year(text: str) -> int | None:
    """'2015', '2015年', '2015-03-01' -> 2015; else None."""
    t = text.strip()
    if m := _YEAR.match(t):
        return int(m[1])
    d = date(t)
    return d.year if d else None


def flag(text: str) -> bool | None:
    """附件3's 1有/2无 and 是/否, 有/无: True, False, or None when blank or unclear."""
    t = text.strip()
    if t in ("1", "有", "是", "Y", "y", "yes", "√"):
        return True
    if t in ("2", "0", "无", "否", "N", "n", "no", "×"):
        return False
    return None
