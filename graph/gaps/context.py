"""What the gap checks share about one snapshot: node lookups, owners, the traffic lights.

`GapIndex` holds what does not depend on the date (nodes by kind, by notice and by unit, the
roll-ups, who owns what, the date-independent findings); it is built once per graph object
(graph.derived) and shared by every find_gaps call on that graph. `GapContext` adds the date,
its traffic lights, and the part of the graph a call is about (`notices`, `units`), so a check
for one notice or one unit looks only at that part.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from dutygraph.graph.derived import nodes_by_kind, per_graph
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.progress import lights_at

_WORK = ("Task", "Indicator", "Target")


class GapIndex:
    """Date-independent indexes of one graph object (see the module docstring)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        kinds = nodes_by_kind(g)
        self.attrs: dict[str, dict[str, Any]] = {n: a for pairs in kinds.values() for n, a in pairs}
        by_kind: dict[str, list[str]] = defaultdict(list)
        self.by_notice: dict[tuple[str, str], list[str]] = defaultdict(list)
        """(kind, parse notice id in props) -> node ids, sorted."""
        self.by_unit: dict[str, list[str]] = defaultdict(list)
        """Unit id in props (a target's or report's unit) -> Target and Indicator ids, sorted."""
        for kind, pairs in kinds.items():
            pairs = sorted(pairs, key=_first)
            by_kind[kind] = [n for n, _ in pairs]
            placed = kind in ("Target", "Indicator")
            for n, a in pairs:
                p = a.get("props", {})
                if p.get("notice"):
                    self.by_notice[(kind, str(p["notice"]))].append(n)
                if placed and p.get("unit"):
                    self.by_unit[str(p["unit"])].append(n)
        self.by_kind = by_kind
        self.notice_nodes: dict[str, str] = {}
        for n in by_kind["Notice"]:
            p = self.attrs[n].get("props", {})
            if p.get("notice") and not p.get("stub"):
                self.notice_nodes[str(p["notice"])] = n
        self.cache: dict[str, Any] = {}
        """Results one check computes and another reuses (the roll-ups, owning units)."""
        self.refs: dict[str, EntityRef] = {}
        """EntityRef per node id, made once (findings share them: they are frozen)."""
        self.findings: dict[str, list[Finding]] = {}
        """Findings of the date-independent kinds over the whole graph, once computed."""
        self._dated: tuple[dt.date | None, dict[str, list[Finding]]] = (None, {})

    def dated(self, as_of: dt.date) -> dict[str, list[Finding]]:
        """Findings of the date-dependent kinds over the whole graph at `as_of`, as computed so
        far: kept for the last date asked only (the next page of a province's findings is the
        same question again; ~40,000 findings a date)."""
        day, kept = self._dated
        if day != as_of:
            kept = {}
            self._dated = (as_of, kept)
        return kept


def gap_index(g: nx.MultiDiGraph) -> GapIndex:
    """The graph's GapIndex, built on first use and kept while the graph is the latest one."""
    return per_graph(g, "gap_index", lambda: GapIndex(g))


