"""Who owns this, and what does this unit own: owner rows of items, duties of units."""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.graph.queries.names import unit_names
from dutygraph.graph.store import Store
from dutygraph.graph.units import expand_abbreviation


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


def node_of(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def nodes_by_kind(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for n, a in store.graph.nodes(data=True):
        out[a["kind"]].append(n)
    return dict(out)


def of_kind(store: Store, *kinds: str) -> list[str]:
    """Node ids of these kinds, in graph order (the per-kind lists are cached per refresh)."""
    by_kind = store.cached("by_kind", nodes_by_kind)
    if len(kinds) == 1:
        return list(by_kind.get(kinds[0], ()))
    wanted = set(kinds)
    return [n for n in store.graph if store.graph.nodes[n]["kind"] in wanted]


def find_items(store: Store, text: str) -> list[str]:
    """Tasks/indicators by id, by path (三.(四).1), else by words in their title, name or text."""
    if text in store.graph and node_of(store, text)["kind"] in ("Task", "Indicator"):
        return [text]  # an id: no scan (a province store has ~10^5 nodes)
    items = of_kind(store, "Task", "Indicator")
    exact = [
        n for n in items if n.endswith(":" + text) or node_of(store, n)["props"].get("path") == text
    ]
    if exact:
        return sorted(exact)
    hits = []
    for n in items:
        a = node_of(store, n)
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
    """Units of the store by name, as `units_named` matches them (through the names index)."""
    return unit_names(store.graph).find(name)


def _unit_people(store: Store, uid: str) -> tuple[list[str], list[str]]:
    g = store.graph
    groups = {v for v in g.successors(uid) if node_of(store, v)["kind"] == "Group"}
    leaders = []
    for lid in set(g.predecessors(uid)):
        if node_of(store, lid)["kind"] == "Leader":
            p = node_of(store, lid)["props"]
            leaders.append(f"{p.get('name') or ''}{p.get('title') or ''}（{p.get('role')}）")
            groups |= {v for _, v in g.out_edges(lid) if node_of(store, v)["kind"] == "Group"}
    return sorted(node_of(store, x)["label"] for x in groups), sorted(leaders)


def _owner_rows(store: Store, item: str) -> list[OwnerRow]:
    rows = []
    for uid, _, a in store.graph.in_edges(item, data=True):
        if a["kind"] == "OWNS":
            groups, leaders = _unit_people(store, uid)
            role = a["props"].get("role", "owner")
            rows.append(OwnerRow(uid, node_of(store, uid)["label"], role, groups, leaders))
    return sorted(rows, key=lambda r: r.unit_id)


def owner_rows(store: Store, item: str) -> list[OwnerRow]:
    """The owners of one task or indicator id (an indicator inherits the owners of its task)."""
    rows = _owner_rows(store, item)
    if not rows and node_of(store, item)["kind"] == "Indicator":
        for parent in store.graph.predecessors(item):
            if node_of(store, parent)["kind"] == "Task":
                rows += _owner_rows(store, parent)
    return rows


def owners(store: Store, text: str) -> list[Owners]:
    """Who owns a task or indicator (an indicator inherits the owners of its task)."""
    out = []
    for item in find_items(store, text):
        a = node_of(store, item)
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
            if a["kind"] == "MEMBER_OF" and node_of(store, v)["kind"] == "Unit" and v not in seen:
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
            n = node_of(store, item)
            role = a["props"].get("role", "owner")
            notice = n["props"].get("notice", "")
            out.append(
                Duty(item, n["kind"], n["label"], role, notice, None, n["props"].get("path"))
            )
    return out


def unit_duties(store: Store, uid: str) -> dict[str, Duty]:
    """What one unit id owns, directly and through its collectives, by item id."""
    holders = [(None, _owned_by(store, uid))]
    holders += [(node_of(store, c)["label"], _owned_by(store, c)) for c in _collectives(store, uid)]
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
