"""Questions asked of the store: who owns this, what does this unit own, do the numbers add up."""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.graph.actuals import Actuals
from dutygraph.graph.model import target_id, unit_id
from dutygraph.graph.rollup_index import CellKey, RollupIndex
from dutygraph.graph.store import Store
from dutygraph.graph.units import expand_abbreviation
from dutygraph.loaders.checks import same_thing


@dataclass(frozen=True)
class OwnerRow:
    """One responsible unit of an item, with its role and the groups/leaders known for it."""

    unit_id: str
    unit: str
    role: str
    groups: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Owners:
    """A task or indicator and who owns it."""

    item_id: str
    kind: str
    label: str
    notice: str
    owners: list[OwnerRow]


@dataclass(frozen=True)
class Duty:
    """A task, indicator or target a unit owns, directly or through a collective (`via`)."""

    item_id: str
    kind: str
    label: str
    role: str
    notice: str
    via: str | None = None
    path: str | None = None


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


def _node(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def _by_kind(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for n, a in store.graph.nodes(data=True):
        out[a["kind"]].append(n)
    return dict(out)


def _of_kind(store: Store, *kinds: str) -> list[str]:
    """Node ids of these kinds, in graph order (the per-kind lists are cached per refresh)."""
    by_kind = store.cached("by_kind", _by_kind)
    if len(kinds) == 1:
        return list(by_kind.get(kinds[0], ()))
    wanted = set(kinds)
    return [n for n in store.graph if store.graph.nodes[n]["kind"] in wanted]


def find_items(store: Store, text: str) -> list[str]:
    """Tasks/indicators by id, by path (三.(四).1), else by words in their title, name or text."""
    if text in store.graph and _node(store, text)["kind"] in ("Task", "Indicator"):
        return [text]  # an id: no scan (a province store has ~10^5 nodes)
    items = _of_kind(store, "Task", "Indicator")
    exact = [
        n for n in items if n.endswith(":" + text) or _node(store, n)["props"].get("path") == text
    ]
    if exact:
        return sorted(exact)
    hits = []
    for n in items:
        a = _node(store, n)
        words = " ".join(str(a["props"].get(k) or "") for k in ("title", "name", "text"))
        if text in a["label"] or text in words:
            hits.append(n)
    return sorted(hits)


def units_named(g: nx.MultiDiGraph, units: Iterable[str], name: str) -> list[str]:
    """Of `units`, those with this full name, else a written alias, else a name ending (税郭镇).

    Abbreviations in the query are expanded first: 区市场监管局 finds 区市场监督管理局.
    """
    names = {name, expand_abbreviation(name)}
    pool = [(n, g.nodes[n]) for n in units]

    def matches(a: dict[str, Any], tier: int) -> bool:
        if tier == 0:
            return a["label"] in names
        if tier == 1:
            return bool(names & set(a["props"].get("aliases", [])))
        return any(a["label"].endswith(n) for n in names)

    for tier in range(3):
        found = sorted(n for n, a in pool if matches(a, tier))
        if found:
            return found
    return []


def find_units(store: Store, name: str) -> list[str]:
    """Units of the store by name, as `units_named` matches them."""
    return units_named(store.graph, _of_kind(store, "Unit"), name)


def _unit_people(store: Store, uid: str) -> tuple[list[str], list[str]]:
    g = store.graph
    groups = {v for v in g.successors(uid) if _node(store, v)["kind"] == "Group"}
    leaders = []
    for lid in set(g.predecessors(uid)):
        if _node(store, lid)["kind"] == "Leader":
            p = _node(store, lid)["props"]
            leaders.append(f"{p.get('name') or ''}{p.get('title') or ''}（{p.get('role')}）")
            groups |= {v for _, v in g.out_edges(lid) if _node(store, v)["kind"] == "Group"}
    return sorted(_node(store, x)["label"] for x in groups), sorted(leaders)


def _owner_rows(store: Store, item: str) -> list[OwnerRow]:
    rows = []
    for uid, _, a in store.graph.in_edges(item, data=True):
        if a["kind"] == "OWNS":
            groups, leaders = _unit_people(store, uid)
            role = a["props"].get("role", "owner")
            rows.append(OwnerRow(uid, _node(store, uid)["label"], role, groups, leaders))
    return sorted(rows, key=lambda r: r.unit_id)


def owner_rows(store: Store, item: str) -> list[OwnerRow]:
    """The owners of one task or indicator id (an indicator inherits the owners of its task)."""
    rows = _owner_rows(store, item)
    if not rows and _node(store, item)["kind"] == "Indicator":
        for parent in store.graph.predecessors(item):
            if _node(store, parent)["kind"] == "Task":
                rows += _owner_rows(store, parent)
    return rows


def owners(store: Store, text: str) -> list[Owners]:
    """Who owns a task or indicator (an indicator inherits the owners of its task)."""
    out = []
    for item in find_items(store, text):
        a = _node(store, item)
        rows = owner_rows(store, item)
        out.append(Owners(item, a["kind"], a["label"], a["props"].get("notice", ""), rows))
    return out


def _collectives(store: Store, uid: str) -> list[str]:
    """The collective units `uid` belongs to, transitively (税郭镇 -> 各镇街)."""
    seen: list[str] = []
    todo = [uid]
    while todo:
        cur = todo.pop()
        for _, v, a in store.graph.out_edges(cur, data=True):
            if a["kind"] == "MEMBER_OF" and _node(store, v)["kind"] == "Unit" and v not in seen:
                seen.append(v)
                todo.append(v)
    return seen


def gather_duties(holders: Iterable[tuple[str | None, Iterable[Duty]]]) -> dict[str, Duty]:
    """Merge what a unit owns (via None) and what its collectives own (via their label).

    `holders` come unit first, then its collectives nearest first; a direct duty is never
    replaced, a duty through a collective is replaced by a later holder's.
    """
    duties: dict[str, Duty] = {}
    for via, owned in holders:
        for d in owned:
            if d.item_id in duties and duties[d.item_id].via is None:
                continue
            duties[d.item_id] = dataclasses.replace(d, via=via)
    return duties


def _owned_by(store: Store, holder: str) -> list[Duty]:
    out = []
    for _, item, a in store.graph.out_edges(holder, data=True):
        if a["kind"] == "OWNS":
            n = _node(store, item)
            role = a["props"].get("role", "owner")
            notice = n["props"].get("notice", "")
            out.append(
                Duty(item, n["kind"], n["label"], role, notice, None, n["props"].get("path"))
            )
    return out


def unit_duties(store: Store, uid: str) -> dict[str, Duty]:
    """What one unit id owns, directly and through its collectives, by item id."""
    holders = [(None, _owned_by(store, uid))]
    holders += [(_node(store, c)["label"], _owned_by(store, c)) for c in _collectives(store, uid)]
    return gather_duties(holders)


def responsibilities(store: Store, unit_name: str) -> list[Duty]:
    """Tasks, indicators and targets a unit owns, directly and through its collectives."""
    return merge_duties(unit_duties(store, uid).values() for uid in find_units(store, unit_name))


def merge_duties(per_unit: Iterable[Iterable[Duty]]) -> list[Duty]:
    """The duties of every unit a name found, once each: a direct duty wins over a `via` one."""
    duties: dict[str, Duty] = {}
    for unit in per_unit:
        for d in unit:
            if d.item_id in duties and duties[d.item_id].via is None:
                continue
            duties[d.item_id] = d
    return sorted(duties.values(), key=lambda d: (d.kind, d.item_id))


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
    props = (_node(store, iid)["props"] for iid in index.indicators.get(notice, ()))
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
    for cell in sorted(keys, key=lambda c: c[:2] + (c[3],)):
        notice, table, measure, per = cell
        tids = index.cell_targets[cell]
        stated_ids = [t for t in tids if _node(store, t)["props"]["stated"]]
        stated = float(_node(store, stated_ids[0])["props"]["value"]) if stated_ids else None
        children = []
        for t in tids:
            p = _node(store, t)["props"]
            if p["stated"] or (
                region_ids is not None and region_ids.isdisjoint(index.within[p["unit"]])
            ):
                continue
            children.append((_node(store, p["unit"])["label"], float(p["value"])))
        if region_ids is not None and not children:
            continue
        head = (
            _headline(store, index, notice, table, measure)
            if per == widest[(notice, table)]
            else None
        )
        region_label = (
            _node(store, _node(store, stated_ids[0])["props"]["unit"])["label"]
            if stated_ids
            else region
        )
        out.append(make_rollup(table, measure, notice, per, region_label, children, stated, head))
    return with_actuals(store, out)


def with_actuals(store: Store, rollups: list[Rollup]) -> list[Rollup]:
    """Roll-ups with their children's actual values, when the store holds any reports."""
    by_kind = store.cached("by_kind", _by_kind)
    if not by_kind.get("Report") and not by_kind.get("Enterprise"):
        return rollups
    actuals = store.cached("actuals", lambda s: Actuals(s.graph))
    return [actuals.rollup(r) for r in rollups]
