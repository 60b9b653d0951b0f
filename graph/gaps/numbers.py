"""Do the numbers add up: headline target vs its breakdown (allocation), 合计 vs rows (totals).

The columns are grouped and their headlines matched (graph.queries.match_headline) as
`dutygraph rollup` does, so these findings say what it shows; their facts (graph.gaps.facts)
come from networkx here and from Cypher on Neo4j (graph/backends/neo4j/gaps.py).
"""

import math
from collections import defaultdict
from typing import Any

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import Column, ReportTotal
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.queries import match_headline
from dutygraph.graph.units import is_township
from dutygraph.loaders.numbers import number_zh

# Differences below this are rounding in the printed tables, not gaps.
TOLERANCE = 1e-6


def columns(ctx: GapContext) -> list[Column]:
    """The allocation columns of the wanted notices as facts, sorted by (notice, table,
    measure, period); kept for the whole graph (allocation and totals both read them)."""
    if ctx.notices is None:
        kept: list[Column] | None = ctx.cache.get("columns")
        if kept is None:
            kept = ctx.cache["columns"] = _columns(ctx)
        return kept
    return _columns(ctx)


def _columns(ctx: GapContext) -> list[Column]:
    cells: dict[tuple[str, str, str | None, str], list[tuple[str, dict[str, Any]]]] = defaultdict(
        list
    )
    attrs = ctx.index.attrs  # read directly: ~10^5 targets on a province
    for t in ctx.in_notices("Target"):
        p = attrs[t].get("props", {})
        key = (str(p["notice"]), str(p["table"]), p.get("measure"), str(p["period"]))
        cells[key].append((t, p))
    widest: dict[tuple[str, str], str] = {}
    for notice, table, _, per in cells:
        if len(per) > len(widest.get((notice, table), "")):
            widest[(notice, table)] = per
    indicators: dict[str, list[str]] = defaultdict(list)
    for i in ctx.in_notices("Indicator"):
        indicators[str(ctx.props(i).get("notice"))].append(i)
    out = []
    for (notice, table, measure, per), pairs in sorted(cells.items(), key=lambda kv: str(kv[0])):
        stated_id = None
        values = []
        for t, p in pairs:  # one pass: a province has ~10^5 cells in ~10^4 columns
            if not p.get("stated"):
                values.append(float(p["value"]))
            elif stated_id is None:
                stated_id = t
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
        # Only a column with a headline has a finding that says whose its rows are.
        townships = (
            head_id is not None
            and bool(values)
            and all(is_township(ctx.label(str(p["unit"]))) for _, p in pairs if not p.get("stated"))
        )
        out.append(
            Column(
                notice=notice,
                table=table,
                measure=measure,
                period=per,
                computed=math.fsum(values),
                rows=len(values),
                townships=townships,
                first=pairs[0][0],
                stated=None if stated_id is None else float(attrs[stated_id]["props"]["value"]),
                stated_id=stated_id,
                stated_label=ctx.label(stated_id) if stated_id is not None else "",
                headline=head if head_id is not None else None,
                head_id=head_id,
                head_label=ctx.label(head_id) if head_id is not None else "",
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
        if c.headline is None or c.head_id is None:
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
                entities=[
                    EntityRef(id=c.head_id, kind="Indicator", label=c.head_label),
                    EntityRef(id=c.first, kind="Table", label=c.table),
                ],
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
        if c.stated is not None and c.stated_id is not None:
            ref = EntityRef(id=c.stated_id, kind="Target", label=c.stated_label)
            where = f"《{c.table}》{c.period}"
            diff = c.computed - c.stated
            out += _totals(ref, c.stated, c.computed, diff, where, c.measure, c.notice)
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
    numbers: dict[str, float | None] = {"合计": stated, "各行之和": summed, "差额": diff}
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
