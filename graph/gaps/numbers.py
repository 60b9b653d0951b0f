"""Do the numbers add up: headline target vs its breakdown (allocation), 合计 vs rows (totals).

The roll-ups are made with graph.queries.make_rollup and match_headline over a snapshot, as
both stores make them, so these findings say what `dutygraph rollup` shows.
"""

import math
from collections import defaultdict
from typing import Any

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import Column, ReportTotal
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.queries import Rollup, make_rollup, match_headline
from dutygraph.graph.units import is_township
from dutygraph.loaders.numbers import number_zh

# Differences below this are rounding in the printed tables, not gaps.
TOLERANCE = 1e-6


RollupRow = tuple[Rollup, list[str], str | None]


def snapshot_rollups(ctx: GapContext) -> list[RollupRow]:
    """Every allocation table column as a Rollup, with its target ids and the headline's id.

    Computed once per graph (allocation and totals both read it); a call for some notices
    only makes theirs, unless the whole list is already there.
    """
    cached: list[RollupRow] | None = ctx.cache.get("rollups")
    if cached is None:
        if ctx.notices is not None:
            return _rollups(ctx)
        cached = ctx.cache["rollups"] = _rollups(ctx)
    if ctx.notices is not None:
        return [row for row in cached if row[0].notice in ctx.notices]
    return cached


def _rollups(ctx: GapContext) -> list[RollupRow]:
    cells: dict[tuple[str, str, str | None, str], list[tuple[str, dict[str, Any]]]] = defaultdict(
        list
    )
    attrs = ctx.index.attrs  # read directly: ~10^5 targets on a province
    for t in ctx.in_notices("Target"):
        p = attrs[t].get("props", {})
        key = (str(p["notice"]), str(p["table"]), p.get("measure"), str(p["period"]))
        cells[key].append((t, p))
    labels: dict[str, str] = {}  # a unit has a cell in every table and period: look it up once
    widest: dict[tuple[str, str], str] = {}
    for notice, table, _, per in cells:
        if len(per) > len(widest.get((notice, table), "")):
            widest[(notice, table)] = per
    indicators: dict[str, list[str]] = defaultdict(list)
    for i in ctx.in_notices("Indicator"):
        indicators[str(ctx.props(i).get("notice"))].append(i)
    out = []
    for (notice, table, measure, per), pairs in sorted(cells.items(), key=lambda kv: str(kv[0])):
        tids = [t for t, _ in pairs]
        stated = []
        children = []
        for t, p in pairs:  # one pass: a province has ~10^5 cells in ~10^4 columns
            if p.get("stated"):
                stated.append(t)
                continue
            unit = str(p["unit"])
            label = labels.get(unit)
            if label is None:
                label = labels[unit] = ctx.label(unit)
            children.append((label, float(p["value"])))
        head, head_id = None, None
        if per == widest[(notice, table)]:
            for iid in indicators.get(notice, []):
                p = ctx.props(iid)
                head = match_headline(
                    table, measure, [(str(p.get("name")), p.get("measure"), p.get("value"))]
                )
                if head:
                    head_id = iid
                    break
        value = float(ctx.props(stated[0])["value"]) if stated else None
        region = ctx.label(str(ctx.props(stated[0])["unit"])) if stated else None
        r = make_rollup(table, measure, notice, per, region, children, value, head)
        out.append((r, tids, head_id))
    return out


def columns(ctx: GapContext) -> list[Column]:
    """The allocation columns of the wanted notices as facts (from the kept roll-ups); kept
    like them for the whole graph (allocation and totals both read them)."""
    if ctx.notices is None:
        kept: list[Column] | None = ctx.cache.get("columns")
        if kept is None:
            kept = ctx.cache["columns"] = _columns(ctx)
        return kept
    return _columns(ctx)


def _columns(ctx: GapContext) -> list[Column]:
    out = []
    for r, tids, head_id in snapshot_rollups(ctx):
        stated_id = next((t for t in tids if ctx.props(t).get("stated")), None)
        out.append(
            Column(
                notice=r.notice,
                table=r.table,
                measure=r.measure,
                period=r.period,
                computed=math.fsum(v for _, v in r.children),
                rows=len(r.children),
                townships=bool(r.children) and all(is_township(c) for c, _ in r.children),
                first=tids[0],
                stated=r.stated,
                stated_ref=None if stated_id is None else ctx.ref(stated_id),
                headline=r.headline if head_id is not None else None,
                head_ref=None if head_id is None else ctx.ref(head_id),
            )
        )
    return out


