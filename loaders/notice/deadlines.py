"""Deadlines: 2019年11月15日前, 每年1月15日前, 每半年…（1月和7月7日前）, 2026年年底前, phases."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dutygraph.loaders.notice.normalize import clip
from dutygraph.schema.deadline import Recurrence

# A weekday in brackets may sit between the date and 前: 4月20日（星期五）前.
_WEEKDAY = r"(?:\s?（(?:星期|周)[一二三四五六日天]）)?"
_BEFORE = r"\s?(?:前|以前|之前)"
_FULL = re.compile(
    r"((?:19|20)\d{2})\s?年度?\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日" + _WEEKDAY + _BEFORE
)
# Several dates sharing one 前: 2010年6月5日和12月5日前.
_FULL_LIST = re.compile(
    r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日((?:[和、及]\d{1,2}月\d{1,2}日){1,6})" + _BEFORE
)
# The end of a month: 2022年10月底前, 6月底前 (the notice's year).
_MONTH_END = re.compile(r"((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(?:底|末)" + _BEFORE)
_BARE_MONTH_END = re.compile(r"(?<![年\d])(\d{1,2})\s?月\s?(?:底|末)" + _BEFORE)
# 每个季度第1个月的20日前: the day of one month of every quarter.
_QUARTER_DAY = re.compile(r"每个?季度的?第([1-3一二三])个月的?(\d{1,2})日" + _BEFORE)
_QUARTER_END = re.compile(r"每个?季度末")
# Where a recurrence starts: 自2025年第二季度起, 自2024年7月起.
_FROM_QUARTER = re.compile(r"自((?:19|20)\d{2})年第([1-4一二三四])季度起")
_FROM_MONTH = re.compile(r"自((?:19|20)\d{2})年(\d{1,2})月起")
_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:年底|底|末)\s*(?:前|以前|之前)")
_YEARLY = re.compile(r"每年(?:度)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*(?:前|以前|之前|底前)")
_YEARLY_END = re.compile(r"每年(?:年底|年末|底)")
_HALF = re.compile(r"每半年")
_QUARTERLY = re.compile(r"每(?:个)?季度(?:末|结束前|最后一个月)?\s*(?:前|以前|之前)")
_MONTHLY = re.compile(r"每月\s*(\d{1,2})\s*日\s*(?:前|以前|之前)")
# At most 12 months, bounded spaces: an unbounded `(…月)+` rescanned 109 KB of `1月、` from each
# of its positions (12 s).
_MONTH_DAYS = re.compile(
    r"(?<!\d)(\d{1,2})\s{0,3}月(?:\s{0,3}(?:和|、|及)\s{0,3}(\d{1,2})\s{0,3}月){1,11}"
    r"\s{0,3}(\d{1,2})\s{0,3}日\s{0,3}前"
)
_BARE = re.compile(r"(?<![年\d])(\d{1,2})\s?月\s?(\d{1,2})\s?日" + _WEEKDAY + _BEFORE)
# A phase with its months: （2019年9月至2022年底）, （2024年1月—2024年3月）, （2023年1月至5月）
_PHASE = re.compile(
    r"（\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})?\s*月?\s*(?:[至到—\-~]\s*(?:((?:19|20)\d{2})\s*年)?\s*(?:(\d{1,2})\s*月|(底|年底)))?\s*）"
)


@dataclass(frozen=True)
class FoundDeadline:
    """A deadline read from a sentence, before ids and sources are attached."""

    due: dt.date | None
    start: dt.date | None
    recurrence: Recurrence | None
    dates: list[str]
    quote: str


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])|(?=[①②③④⑤⑥⑦⑧⑨⑩])", text) if s.strip()]


class _Taken:
    """Which characters of a sentence a deadline already covers; O(1) per question, so a
    sentence of thousands of dates stays linear."""

    def __init__(self, size: int) -> None:
        self._covered = bytearray(size)

    def add(self, m: re.Match[str]) -> None:
        self._covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    def overlaps(self, m: re.Match[str]) -> bool:
        return bool(self._covered[m.start()])


_CN_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4}


def _ordinal(token: str) -> int:
    return _CN_ORDINAL.get(token) or int(token)


def first_due(dates: list[str], after: dt.date) -> dt.date | None:
    """The first of a recurrence's dates ('01-15', '*-20') that falls after `after`."""
    candidates: list[dt.date] = []
    for year in (after.year, after.year + 1):
        for d in dates:
            month, day = d.split("-")
            months = range(1, 13) if month == "*" else [int(month)]
            for mo in months:
                due = _safe_date(year, mo, min(int(day), calendar.monthrange(year, mo)[1]))
                if due and due > after:
                    candidates.append(due)
    return min(candidates) if candidates else None