class GapContext:
    """A snapshot graph at a date, with the indexes several checks need.

    `notices` / `units`, when set, say which part of the graph the caller wants findings for
    (parse notice ids / unit ids): checks may skip anything that cannot produce such a finding.
    """

    def __init__(
        self,
        g: nx.MultiDiGraph,
        as_of: dt.date,
        notices: set[str] | None = None,
        units: set[str] | None = None,
    ) -> None:
        self.g = g
        self.as_of = as_of
        self.notices = notices
        self.units = units
        self.index = gap_index(g)
        self.lights = lights_at(g, as_of)
        self.cache = self.index.cache
        self.by_kind = self.index.by_kind
        self.notice_nodes = self.index.notice_nodes
        self._attrs = self.index.attrs

    @property
    def scoped(self) -> bool:
        return self.notices is not None or self.units is not None

    def in_notices(self, kind: str) -> list[str]:
        """Nodes of `kind` in the wanted notices (all of that kind when no notice is wanted)."""
        if self.notices is None:
            return self.by_kind[kind]
        return _merged(self.index.by_notice.get((kind, n), []) for n in self.notices)

    def of_units(self, kind: str) -> list[str]:
        """Targets or indicators whose `unit` is a wanted unit, sorted."""
        ids = _merged(self.index.by_unit.get(u, []) for u in self.units or ())
        return [n for n in ids if self.kind(n) == kind]

    def props(self, n: str) -> dict[str, Any]:
        p: dict[str, Any] = self._attrs[n].get("props", {})
        return p

    def has(self, n: str) -> bool:
        """Whether `n` is a node of the graph (without networkx's views)."""
        return n in self._attrs

    def kind(self, n: str) -> str:
        return str(self._attrs[n].get("kind"))

    def label(self, n: str) -> str:
        return str(self._attrs[n].get("label", n))

    def ref(self, n: str) -> EntityRef:
        found = self.index.refs.get(n)
        if found is None:
            a = self._attrs[n]
            found = EntityRef(id=n, kind=str(a.get("kind")), label=str(a.get("label", n)))
            self.index.refs[n] = found
        return found

    def owners(self, item: str) -> list[str]:
        """Units with an OWNS edge to `item`."""
        return sorted(
            {str(u) for u, _, a in self.g.in_edges(item, data=True) if a.get("kind") == "OWNS"}
        )

    def members(self, collective: str) -> list[str]:
        """Units MEMBER_OF a collective unit (税郭镇 … of 各镇街)."""
        return sorted(
            {
                str(u)
                for u, _, a in self.g.in_edges(collective, data=True)
                if a.get("kind") == "MEMBER_OF" and self.kind(u) == "Unit"
            }
        )

    def is_collective(self, unit: str) -> bool:
        return bool(self.props(unit).get("collective"))

    def is_region(self, unit: str) -> bool:
        return bool(self.props(unit).get("region"))

    def owned(self, unit: str, kinds: tuple[str, ...] = _WORK) -> list[str]:
        """What a unit OWNS directly, of these kinds (stated 合计 cells excluded)."""
        attrs = self._attrs
        # networkx's own adjacency dict, not out_edges(data=True) or its views: a province asks
        # this ~2,000 times over ~10^5 OWNS edges, and the views' wrappers were most of the cost.
        found = []
        for v, keyed in self.g._succ[unit].items():
            a = attrs[v]
            if a.get("kind") not in kinds or a.get("props", {}).get("stated"):
                continue
            for e in keyed.values():
                if e.get("kind") == "OWNS":
                    found.append(str(v))
                    break
        return sorted(found)

    def owning_units(self) -> dict[str, list[str]]:
        """Each concrete unit (not a collective or region) -> the items it owns, directly or
        through a collective it is a member of (computed once per graph)."""
        found: dict[str, list[str]] | None = self.cache.get("owning_units")
        if found is None:
            found = self.cache["owning_units"] = self._owning_units()
        return found

    def _owning_units(self) -> dict[str, list[str]]:
        own: dict[str, list[str]] = {}
        shared: dict[str, set[str]] = defaultdict(set)  # through collectives
        for u in self.by_kind["Unit"]:
            collective = self.is_collective(u)
            if not collective and self.is_region(u):
                continue  # a region's own items (its 合计 cells) are no concrete unit's
            items = self.owned(u)
            if not items:
                continue
            if collective:
                for m in self.members(u):
                    shared[m] |= set(items)
            else:
                own[u] = items  # sorted already
        out = {}
        for u in sorted(own.keys() | shared.keys()):
            more = shared.get(u)
            out[u] = sorted(more.union(own.get(u, ()))) if more else own[u]
        return out

    def items_of(self, unit: str) -> list[str]:
        """What `owning_units()` says of one unit, computed for that unit alone."""
        items = set()
        if not self.is_collective(unit) and not self.is_region(unit):
            items |= set(self.owned(unit))
        for _, c, a in self.g.out_edges(unit, data=True):
            if a.get("kind") == "MEMBER_OF" and self.kind(c) == "Unit" and self.is_collective(c):
                items |= set(self.owned(c))
        return sorted(items)

    def notice_of(self, item: str) -> str | None:
        n = self.props(item).get("notice")
        return str(n) if n else None


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def _merged(lists: Iterable[list[str]]) -> list[str]:
    return sorted({n for ids in lists for n in ids})
