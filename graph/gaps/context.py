"""What the gap checks share about one snapshot: node lookups, owners, the traffic lights."""

import datetime as dt
from collections import defaultdict
from typing import Any

import networkx as nx

from dutygraph.graph.gaps.finding import EntityRef
from dutygraph.graph.progress import lights_at

_WORK = ("Task", "Indicator", "Target")


class GapContext:
    """A snapshot graph at a date, with the indexes several checks need."""

    def __init__(self, g: nx.MultiDiGraph, as_of: dt.date) -> None:
        self.g = g
        self.as_of = as_of
        self.lights = lights_at(g, as_of)
        self.cache: dict[str, Any] = {}
        """Results one check computes and another reuses (the roll-ups)."""
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for n, a in g.nodes(data=True):
            self.by_kind[str(a.get("kind"))].append(str(n))
        for ids in self.by_kind.values():
            ids.sort()
        self.notice_nodes: dict[str, str] = {}
        for n in self.by_kind["Notice"]:
            p = self.props(n)
            if p.get("notice") and not p.get("stub"):
                self.notice_nodes[str(p["notice"])] = n

    def props(self, n: str) -> dict[str, Any]:
        p: dict[str, Any] = self.g.nodes[n].get("props", {})
        return p

    def kind(self, n: str) -> str:
        return str(self.g.nodes[n].get("kind"))

    def label(self, n: str) -> str:
        return str(self.g.nodes[n].get("label", n))

    def ref(self, n: str) -> EntityRef:
        return EntityRef(id=n, kind=self.kind(n), label=self.label(n))

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
        return sorted(
            {
                str(v)
                for _, v, a in self.g.out_edges(unit, data=True)
                if a.get("kind") == "OWNS"
                and self.kind(v) in kinds
                and not self.props(v).get("stated")
            }
        )

    def owning_units(self) -> dict[str, list[str]]:
        """Each concrete unit (not a collective or region) -> the items it owns, directly or
        through a collective it is a member of."""
        out: dict[str, set[str]] = defaultdict(set)
        for u in self.by_kind["Unit"]:
            items = self.owned(u)
            if not items:
                continue
            if self.is_collective(u):
                for m in self.members(u):
                    out[m] |= set(items)
            elif not self.is_region(u):
                out[u] |= set(items)
        return {u: sorted(v) for u, v in sorted(out.items())}

    def notice_of(self, item: str) -> str | None:
        n = self.props(item).get("notice")
        return str(n) if n else None