def _recurrence_start(sentence: str) -> dt.date | None:
    """The day before a stated start (自2025年第二季度起 -> 2025-03-31), so it may fall due."""
    m = _FROM_QUARTER.search(sentence)
    if m:
        start = dt.date(int(m.group(1)), 3 * _ordinal(m.group(2)) - 2, 1)
        return start - dt.timedelta(days=1)
    m = _FROM_MONTH.search(sentence)
    if m and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 1) - dt.timedelta(days=1)
    return None


def _with_first_dates(found: list[FoundDeadline], after: dt.date | None) -> list[FoundDeadline]:
    """Give each recurring deadline its first occurrence after the notice date or stated start."""
    out = []
    for f in found:
        stated = _recurrence_start(f.quote)
        start = max(stated, after) if stated and after else stated or after
        if f.recurrence and f.due is None and f.dates and start is not None:
            f = FoundDeadline(first_due(f.dates, start), f.start, f.recurrence, f.dates, f.quote)
        out.append(f)
    return out


def find_deadlines(
    text: str, context_year: int | None, after: dt.date | None = None
) -> list[FoundDeadline]:
    """Deadlines in text; a bare 7月31日前 takes the notice's year.

    A recurring one (每年1月15日前, 每季度末) is due first on its first date after `after` (the
    notice's date) or after the start the sentence states (自2025年第二季度起).
    """
    return _with_first_dates(_find_deadlines(text, context_year), after)


