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
from dutygraph.graph.gaps.facts import Recurring
from dutygraph.graph.gaps.finding import EntityRef, Finding, Severity
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
    started_at: dict[str, bool] = {}  # a province has ~10^5 targets over a few period strings
    lights = ctx.lights
    out: list[Finding] = []
    attrs = ctx.index.attrs  # read directly: ~10^5 targets on a province
    for node in targets:
        p = attrs[node].get("props", {})
        if p.get("stated"):
            continue
        period = str(p["period"])
        if (ok := started_at.get(period)) is None:
            ok = started_at[period] = started(period, ctx.as_of)
        if ok:
            _finding(ctx, node, p, lights.target(node), out)
    for node in indicators:
        if not not_a_target(ctx, node):
            _finding(ctx, node, ctx.props(node), lights.indicator(node), out)
    return out


def _finding(ctx: GapContext, node: str, p: dict[str, Any], s: Status, out: list[Finding]) -> None:
    """Add the progress finding of `node` (props `p`) to `out` when its light is red or yellow."""
    unit = p.get("unit")
    found = progress_finding(
        s,
        ctx.ref(node),
        ctx.ref(str(unit)) if unit and ctx.has(unit) else None,
        p.get("notice"),
        ctx.as_of,
    )
    if found is not None:
        out.append(found)


def progress_finding(
    s: Status, node: EntityRef, unit: EntityRef | None, notice: Any, as_of: dt.date
) -> Finding | None:
    """The progress finding of a target or indicator whose light is `s` (None unless red or
    yellow); both stores' progress findings."""
    if s.colour not in _SEVERITY:
        return None
    stale = is_stale(s, as_of)
    return Finding(
        kind="progress",
        severity="info" if stale else _SEVERITY[s.colour],
        entities=[node] if unit is None else [node, unit],
        numbers={"目标": s.target, "实际": s.actual, "按时间进度应完成": s.expected},
        explanation_zh=s.explanation_zh
        + ("（期限已过一年以上且从未报送，可能是已结束的旧计划）" if stale else ""),
        notice=str(notice) if notice else None,
        status=s.colour,
    )


def started(period: str, as_of: dt.date) -> bool:
    """False when the period starts after the as-of date (its light is then grey)."""
    span = parse_period(period)
    return span is None or span.start <= as_of


def _plan_end(ctx: GapContext, notice: str) -> dt.date | None:
    """The last one-off due date of a notice (its 总结 stage), else the last indicator year."""
    by_notice = ctx.index.by_notice
    dues = [ctx.props(d).get("due") for d in by_notice.get(("Deadline", notice), [])]
    years = [ctx.props(i).get("year") for i in by_notice.get(("Indicator", notice), [])]
    return plan_end(dues, years)


def plan_end(dues: list[Any], years: list[Any]) -> dt.date | None:
    """The latest of these due dates (ISO) and the 31 Decembers of these years (empty ones skipped)."""
    ends = [dt.date.fromisoformat(str(d)) for d in dues if d]
    ends += [dt.date(int(y), 12, 31) for y in years if y]
    return max(ends) if ends else None


def start_of(start: Any, what: str, notice_date: Any) -> dt.date | None:
    """An obligation's start: its own, else 自2024年1月 in its text, else its notice's date."""
    if start:
        return dt.date.fromisoformat(str(start))
    if m := _SINCE.search(what):
        return dt.date(int(m[1]), int(m[2]), 1)
    return dt.date.fromisoformat(str(notice_date)) if notice_date else None


def _start(ctx: GapContext, deadline: str, notice: str) -> dt.date | None:
    p = ctx.props(deadline)
    node = ctx.notice_nodes.get(notice)
    date = ctx.props(node).get("date") if node else None
    return start_of(p.get("start"), str(p.get("what") or ""), date)


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


def obliged(
    named: list[str] | None, task_owners: list[tuple[str, bool, bool, list[str]]]
) -> list[str]:
    """The deadline's own unit(s) `named` when known, else every concrete unit owning the
    notice's tasks: (owner, collective, region, members) rows, a collective counting as its members."""
    if named:  # a collective with no known members (各区（市）) means everyone below
        return named
    units: set[str] = set()
    for u, collective, region, members in task_owners:
        if collective:
            units |= set(members)
        elif not region:
            units.add(u)
    return sorted(units)


def _obliged(ctx: GapContext, deadline: str, notice: str) -> list[str]:
    """The deadline's own unit (or its members), else every unit owning the notice's tasks."""
    owner = ctx.props(deadline).get("owner_id")
    named = None
    if owner and owner in ctx.g:
        named = ctx.members(owner) if ctx.is_collective(owner) else [owner]
    if named:
        return named
    rows = [
        (u, ctx.is_collective(u), ctx.is_region(u), ctx.members(u) if ctx.is_collective(u) else [])
        for t in ctx.index.by_notice.get(("Task", notice), [])
        for u in ctx.owners(t)
    ]
    return obliged(None, rows)


def recurring(ctx: GapContext) -> list[Recurring]:
    """The wanted notices' recurring obligations, with the reports their units sent."""
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
        units = _obliged(ctx, d, notice)
        out.append(
            Recurring(
                deadline=ctx.ref(d),
                notice=notice,
                what=str(p.get("what") or ""),
                dates=[str(x) for x in p["dates"]],
                start=start,
                plan_end=_plan_end(ctx, notice),
                obliged=[ctx.ref(u) for u in units],
                received={u: received[u] for u in units if u in received},
            )
        )
    return out


def reports(ctx: GapContext) -> list[Finding]:
    """Per unit and recurring obligation: reports due by the as-of date and not received."""
    return reports_findings(recurring(ctx), ctx.as_of, ctx.units)


def reports_findings(
    obligations: list[Recurring], as_of: dt.date, units: set[str] | None = None
) -> list[Finding]:
    """Per obliged unit (of `units`, when given): the due dates it has not reported by."""
    out = []
    for o in obligations:
        end = min(as_of, o.plan_end or as_of)
        dues = due_dates(o.dates, o.start, end)
        if not dues:
            continue
        for unit in o.obliged:
            if units is not None and unit.id not in units:
                continue
            got = sorted(o.received.get(unit.id, []))
            missed = [
                due
                for prev, due in zip([o.start, *dues[:-1]], dues, strict=True)
                if not any(prev < r <= due for r in got)
            ]
            if not missed:
                continue
            out.append(
                Finding(
                    kind="reports",
                    severity="error" if missed[-1] == dues[-1] else "warning",
                    entities=[unit, o.deadline],
                    numbers={
                        "应报次数": float(len(dues)),
                        "已报次数": float(len(dues) - len(missed)),
                        "缺报次数": float(len(missed)),
                    },
                    explanation_zh=(
                        f"{unit.label}：“{o.what[:40]}”自{o.start.isoformat()}起应报{len(dues)}次，"
                        f"缺{len(missed)}次，最近一次应于{missed[-1].isoformat()}前报送。"
                    ),
                    notice=o.notice,
                )
            )
    return out
