"""Reporting periods as people write them, and the dates they span.

'2024年' -> 2024, '2024年上半年' -> 2024H1, '2024年第三季度' -> 2024Q3, '2024年3月' -> 2024M03,
'2024—2026年' -> 2024-2026 (the form allocation tables use, see graph.queries.norm_period).
"""

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RANGE = re.compile(r"^((?:19|20)\d{2})年?\s*[-—–~至到]\s*((?:19|20)\d{2})年?(度)?$")
_YEAR = re.compile(r"^((?:19|20)\d{2})(?:年度?)?(全年)?$")
_HALF = re.compile(r"^((?:19|20)\d{2})(?:年度?)?\s*(上半年|下半年|H[12])$", re.I)
_QUARTER = re.compile(r"^((?:19|20)\d{2})(?:年度?)?\s*(?:第?([一二三四1-4])季度|Q([1-4]))$", re.I)
_MONTH = re.compile(r"^((?:19|20)\d{2})(?:年|[-./]|M)(\d{1,2})月?(?:份)?$", re.I)
_MONTH_ISO = re.compile(r"^((?:19|20)\d{2})M(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A canonical period name and its first and last day."""

    name: str
    start: dt.date
    end: dt.date

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed(self, as_of: dt.date) -> float:
        """Share of the period gone by at the end of `as_of`: 0 before it, 1 after it."""
        if as_of < self.start:
            return 0.0
        if as_of >= self.end:
            return 1.0
        return ((as_of - self.start).days + 1) / self.days


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# A province holds ~10^5 targets and reports over a few dozen distinct period strings.
@functools.lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """The period `text` names, or None when it names none (see the module examples)."""
    t = re.sub(r"\s+", "", str(text)).replace("（", "(").replace("）", ")")
    if m := _RANGE.match(t):
        a, b = int(m[1]), int(m[2])
        if a > b:
            return None
        if a == b:
            return Period(str(a), dt.date(a, 1, 1), dt.date(a, 12, 31))
        return Period(f"{a}-{b}", dt.date(a, 1, 1), dt.date(b, 12, 31))
    if m := _YEAR.match(t):
        y = int(m[1])
        return Period(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31))
    if m := _HALF.match(t):
        y, first = int(m[1]), m[2].upper() in ("上半年", "H1")
        return Period(
            f"{y}H{1 if first else 2}",
            dt.date(y, 1 if first else 7, 1),
            dt.date(y, 6, 30) if first else dt.date(y, 12, 31),
        )
    if m := _QUARTER.match(t):
        y, q = int(m[1]), _CN_QUARTER[m[2] or m[3]]
        return Period(f"{y}Q{q}", dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    if (m := _MONTH.match(t)) or (m := _MONTH_ISO.match(t)):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        return Period(f"{y}M{mo:02d}", dt.date(y, mo, 1), _month_end(y, mo))
    return None