def _find_deadlines(text: str, context_year: int | None) -> list[FoundDeadline]:
    out: list[FoundDeadline] = []
    for sentence in _sentences(text):
        taken = _Taken(len(sentence))
        # Once per sentence: one shared (clipped) quote, and the sentence-wide words asked once,
        # not once per date.
        quote = clip(sentence.strip())
        half = _HALF.search(sentence) is not None
        yearly_at = sentence.find("每年")
        every_at = sentence.find("每")
        for m in _FULL_LIST.finditer(sentence):
            year = int(m.group(1))
            pairs = [(int(m.group(2)), int(m.group(3)))]
            pairs += [
                (int(a), int(b)) for a, b in re.findall(r"(\d{1,2})月(\d{1,2})日", m.group(4))
            ]
            for month, day in pairs:
                due = _safe_date(year, month, day)
                if due:
                    out.append(FoundDeadline(due, None, None, [], quote))
            taken.add(m)
        for m in _MONTH_END.finditer(sentence):
            year, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12:
                out.append(FoundDeadline(_end_of_month(year, month), None, None, [], quote))
                taken.add(m)
        for m in _BARE_MONTH_END.finditer(sentence):
            month = int(m.group(1))
            if taken.overlaps(m) or not 1 <= month <= 12 or 0 <= every_at < m.start():
                continue
            if context_year:
                due = _end_of_month(context_year, month)
                out.append(FoundDeadline(due, None, None, [], quote))
                taken.add(m)

        for m in _MONTH_DAYS.finditer(sentence):
            if half or yearly_at >= 0:
                months = [int(x) for x in re.findall(r"(\d{1,2})\s*月", m.group(0))]
                day = int(m.group(3))
                dates = [f"{mo:02d}-{day:02d}" for mo in months]
                rec: Recurrence = "half-yearly" if half else "yearly"
                out.append(FoundDeadline(None, None, rec, dates, quote))
                taken.add(m)
        for m in _FULL.finditer(sentence):
            if taken.overlaps(m):
                continue
            due = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if due:
                out.append(FoundDeadline(due, None, None, [], quote))
                taken.add(m)
        for m in _YEAR_END.finditer(sentence):
            out.append(FoundDeadline(dt.date(int(m.group(1)), 12, 31), None, None, [], quote))
            taken.add(m)
        for m in _YEARLY.finditer(sentence):
            if taken.overlaps(m):
                continue
            month = int(m.group(1))
            if not 1 <= month <= 12:
                continue
            day = int(m.group(2)) if m.group(2) else calendar.monthrange(2001, month)[1]
            out.append(FoundDeadline(None, None, "yearly", [f"{month:02d}-{day:02d}"], quote))
            taken.add(m)
        quarter_day = _QUARTER_DAY.search(sentence)
        if quarter_day:
            month, day = _ordinal(quarter_day.group(1)), int(quarter_day.group(2))
            days = [f"{q * 3 + month:02d}-{day:02d}" for q in range(4)]
            out.append(FoundDeadline(None, None, "quarterly", days, quote))
            taken.add(quarter_day)
        elif _QUARTERLY.search(sentence) or _QUARTER_END.search(sentence):
            quarters = ["03-31", "06-30", "09-30", "12-31"]
            out.append(FoundDeadline(None, None, "quarterly", quarters, quote))
        for m in _MONTHLY.finditer(sentence):
            monthly = [f"*-{int(m.group(1)):02d}"]
            out.append(FoundDeadline(None, None, "monthly", monthly, quote))
            taken.add(m)
        if _YEARLY_END.search(sentence):
            out.append(FoundDeadline(None, None, "yearly", ["12-31"], quote))
        for m in _BARE.finditer(sentence):
            if taken.overlaps(m):
                continue
            month, day = int(m.group(1)), int(m.group(2))
            if 0 <= yearly_at and yearly_at + 2 <= m.start() and _safe_date(2000, month, day):
                out.append(FoundDeadline(None, None, "yearly", [f"{month:02d}-{day:02d}"], quote))
                continue
            due = _safe_date(context_year, month, day) if context_year else None
            if due:
                out.append(FoundDeadline(due, None, None, [], quote))
    return out


_CELL_DUE = re.compile(
    r"^((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:(\d{1,2})\s*日)?\s*(?:底|末|年底|年末)?\s*(?:前|以前|之前)?$"
)


def parse_due_cell(cell: str) -> FoundDeadline | None:
    """A 完成时限 cell: 2025年底 -> 2025-12-31, 2025年6月 -> 2025-06-30, 2025年6月15日前; else None."""
    m = _CELL_DUE.match(cell.strip())
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return None
        due = _safe_date(year, month, int(m.group(3))) if m.group(3) else _end_of_month(year, month)
    else:
        due = dt.date(year, 12, 31)
    return FoundDeadline(due, None, None, [], clip(cell.strip())) if due else None


def find_phase(heading: str) -> FoundDeadline | None:
    """The period of a phase heading: 制定方案（2019年9月） -> due 2019-09-30."""
    m = _PHASE.search(heading)
    if not m:
        return None
    y1 = int(m.group(1))
    m1 = int(m.group(2)) if m.group(2) else 1
    if not 1 <= m1 <= 12:
        return None
    start = dt.date(y1, m1, 1)
    y2 = int(m.group(3)) if m.group(3) else y1
    if m.group(4):
        m2 = int(m.group(4))
        if not 1 <= m2 <= 12:
            return None
        due = _end_of_month(y2, m2)
    elif m.group(5):
        due = dt.date(y2, 12, 31)
    else:
        due = _end_of_month(y1, m1) if m.group(2) else dt.date(y1, 12, 31)
    return FoundDeadline(due, start, None, [], clip(heading.strip()))
