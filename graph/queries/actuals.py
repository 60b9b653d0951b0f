"""Actual values beside targets: reported progress, else the enterprises that count toward them.

Reports are indexed once per graph snapshot. A target's actual over its period is the sum of a
non-overlapping cover of the reports inside that period, widest reports first and, for one
period reported twice, the latest report: 2024 = 5 wins over 2024H1 = 2, and 2024-2026 is then
5 + whatever 2025 and 2026 reported. Without reports, the enterprises that CONTRIBUTES_TO a
target (recognised in a year within its period) are counted.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from dutygraph.graph.derived import NodeList
from dutygraph.loaders.sheets import Period, parse_period

if TYPE_CHECKING:  # queries attaches actuals to its roll-ups, so it imports this module
    from dutygraph.graph.queries.rollup import Rollup

CellKey = tuple[str, str, str]
"""(notice, table, unit id): every period of one unit's allocation in one table."""


@dataclass(frozen=True)
class Reported:
    """One Report node's value, period and date."""

    id: str
    unit: str
    period: Period
    value: float
    reported: dt.date | None
    stated: bool


def sum_known(values: Iterable[float | None]) -> float | None:
    """The sum of the values that are known; None when none is."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def cover_sum(reports: list[Reported], span: Period, as_of: dt.date | None) -> float | None:
    """Sum of the widest non-overlapping reports inside `span` known at `as_of`; None if none."""
    inside = [
        r
        for r in reports
        if span.contains(r.period) and (as_of is None or r.reported is None or r.reported <= as_of)
    ]
    if not inside:
        return None
    # Reports of one period on one day (two units merged into one) tie: the report id decides,
    # so both stores, whatever order they list nodes in, pick the same one.
    inside.sort(
        key=lambda r: (
            -r.period.days,
            r.period.start,
            -(r.reported or dt.date.min).toordinal(),
            r.id,
        )
    )
    picked: list[Reported] = []
    for r in inside:
        if not any(r.period.overlaps(p.period) for p in picked):
            picked.append(r)
    return sum(r.value for r in picked)


class Actuals:
    """Reports and enterprise contributions of one graph snapshot, indexed by what they count toward."""

    def __init__(self, g: nx.MultiDiGraph, kinds: dict[str, NodeList] | None = None) -> None:
        """`kinds`: graph.derived.nodes_by_kind(g) when the caller has it (saves a scan)."""
        self.g = g
        self.by_cell: dict[CellKey, list[Reported]] = defaultdict(list)
        self.by_item: dict[str, list[Reported]] = defaultdict(list)
        self.contrib_cell: dict[CellKey, list[tuple[str, int | None]]] = defaultdict(list)
        self.contrib_item: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        if kinds is None:
            kinds = {"Enterprise": [], "Report": []}
            for n, a in g.nodes(data=True):
                if (kind := a.get("kind")) in kinds:
                    kinds[kind].append((n, a))
        enterprises = [n for n, _ in kinds.get("Enterprise", [])]
        for n, a in kinds.get("Report", []):
            p = a["props"]
            period = parse_period(str(p.get("period")))
            item = str(p.get("item"))
            if period is None or item not in g:
                continue
            rep = Reported(
                str(n),
                str(p["unit"]),
                period,
                float(p["value"]),
                dt.date.fromisoformat(p["reported"]) if p.get("reported") else None,
                bool(p.get("stated")),
            )
            ip = g.nodes[item]
            if ip.get("kind") == "Target":
                self.by_cell[self._cell(item)].append(rep)
            else:
                self.by_item[item].append(rep)
        # Only enterprises' edges: a province has ~10^5 target -> 合计 CONTRIBUTES_TO edges.
        for u, v, a in g.out_edges(enterprises, data=True):
            if a.get("kind") != "CONTRIBUTES_TO":
                continue
            year = a.get("props", {}).get("year")
            entry = (str(u), int(year) if year else None)
            if g.nodes[v].get("kind") == "Target":
                self.contrib_cell[self._cell(v)].append(entry)
            else:
                self.contrib_item[str(v)].append(entry)

    def _cell(self, target: str) -> CellKey:
        p = self.g.nodes[target]["props"]
        return (str(p["notice"]), str(p["table"]), str(p["unit"]))

    @staticmethod
    def _count(
        entries: list[tuple[str, int | None]], span: Period, as_of: dt.date | None
    ) -> float | None:
        hits = [
            e
            for e, year in entries
            if (year is None or span.start.year <= year <= span.end.year)
            and (as_of is None or year is None or year <= as_of.year)
        ]
        return float(len(set(hits))) if hits else None

    def target(
        self, target: str, as_of: dt.date | None = None, props: dict[str, Any] | None = None
    ) -> float | None:
        """The actual value of a Target node over its period, or None when nothing is known
        (`props`: the target's props, when the caller has them at hand)."""
        p = self.g._node[target]["props"] if props is None else props
        span = parse_period(str(p["period"]))
        if span is None:
            return None
        cell = (str(p["notice"]), str(p["table"]), str(p["unit"]))
        stated = bool(p.get("stated"))
        reports = self.by_cell.get(cell)
        if reports:  # most cells of a province have no report: skip the cover for them
            got = cover_sum([r for r in reports if r.stated == stated], span, as_of)
            if got is not None:
                return got
        if stated:
            return self.children_total(target, as_of)
        entries = self.contrib_cell.get(cell)
        return self._count(entries, span, as_of) if entries else None

    def children_total(self, stated_target: str, as_of: dt.date | None = None) -> float | None:
        """The sum of the actuals of a 合计 cell's rows (the targets CONTRIBUTES_TO it)."""
        return sum_known(
            self.target(u, as_of)
            for u, _, a in self.g.in_edges(stated_target, data=True)
            if a.get("kind") == "CONTRIBUTES_TO" and self.g.nodes[u].get("kind") == "Target"
        )

    def item(self, item: str, span: Period, as_of: dt.date | None = None) -> float | None:
        """What was reported on an indicator (or task) directly, or enterprises counted toward it."""
        got = cover_sum(self.by_item.get(item, []), span, as_of)
        if got is not None:
            return got
        return self._count(self.contrib_item.get(item, []), span, as_of)

    def rollup(self, r: "Rollup", as_of: dt.date | None = None) -> "Rollup":
        """`r` with each child's actual and their total (None where nothing is reported)."""
        actuals: list[tuple[str, float | None]] = []
        for label, _ in r.children:
            tid = r.cell_id(label)
            actuals.append((label, self.target(tid, as_of) if tid in self.g else None))
        total = sum_known(v for _, v in actuals)
        return dataclasses.replace(r, actuals=actuals, actual_total=total)
