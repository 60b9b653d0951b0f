"""Do the numbers add up: headline target vs its breakdown (allocation), 合计 vs rows (totals).

The roll-ups are made with graph.queries.make_rollup and match_headline over a snapshot, as
both stores make them, so these findings say what `dutygraph rollup` shows.
"""

from collections import defaultdict
from typing import Any

from dutygraph.graph.gaps.context import GapContext
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


def _parts(r: Rollup) -> str:
    return (
        "各镇街分解合计"
        if r.children and all(is_township(c) for c, _ in r.children)
        else "分解合计"
    )


def allocation(ctx: GapContext) -> list[Finding]:
    """A headline target that differs from the sum of its breakdown (004: 200 vs 165)."""
    out = []
    for r, tids, head_id in snapshot_rollups(ctx):
        if r.headline is None or head_id is None or r.diff_headline is None:
            continue
        if abs(r.diff_headline) <= TOLERANCE:
            continue
        name, total = r.headline
        gap = abs(r.diff_headline)
        m = r.measure or ""
        if r.diff_headline < 0:
            text = (
                f"{r.table}：{_parts(r)}{number_zh(r.computed)}{m}，低于总目标{number_zh(total)}{m}，"
                f"尚有{number_zh(gap)}{m}未分解。"
            )
        else:
            text = (
                f"{r.table}：{_parts(r)}{number_zh(r.computed)}{m}，高于总目标{number_zh(total)}{m}，"
                f"超额分解{number_zh(gap)}{m}。"
            )
        out.append(
            Finding(
                kind="allocation",
                severity="warning" if r.diff_headline < 0 else "info",
                entities=[ctx.ref(head_id), EntityRef(id=tids[0], kind="Table", label=r.table)],
                numbers={
                    "总目标": total,
                    "分解合计": r.computed,
                    "差额": r.diff_headline,
                    "分解单位数": float(len(r.children)),
                },
                explanation_zh=text,
                notice=r.notice,
            )
        )
    return out


def totals(ctx: GapContext) -> list[Finding]:
    """A stated 合计 that differs from the sum of its rows: in a notice's table or a report."""
    out = []
    for r, tids, _ in snapshot_rollups(ctx):
        if r.stated is None or r.diff_stated is None or abs(r.diff_stated) <= TOLERANCE:
            continue
        m = r.measure or ""
        stated_id = next(t for t in tids if ctx.props(t).get("stated"))
        out.append(
            Finding(
                kind="totals",
                severity="warning",
                entities=[ctx.ref(stated_id)],
                numbers={"合计": r.stated, "各行之和": r.computed, "差额": r.diff_stated},
                explanation_zh=(
                    f"《{r.table}》{r.period}：合计栏为{number_zh(r.stated)}{m}，各行之和为"
                    f"{number_zh(r.computed)}{m}，相差{number_zh(abs(r.diff_stated))}{m}。"
                ),
                notice=r.notice,
            )
        )
    return out + _report_totals(ctx)


def _report_totals(ctx: GapContext) -> list[Finding]:
    """A progress file's 合计 row against the same file's rows for the same table and period."""
    rows: dict[tuple[str, str, str, str], list[tuple[str, float]]] = defaultdict(list)
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
            rows[key].append((rep, float(p["value"])))
    out = []
    for key, rep in sorted(stated.items()):
        if key not in rows:
            continue
        total = float(ctx.props(rep)["value"])
        summed = sum(v for _, v in rows[key])
        if abs(total - summed) <= TOLERANCE:
            continue
        m = ctx.props(rep).get("measure") or ""
        file, notice, table, period = key
        out.append(
            Finding(
                kind="totals",
                severity="warning",
                entities=[ctx.ref(rep)],
                numbers={"合计": total, "各行之和": summed, "差额": total - summed},
                explanation_zh=(
                    f"《{table}》{period}进度报送（{file.rsplit('/', 1)[-1]}）：合计栏为"
                    f"{number_zh(total)}{m}，各行之和为{number_zh(summed)}{m}，相差{number_zh(abs(total - summed))}{m}。"
                ),
                notice=notice,
            )
        )
    return out
