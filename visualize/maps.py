"""Build any map by kind and id (or name) from a backend: the one entry point the CLI
(`dutygraph render`) and the web pages share.

Data comes from library queries over the backend (rollup, responsibilities, find_units,
find_notices) and views (graph.org, graph.notice_view, graph.unit_card) over the part of the
graph each map reads (unit_graph, loop_graph, map_graph), so the maps are the same on the
SQLite store and on Neo4j.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, get_args

import graphviz
import networkx as nx

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.queries import Rollup, UnitInfo
from dutygraph.graph.supervision.lights import loop_lights
from dutygraph.graph.views import attrs, find_groups, notice_view, organisation
from dutygraph.graph.views.unit_card import unit_card
from dutygraph.visualize.legend import Key, as_of_text, legend_keys, lights_drawn, with_legend
from dutygraph.visualize.map_status import (
    card_nodes,
    map_status,
    notice_nodes,
    org_nodes,
    rollup_nodes,
)
from dutygraph.visualize.nodes import Link, Status, no_link
from dutygraph.visualize.org_map import org_map
from dutygraph.visualize.rollup_map import rollup_map
from dutygraph.visualize.task_map import task_map
from dutygraph.visualize.unit_map import unit_map

MapKind = Literal["org", "notice", "rollup", "unit"]
KINDS: tuple[MapKind, ...] = get_args(MapKind)
KIND_TITLE: dict[str, str] = {
    "org": "组织架构",
    "notice": "任务分解",
    "rollup": "指标分解",
    "unit": "单位责任",
}
_WHAT = {"org": "group", "notice": "notice", "rollup": "allocation table", "unit": "unit"}


class MapNotFound(LookupError):
    """Nothing of that kind matches the id or name; the message says what was asked."""


class AmbiguousMap(LookupError):
    """A name matches several nodes; the message lists them so the user can pick one, and
    `candidates` holds (id, label) of each for links."""

    def __init__(self, message: str, candidates: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class NoSuchPeriod(MapNotFound):
    """A roll-up table exists but has no target for the period asked (?period=2099)."""

    def __init__(self, table: str, period: str, periods: list[str]) -> None:
        super().__init__(f"{table!r} has no period {period!r} (periods: {', '.join(periods)})")
        self.table = table
        self.period = period
        self.periods = periods


@dataclass(frozen=True)
class Map:
    """A built map: its kind, the resolved id (node id, or table name), a title and the graph.

    `periods` lists the other periods of a roll-up table (the page links to each); `as_of` is
    the date of the traffic lights drawn, if any.
    """

    kind: MapKind
    id: str
    title: str
    graph: graphviz.Digraph
    period: str | None = None
    periods: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    source: nx.MultiDiGraph | None = field(default=None, compare=False, repr=False)
    """The graph it was drawn from: on Neo4j only the part a unit's or roll-up's map reads."""

    @property
    def legend(self) -> list[Key]:
        """The legend entries for what this map draws (visualize.legend)."""
        return legend_keys(self.graph)

    @property
    def dated(self) -> str:
        """'进度截至2024-12-10' when the map draws traffic lights, else ''."""
        return as_of_text(self.as_of, lights_drawn(self.graph))

    @property
    def printable(self) -> graphviz.Digraph:
        """The graph with its legend and date drawn in, for files (PNG, PDF, SVG downloads)."""
        return with_legend(self.graph, self.as_of)


def _one(kind: str, ident: str, found: list[str], labels: list[str]) -> str:
    if not found:
        raise MapNotFound(f"no {_WHAT[kind]} matches {ident!r}")
    if len(found) > 1:
        names = "; ".join(labels[:5]) + ("; …" if len(labels) > 5 else "")
        raise AmbiguousMap(
            f"{ident!r} matches {len(found)} {_WHAT[kind]}s: {names}",
            list(zip(found, labels, strict=True)),
        )
    return found[0]


def _node_of(g: nx.MultiDiGraph, kind: str, ident: str, found: list[str]) -> str:
    return _one(kind, ident, found, [str(attrs(g, n)["label"]) for n in found])


def _exact(g: nx.MultiDiGraph, ident: str, kind: str) -> list[str]:
    """[ident] when it is itself the id of a `kind` node, so no name search is needed."""
    return [ident] if ident in g and attrs(g, ident)["kind"] == kind else []


def pick_rollup(rows: list[Rollup], ident: str, period: str | None) -> tuple[Rollup, list[str]]:
    """The roll-up to draw: the period asked for, else the one with a headline (the widest)."""
    tables = sorted({r.table for r in rows})
    table = _one("rollup", ident, tables, tables)
    rows = [r for r in rows if r.table == table]
    periods = sorted({r.period for r in rows})
    if period is not None:
        rows = [r for r in rows if r.period == period]
        if not rows:
            raise NoSuchPeriod(table, period, periods)
    rows.sort(key=lambda r: (r.headline is None, -len(r.period), r.period, r.notice))
    return rows[0], periods


def build_map(
    backend: GraphBackend,
    kind: str,
    ident: str,
    *,
    period: str | None = None,
    link: Link = no_link,
    status: Status | None = None,
    as_of: dt.date | None = None,
    links: Callable[[nx.MultiDiGraph], Link] | None = None,
) -> Map:
    """The map of `kind` for `ident` (a node id or a name; a table name for rollup).

    With `as_of`, nodes are filled with their traffic lights at that date (map_status);
    an explicit `status` entry wins; `links` makes the links from the graph the map is drawn
    from (instead of `link`). Each map reads only its part of the graph (on Neo4j). Raises MapNotFound / AmbiguousMap
    (LookupErrors) with a one-line message, and ValueError for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown map kind {kind!r}; use one of {', '.join(KINDS)}")

    def lit(g: nx.MultiDiGraph, nodes: dict[str, str], unit: str | None = None) -> Status | None:
        if as_of is None:
            return status
        lights = loop_lights(backend, g, as_of)
        return {**map_status(g, nodes, as_of, lights, unit), **(status or {})}

    if kind == "rollup":
        r, periods = pick_rollup(backend.rollup(ident), ident, period)
        # A roll-up is drawn from the query alone: read its cells only for their lights.
        cells = rollup_nodes(r)
        g = backend.loop_graph(sorted(set(cells.values())))
        graph = rollup_map(r, links(g) if links else link, lit(g, cells) if as_of else status)
        title = f"指标分解：{r.table}（{r.period}）"
        return Map("rollup", r.table, title, graph, r.period, periods, as_of, g)
    if kind == "unit":
        uid = _unit_of(backend, ident)
        g = backend.unit_graph(uid)
        card = unit_card(g, uid, backend.responsibilities(str(attrs(g, uid)["label"])))
        graph = unit_map(card, links(g) if links else link, lit(g, card_nodes(card), uid))
        return Map("unit", uid, f"单位责任：{card.unit.label}", graph, as_of=as_of, source=g)
    # The map's part of the graph: on Neo4j its nodes and what they are coloured by.
    g = backend.map_graph(kind, ident, lights=as_of is not None)
    link = links(g) if links else link
    if kind == "org":
        gid = _node_of(g, kind, ident, find_groups(g, ident))
        org = organisation(g, gid)
        graph = org_map(org, link, lit(g, org_nodes(org)))
        return Map("org", gid, f"组织架构：{org.group.label}", graph, as_of=as_of, source=g)
    if kind == "notice":
        nid = _node_of(g, kind, ident, _exact(g, ident, "Notice") or backend.find_notices(ident))
        view = notice_view(g, nid)
        graph = task_map(view, link, lit(g, notice_nodes(view)))
        title = f"任务分解：{view.doc_number or view.notice.label}"
    return Map("notice", nid, title, graph, as_of=as_of, source=g)


def _unit_of(backend: GraphBackend, ident: str) -> str:
    """The Unit node an id or name stands for, looked up without reading the graph."""
    if isinstance(backend.get_nodes([ident]).get(ident), UnitInfo):
        return ident
    found = backend.find_units(ident)
    infos = backend.get_nodes(found)
    names = [i.name if isinstance(i := infos.get(n), UnitInfo) else n for n in found]
    return _one("unit", ident, found, names)


def all_maps(backend: GraphBackend) -> list[tuple[MapKind, str, str]]:
    """(kind, id, label) of every map the store has: groups, notices, tables, owning units."""
    c = backend.catalog()
    out: list[tuple[MapKind, str, str]] = [("org", r.id, r.label) for r in c.groups]
    out += [("notice", r.id, r.label) for r in c.notices]
    out += [("rollup", t.name, t.name) for t in c.tables]
    out += [("unit", r.id, r.label) for r, owns in c.units if owns]
    return out
