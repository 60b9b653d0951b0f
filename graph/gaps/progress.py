"""Progress and reporting: targets behind schedule, and recurring reports not received.

Recurring obligations come from the notices' parsed deadlines (每半年报送…1月和7月7日前,
每年1月15日前): each due date between the obligation's start and the end of the plan (or the
as-of date) needs a report from each obliged unit, received after the previous due date and
by this one.
"""

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.finding import Finding, Severity
from dutygraph.graph.gaps.relevance import is_stale, not_a_target
from dutygraph.graph.progress.traffic import Status
from dutygraph.loaders.sheets import parse_period

_SINCE = re.compile(r"自((?:19|20)\d{2})年(\d{1,2})月")
_SEVERITY: dict[str, Severity] = {"red": "error", "yellow": "warning"}


def progress(ctx: GapContext) -> list[Finding]:
    """Each township target and headline indicator whose light is red or yellow."""
    if ctx.units is not None:  # a finding names the node and its unit: the unit's own items
        targets, indicators = ctx.of_units("Target"), ctx.of_units("Indicator")
    else:
        targets, indicators = ctx.in_notices("Target"), ctx.in_notices("Indicator")
    started: dict[str, bool] = {}  # a province has ~10^5 targets over a few period strings
    lights = ctx.lights
    out: list[Finding] = []
    attrs = ctx.index.attrs  # read directly: ~10^5 targets on a province
    for node in targets:
        p = attrs[node].get("props", {})
        if p.get("stated"):
            continue
        period = str(p["period"])
        if (ok := started.get(period)) is None:
            ok = started[period] = _started(period, ctx.as_of)
        if ok:
            _finding(ctx, node, p, lights.target(node), out)
    for node in indicators:
        if not not_a_target(ctx, node):
            _finding(ctx, node, ctx.props(node), lights.indicator(node), out)
    return out


def _finding(ctx: GapContext, node: str, p: dict[str, Any], s: Status, out: list[Finding]) -> None:
    """Add the progress finding of `node` (props `p`) to `out` when its light is red or yellow."""
    if s.colour not in _SEVERITY:
        return
    stale = is_stale(s, ctx.as_of)
    entities = [ctx.ref(node)]
    unit = p.get("unit")
    if unit and ctx.has(unit):
        entities.append(ctx.ref(str(unit)))
    notice = p.get("notice")
    out.append(
        Finding(
            kind="progress",
            severity="info" if stale else _SEVERITY[s.colour],
            entities=entities,
            numbers={"目标": s.target, "实际": s.actual, "按时间进度应完成": s.expected},
            explanation_zh=s.explanation_zh
            + ("（期限已过一年以上且从未报送，可能是已结束的旧计划）" if stale else ""),
            notice=str(notice) if notice else None,
            status=s.colour,
        )
    )


def _started(period: str, as_of: dt.date) -> bool:
    """False when the period starts after the as-of date (its light is then grey)."""
    span = parse_period(period)
    return span is None or span.start <= as_of


def _plan_end(ctx: GapContext, notice: str) -> dt.date | None:
    """The last one-off due date of a notice (its 总结 stage), else the last indicator year."""
    by_notice = ctx.index.by_notice
    dues = [
        dt.date.fromisoformat(str(ctx.props(d)["due"]))
        for d in by_notice.get(("Deadline", notice), [])
        if ctx.props(d).get("due")
    ]
    years = [
        int(ctx.props(i)["year"])
        for i in by_notice.get(("Indicator", notice), [])
        if ctx.props(i).get("year")
    ]
    ends = dues + [dt.date(y, 12, 31) for y in years]
    return max(ends) if ends else None


def _start(ctx: GapContext, deadline: str, notice: str) -> dt.date | None:
    p = ctx.props(deadline)
    if p.get("start"):
        return dt.date.fromisoformat(str(p["start"]))
    if m := _SINCE.search(str(p.get("what") or "")):
        return dt.date(int(m[1]), int(m[2]), 1)
    node = ctx.notice_nodes.get(notice)
    date = ctx.props(node).get("date") if node else None
    return dt.date.fromisoformat(str(date)) if date else None


def due_dates(dates: list[str], start: dt.date, end: dt.date) -> list[dt.date]:
    """Every MM-DD of `dates` in each year, after `start` and up to `end`."""
    out = []
    for year in range(start.year, end.year + 1):
        for md in dates:
            month, day = (int(x) for x in md.split("-"))
            d = dt.date(year, month, day)
            if start < d <= end:
                out.append(d)
    return sorted(out)


def _obliged(ctx: GapContext, deadline: str, notice: str) -> list[str]:
    """The deadline's own unit (or its members), else every unit owning the notice's tasks."""
    owner = ctx.props(deadline).get("owner_id")
    if owner and owner in ctx.g:
        named = ctx.members(owner) if ctx.is_collective(owner) else [owner]
        if named:  # a collective with no known members (各区（市）) means everyone below
            return named
    units: set[str] = set()
    for t in ctx.index.by_notice.get(("Task", notice), []):
        for u in ctx.owners(t):
            if ctx.is_collective(u):
                units |= set(ctx.members(u))
            elif not ctx.is_region(u):
                units.add(u)
    return sorted(units)


def reports(ctx: GapContext) -> list[Finding]:
    """Per unit and recurring obligation: reports due by the as-of date and not received."""
    received: dict[str, list[dt.date]] = defaultdict(list)
    for r in ctx.by_kind["Report"]:
        p = ctx.props(r)
        if p.get("reported"):
            received[str(p["unit"])].append(dt.date.fromisoformat(str(p["reported"])))
    out = []
    for d in ctx.in_notices("Deadline"):
        p = ctx.props(d)
        notice = str(p.get("notice"))
        if not p.get("recurrence") or not p.get("dates"):
            continue
        start = _start(ctx, d, notice)
        if start is None:
            continue
        end = min(ctx.as_of, _plan_end(ctx, notice) or ctx.as_of)
        dues = due_dates([str(x) for x in p["dates"]], start, end)
        if not dues:
            continue
        what = str(p.get("what") or "")
        for unit in _obliged(ctx, d, notice):
            if ctx.units is not None and unit not in ctx.units:
                continue
            got = sorted(received.get(unit, []))
            missed = [
                due
                for prev, due in zip([start, *dues[:-1]], dues, strict=True)
                if not any(prev < r <= due for r in got)
            ]
            if not missed:
                continue
            out.append(
                Finding(
                    kind="reports",
                    severity="error" if missed[-1] == dues[-1] else "warning",
                    entities=[ctx.ref(unit), ctx.ref(d)],
                    numbers={
                        "应报次数": float(len(dues)),
                        "已报次数": float(len(dues) - len(missed)),
                        "缺报次数": float(len(missed)),
                    },
                    explanation_zh=(
                        f"{ctx.label(unit)}：“{what[:40]}”自{start.isoformat()}起应报{len(dues)}次，"
                        f"缺{len(missed)}次，最近一次应于{missed[-1].isoformat()}前报送。"
                    ),
                    notice=notice,
                )
            )
    return out