def _parts(c: Column) -> str:
    return "各镇街分解合计" if c.townships else "分解合计"


def allocation(ctx: GapContext) -> list[Finding]:
    """A headline target that differs from the sum of its breakdown (004: 200 vs 165)."""
    return allocation_findings(columns(ctx))


def allocation_findings(cols: list[Column]) -> list[Finding]:
    """The allocation findings of these columns, in their order."""
    out = []
    for c in cols:
        if c.headline is None or c.head_ref is None:
            continue
        name, total = c.headline
        diff = c.computed - total
        if abs(diff) <= TOLERANCE:
            continue
        gap = abs(diff)
        m = c.measure or ""
        if diff < 0:
            text = (
                f"{c.table}：{_parts(c)}{number_zh(c.computed)}{m}，低于总目标{number_zh(total)}{m}，"
                f"尚有{number_zh(gap)}{m}未分解。"
            )
        else:
            text = (
                f"{c.table}：{_parts(c)}{number_zh(c.computed)}{m}，高于总目标{number_zh(total)}{m}，"
                f"超额分解{number_zh(gap)}{m}。"
            )
        out.append(
            Finding(
                kind="allocation",
                severity="warning" if diff < 0 else "info",
                entities=[c.head_ref, EntityRef(id=c.first, kind="Table", label=c.table)],
                numbers={
                    "总目标": total,
                    "分解合计": c.computed,
                    "差额": diff,
                    "分解单位数": float(c.rows),
                },
                explanation_zh=text,
                notice=c.notice,
            )
        )
    return out


def totals(ctx: GapContext) -> list[Finding]:
    """A stated 合计 that differs from the sum of its rows: in a notice's table or a report."""
    return totals_findings(columns(ctx), report_totals(ctx))


def totals_findings(cols: list[Column], reported: list[ReportTotal]) -> list[Finding]:
    """The totals findings of these columns, then of these progress files' 合计 rows."""
    out = []
    for c in cols:
        if c.stated is not None and c.stated_ref is not None:
            where = f"《{c.table}》{c.period}"
            diff = c.computed - c.stated
            out += _totals(c.stated_ref, c.stated, c.computed, diff, where, c.measure, c.notice)
    for r in reported:
        where = f"《{r.table}》{r.period}进度报送（{r.file.rsplit('/', 1)[-1]}）"
        out += _totals(r.ref, r.stated, r.summed, r.stated - r.summed, where, r.measure, r.notice)
    return out


def _totals(
    ref: EntityRef,
    stated: float,
    summed: float,
    diff: float,
    where: str,
    measure: str | None,
    notice: str,
) -> list[Finding]:
    """The finding of a 合计 that is not the sum of its rows (none within TOLERANCE)."""
    if abs(diff) <= TOLERANCE:
        return []
    m = measure or ""
    text = (
        f"{where}：合计栏为{number_zh(stated)}{m}，各行之和为{number_zh(summed)}{m}，"
        f"相差{number_zh(abs(diff))}{m}。"
    )
    numbers = {"合计": stated, "各行之和": summed, "差额": diff}
    return [
        Finding(
            kind="totals",
            severity="warning",
            entities=[ref],
            numbers=numbers,
            explanation_zh=text,
            notice=notice,
        )
    ]


def report_totals(ctx: GapContext) -> list[ReportTotal]:
    """Each progress file's 合计 row on a target, with the sum of the same file's rows for the
    same table and period, sorted by (file, notice, table, period)."""
    rows: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    stated: dict[tuple[str, str, str, str], str] = {}
    for rep in ctx.in_notices("Report"):
        p = ctx.props(rep)
        item = str(p.get("item"))
        if item not in ctx.g or ctx.kind(item) != "Target":
            continue
        key = (str(p.get("file")), str(p["notice"]), str(p["name"]), str(p["period"]))
        if p.get("stated"):
            stated[key] = rep
        else:
            rows[key].append(float(p["value"]))
    out = []
    for key, rep in sorted(stated.items()):
        if key not in rows:
            continue
        p = ctx.props(rep)
        file, notice, table, period = key
        out.append(
            ReportTotal(
                file=file,
                notice=notice,
                table=table,
                period=period,
                ref=ctx.ref(rep),
                stated=float(p["value"]),
                summed=math.fsum(rows[key]),
                measure=str(p.get("measure") or ""),
            )
        )
    return out
