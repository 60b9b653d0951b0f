"""Do the numbers add up: a table's township targets rolled up to a region, beside its headline."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dutygraph.graph.model import target_id, unit_id
from dutygraph.graph.queries.actuals import Actuals
from dutygraph.graph.queries.owners import find_units, node_of, nodes_by_kind
from dutygraph.graph.queries.rollup_index import CellKey, RollupIndex
from dutygraph.graph.store import Store
from dutygraph.loaders.notice import same_thing


@dataclass(frozen=True)
class Rollup:
    """One table and period: each child's value, their sum, the 合计, the headline target."""

    table: str
    measure: str | None
    notice: str
    period: str
    region: str | None
    children: list[tuple[str, float]]
    computed: float
    stated: float | None
    headline: tuple[str, float] | None
    diff_stated: float | None
    diff_headline: float | None
    actuals: list[tuple[str, float | None]] = field(default_factory=list)
    """Each child's reported actual value (graph.actuals), beside `children`' targets."""
    actual_total: float | None = None

    def cell_id(self, unit: str) -> str:
        """The Target node of `unit`'s cell (a child, or the region's 合计) in this table and period."""
        return target_id(self.notice, self.table, unit_id(unit), self.period)


def norm_period(period: str) -> str:
    """'2024年—2026年' -> '2024-2026', as target periods are stored."""
    return period.replace("—", "-").replace("–", "-").replace("年", "").strip()


def match_headline(
    table: str, measure: str | None, candidates: Iterable[tuple[str, str | None, Any]]
) -> tuple[str, float] | None:
    """The first (name, measure, value) indicator of the same measure whose name is `table`'s."""
    for name, m, value in candidates:
        if m == measure and same_thing(table, name):
            return str(name), float(value)
    return None


def make_rollup(
    table: str,
    measure: str | None,
    notice: str,
    period: str,
    region: str | None,
    children: list[tuple[str, float]],
    stated: float | None,
    headline: tuple[str, float] | None,
) -> Rollup:
    """A Rollup of the sorted children, their sum and its differences from 合计 and headline."""
    children = sorted(children)
    computed = sum(v for _, v in children)
    return Rollup(
        table,
        measure,
        notice,
        period,
        region,
        children,
        computed,
        stated,
        headline,
        None if stated is None else computed - stated,
        None if headline is None else computed - headline[1],
    )


def _headline(
    store: Store, index: RollupIndex, notice: str, table: str, measure: str | None
) -> tuple[str, float] | None:
    props = (node_of(store, iid)["props"] for iid in index.indicators.get(notice, ()))
    return match_headline(
        table, measure, ((p["name"], p.get("measure"), p["value"]) for p in props)
    )


def rollup(
    store: Store, indicator: str, region: str | None = None, period: str | None = None
) -> list[Rollup]:
    """Per table and period: children's values, their sum, the stated 合计 and the headline.

    Answered from the store's RollupIndex (built once per load), so a county or a whole
    province costs a lookup plus a pass over the children it returns.
    """
    index = RollupIndex.for_store(store)
    tables = index.table_cells
    wanted = {t for t in tables if t == indicator} or {t for t in tables if indicator in t}
    per_wanted = None if period is None else norm_period(period)
    region_ids = set(find_units(store, region)) if region else None
    keys: list[CellKey] = []
    widest: dict[tuple[str, str], str] = {}
    for table in wanted:
        cells = [c for c in tables[table] if per_wanted is None or c[3] == per_wanted]
        for notice, _, _, per in cells:
            if len(per) > len(widest.get((notice, table), "")):
                widest[(notice, table)] = per
        if region_ids is not None:
            under = index.under.get(table, {})
            near = {c for r in region_ids for c in under.get(r, ())}
            cells = [c for c in cells if c in near]
        keys += cells
    out = []
    actuals = _actuals(store)
    for cell in sorted(keys, key=lambda c: c[:2] + (c[3],)):
        with_head = per_wanted is not None or cell[3] == widest[(cell[0], cell[1])]
        whole = _whole(store, index, cell, with_head, region, actuals)
        if region_ids is None or not region_ids.isdisjoint(index.covering(cell)):
            out.append(whole)  # every child is under the region asked about (a province)
            continue
        children = []
        for t in index.cell_targets[cell]:
            p = node_of(store, t)["props"]
            if not p["stated"] and not region_ids.isdisjoint(index.within[p["unit"]]):
                children.append((node_of(store, p["unit"])["label"], float(p["value"])))
        if children:
            part = _part(whole, children)
            out.append(actuals.rollup(part) if actuals else part)
    return out


def _whole(
    store: Store,
    index: RollupIndex,
    cell: CellKey,
    with_head: bool,
    region: str | None,
    actuals: Actuals | None,
) -> Rollup:
    """The roll-up of all of a cell's children with their actuals, made once per graph version
    and kept in the index (a province roll-up then costs a lookup per county, not a pass over
    its targets and their reports). Kept roll-ups are shared: read them, do not change them."""
    key = (cell, with_head)
    found: Rollup | None = index.made.get(key)
    if found is not None:
        return found
    notice, table, measure, per = cell
    tids = index.cell_targets[cell]
    stated_ids = [t for t in tids if node_of(store, t)["props"]["stated"]]
    stated = float(node_of(store, stated_ids[0])["props"]["value"]) if stated_ids else None
    children = []
    for t in tids:
        p = node_of(store, t)["props"]
        if not p["stated"]:
            children.append((node_of(store, p["unit"])["label"], float(p["value"])))
    head = _headline(store, index, notice, table, measure) if with_head else None
    region_label = (
        node_of(store, node_of(store, stated_ids[0])["props"]["unit"])["label"]
        if stated_ids
        else region
    )
    made = make_rollup(table, measure, notice, per, region_label, children, stated, head)
    if actuals is not None:
        made = actuals.rollup(made)
    if stated_ids:  # without a 合计 the region shown is the one asked about: not kept
        index.made[key] = made
    return made


def _part(whole: Rollup, children: list[tuple[str, float]]) -> Rollup:
    """`whole` over some of its children only (a county of a city-wide table)."""
    return make_rollup(
        whole.table,
        whole.measure,
        whole.notice,
        whole.period,
        whole.region,
        children,
        whole.stated,
        whole.headline,
    )


def _actuals(store: Store) -> Actuals | None:
    """The store's Actuals when it holds any reports or enterprises (roll-ups then show them)."""
    by_kind = store.cached("by_kind", nodes_by_kind)
    if not by_kind.get("Report") and not by_kind.get("Enterprise"):
        return None
    actuals: Actuals = store.cached("actuals", lambda s: Actuals(s.graph))
    return actuals
