"""What is red today: traffic-light counts by unit and by notice, and a unit's named people.

The home page and the unit page read these; the lights are graph.progress's, at one date.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.find import notice_names
from dutygraph.graph.gaps.relevance import not_a_target
from dutygraph.graph.progress.traffic import Status

COLOURS = ("red", "yellow", "green")


@dataclass
class Row:
    """A unit or a notice with its counts of red, yellow and green lights."""

    id: str
    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def key(self) -> tuple[int, int, str]:
        return (-self.counts["red"], -self.counts["yellow"], self.label)


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    units: list[Row]
    notices: list[Row]
    total: dict[str, int]


def overview(g: nx.MultiDiGraph, as_of: dt.date) -> Overview:
    """Counts of the lights of every township target and headline indicator at `as_of`."""
    ctx = GapContext(g, as_of)
    items = [t for t in ctx.by_kind["Target"] if not ctx.props(t).get("stated")]
    lit = []
    for node in items + ctx.by_kind["Indicator"]:
        if not_a_target(ctx, node):
            continue
        p = ctx.props(node)
        lit.append((ctx.lights.status(node).colour, p.get("unit"), p.get("notice")))
    return overview_of(g, as_of, lit)


def overview_of(
    g: nx.MultiDiGraph, as_of: dt.date, lit: Iterable[tuple[str, Any, Any]]
) -> Overview:
    """overview from each light's (colour, unit id, parse notice id); `g` holds at least the
    notices and the units (Neo4j computes the lights on the server: neo4j/lights.py)."""
    ctx = GapContext(g, as_of)
    names = notice_names(g)
    notice_node = {
        str(a["props"]["notice"]): str(n)
        for n, a in g.nodes(data=True)
        if a.get("kind") == "Notice" and a["props"].get("notice") and not a["props"].get("stub")
    }
    units: dict[str, Row] = {}
    notices: dict[str, Row] = {}
    total: Counter[str] = Counter()
    for colour, unit, notice in lit:
        if colour not in COLOURS:
            continue
        total[colour] += 1
        if unit and unit in g:
            units.setdefault(unit, Row(unit, ctx.label(unit))).counts[colour] += 1
        nid = notice_node.get(str(notice))
        if nid:
            label = names.get(str(notice), ctx.label(nid))
            notices.setdefault(nid, Row(nid, label)).counts[colour] += 1
    return Overview(
        as_of,
        sorted(units.values(), key=lambda r: r.key),
        sorted(notices.values(), key=lambda r: r.key),
        {c: total[c] for c in COLOURS},
    )


def unit_people(g: nx.MultiDiGraph, uid: str) -> dict[str, list[str]]:
    """Role (分管领导, 联络员, …) -> names of the people attached to unit `uid`."""
    out: dict[str, list[str]] = defaultdict(list)
    for u, _, a in g.in_edges(uid, data=True):
        n = g.nodes[u]
        if n.get("kind") != "Leader" or a.get("kind") not in ("MEMBER_OF", "LEADS"):
            continue
        p = n.get("props", {})
        if p.get("name"):
            title = f"（{p['title']}）" if p.get("title") else ""
            out[str(p.get("role") or "成员")].append(f"{p['name']}{title}")
    return {k: sorted(set(v)) for k, v in sorted(out.items())}


def item_lights(g: nx.MultiDiGraph, ids: list[str], as_of: dt.date) -> dict[str, Status]:
    """The light of each of `ids` at `as_of` (grey for what has nothing to measure)."""
    ctx = GapContext(g, as_of)
    return {i: ctx.lights.status(i) for i in ids if i in g}
