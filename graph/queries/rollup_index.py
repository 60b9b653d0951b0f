"""A roll-up index for large stores: sums of township targets per region in microseconds.

`queries.rollup` scans every Target node and walks PART_OF per target on each call, which is
fine for a handful of notices and far too slow for a province (~100k targets). This index is
built once from the graph (one pass over Targets, PART_OF ancestors cached per unit):

    cells[(table, period)][region_id] -> [(unit_id, value), ...]   every non-stated target,
                                                                   under each region above it
    stated[(table, period, unit_id)]  -> the stated 合计 value

so a roll-up is one dict lookup plus a sum over the region's children.

`queries.rollup` uses the same pass, kept per notice and measure (its output is per notice):

    cell_targets[(notice, table, measure, period)] -> target ids, in graph order
    table_cells[table]                             -> the cells of that table
    under[table][region_id]                        -> cells with a child at or under region
    within[unit_id]                                -> the unit and every region above it
    indicators[notice]                             -> that notice's Indicator ids, sorted

Build it through `for_store(store)`, cached on the store until its next refresh.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dutygraph.graph.store import Store


@dataclass(frozen=True)
class RegionRollup:
    """One table, period and region: children's values, their sum, the stated 合计 and the gap."""

    table: str
    period: str
    region: str
    children: list[tuple[str, float]]
    computed: float
    stated: float | None

    @property
    def diff_stated(self) -> float | None:
        return None if self.stated is None else self.computed - self.stated


CellKey = tuple[str, str, str | None, str]
"""(notice, table, measure, period): one allocation table's column in one notice."""


class RollupIndex:
    """Targets indexed by (table, period) and by every region above their unit."""

    def __init__(self, store: Store) -> None:
        g = store.graph
        self.cells: dict[tuple[str, str], dict[str, list[tuple[str, float]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.stated: dict[tuple[str, str, str], float] = {}
        self.cell_targets: dict[CellKey, list[str]] = defaultdict(list)
        self.table_cells: dict[str, list[CellKey]] = defaultdict(list)
        self.under: dict[str, dict[str, set[CellKey]]] = defaultdict(lambda: defaultdict(set))
        self.within: dict[str, frozenset[str]] = {}
        self.indicators: dict[str, list[str]] = defaultdict(list)
        self.made: dict[tuple[CellKey, bool], Any] = {}
        """queries.rollup's whole-cell roll-ups, made on first use (cell, with headline)."""
        self._covering: dict[CellKey, frozenset[str]] = {}
        self._nodes = g.nodes  # of this graph version, as the index is
        parents: dict[str, list[str]] = defaultdict(list)
        targets: list[dict[str, Any]] = []
        for u, v, k in g.edges(keys=True):
            if k == "PART_OF":
                parents[u].append(v)
        for n, a in g.nodes(data=True):
            if a["kind"] == "Target":
                p = a["props"]
                targets.append(p)
                cell = (str(p["notice"]), str(p["table"]), p["measure"], str(p["period"]))
                if cell not in self.cell_targets:
                    self.table_cells[cell[1]].append(cell)
                self.cell_targets[cell].append(n)
            elif a["kind"] == "Indicator":
                self.indicators[str(a["props"].get("notice"))].append(n)
        for ids in self.indicators.values():
            ids.sort()
        ancestors: dict[str, tuple[str, ...]] = {}

        def above(uid: str) -> tuple[str, ...]:
            if uid not in ancestors:
                seen: list[str] = []
                todo = list(parents.get(uid, ()))
                while todo:
                    cur = todo.pop()
                    if cur not in seen:
                        seen.append(cur)
                        todo += parents.get(cur, ())
                ancestors[uid] = tuple(seen)
            return ancestors[uid]

        for p in targets:
            key = (str(p["table"]), str(p["period"]))
            unit, value = str(p["unit"]), float(p["value"])
            if p.get("stated"):
                self.stated[(key[0], key[1], unit)] = value
                continue
            by_region = self.cells[key]
            for region in above(unit):
                by_region[region].append((unit, value))
            if unit not in self.within:
                self.within[unit] = frozenset((unit, *above(unit)))
            cell = (str(p["notice"]), key[0], p["measure"], key[1])
            under = self.under[key[0]]
            for region in self.within[unit]:
                under[region].add(cell)

    def covering(self, cell: CellKey) -> frozenset[str]:
        """The units every child of `cell` is at or under (empty when it has no children)."""
        found = self._covering.get(cell)
        if found is None:
            nodes = self._nodes
            units = [
                nodes[t]["props"]["unit"]
                for t in self.cell_targets[cell]
                if not nodes[t]["props"]["stated"]
            ]
            found = (
                frozenset.intersection(*(self.within[u] for u in units)) if units else frozenset()
            )
            self._covering[cell] = found
        return found

    @staticmethod
    def for_store(store: Store) -> "RollupIndex":
        """The store's index, built on first use after each refresh (load) and then reused."""
        return store.cached("rollup_index", RollupIndex)

    def rollup(self, table: str, period: str, region: str) -> RegionRollup | None:
        """The roll-up of `table` in `period` over every unit under `region` (a Unit node id)."""
        by_region = self.cells.get((table, period))
        children = by_region.get(region) if by_region else None
        if not children:
            return None
        return RegionRollup(
            table,
            period,
            region,
            children,
            sum(v for _, v in children),
            self.stated.get((table, period, region)),
        )
