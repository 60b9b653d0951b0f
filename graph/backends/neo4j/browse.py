"""What the index, task, notice-list and members pages read on Neo4j, without the whole graph.

The index lists groups, notices, tables and units from aggregate rows (browse_cypher.py) and
counts its overview's colours from the lights computed on the server (neo4j/lights.py); a
task, a notice's list and a group's members read their part through scoped.Scope (the
supervision loop's lights as loop_graph reads them). The graphs have the shape of snapshot(),
so the same graph.views run on them (~50 s over Bolt for the synthetic province's whole
graph).
"""

import datetime as dt
from typing import Any

import networkx as nx

from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.backends.neo4j.browse_cypher import PAGES
from dutygraph.graph.backends.neo4j.lights import overview_lights
from dutygraph.graph.backends.neo4j.scoped import Read, Scope
from dutygraph.graph.backends.neo4j.scoped import _loop as loop_scope
from dutygraph.graph.gaps.overview import Overview, overview_of
from dutygraph.graph.model import unit_id
from dutygraph.graph.views.catalog import Catalog, catalog_of
from dutygraph.graph.views.refs import Ref, notice_nodes


def _rows(read: Read, name: str) -> list[dict[str, Any]]:
    return read(PAGES[name][0])


def _heads(read: Read) -> dict[str, Ref]:
    """Loaded notices by parse id (as refs.notice_nodes reads them)."""
    scope = Scope(read)
    scope.notices()
    g = scope.graph()
    return {k: Ref(n, "Notice", str(g.nodes[n]["label"])) for k, n in notice_nodes(g).items()}


def catalog(read: Read) -> Catalog:
    """Groups, notices' heads, units with their count of owned items and tables, by aggregates."""
    groups = [
        Ref(r["id"], "Group", str(r["props"].get("label") or ""))
        for r in _rows(read, "PAGE_GROUPS")
    ]
    units = [
        (Ref(r["id"], "Unit", str(r["label"] or "")), int(r["owns"]))
        for r in _rows(read, "PAGE_UNIT_OWNS")
    ]
    cells = [(str(r["table"]), str(r["notice"])) for r in _rows(read, "PAGE_TABLES")]
    return catalog_of(groups, _heads(read), units, cells)


def overview(read: Read, as_of: dt.date) -> Overview:
    """graph.gaps.overview (the lights of every township target and headline indicator) from
    server-side actuals (neo4j/lights.py), counted over a graph of the notices and units."""
    scope = Scope(read)
    scope.notices()
    scope.add(
        {"id": r["id"], "kind": "Unit", "props": {"label": r["label"]}}
        for r in _rows(read, "PAGE_UNIT_OWNS")
    )
    return overview_of(scope.graph(), as_of, overview_lights(read, as_of))


def _light(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Target rows without the properties a node does not have (as the embedded graph)."""
    return [{**r, "props": {k: v for k, v in r["props"].items() if v is not None}} for r in rows]


def pool_graph(read: Read, kind: str) -> nx.MultiDiGraph:
    """Tasks (with the notices' heads) or groups with their names: what find_tasks and
    find_groups choose from."""
    scope = Scope(read)
    if kind == "Task":
        scope.notices()
        scope.add(_light(_rows(read, "PAGE_TASKS")))
    else:
        scope.add(_light(_rows(read, "PAGE_GROUPS")))
    return scope.graph()


def _notice_part(scope: Scope, nid: str) -> list[str]:
    """What graph.views.notice_view reads of one notice: its tasks with their owners and
    indicators, its own indicators, its allocation tables; the tasks and indicators."""
    if not scope.nodes_of([nid]) or scope.kind(nid) != "Notice":
        return []
    rows = scope.edges_out([nid], ["CONTAINS"])
    tasks = scope.of_kind((str(r["dst"]) for r in rows), "Task")
    scope.edges_in(tasks, ["OWNS"])
    rows += scope.edges_out(tasks, ["CONTAINS"])
    parse_id = scope.props(nid).get("notice")
    if parse_id:
        scope.by_notice([str(parse_id)], ["Target"])
    return [*tasks, *scope.of_kind((str(r["dst"]) for r in rows), "Indicator")]


def task_graph(read: Read, tid: str) -> nx.MultiDiGraph:
    """A graph on which the task page (graph.views.task_card, its loop lights, its owners'
    lights, due_of and the tables that measure it) is as on the whole graph."""
    scope = Scope(read)
    scope.notices()
    found = scope.of_kind(scope.nodes_of([tid]), "Task")
    parents = scope.edges_in(found, ["CONTAINS"])
    for nid in scope.of_kind((str(r["src"]) for r in parents), "Notice"):
        _notice_part(scope, nid)
    children = scope.edges_out(found, ["CONTAINS"])
    loop_scope(scope, [*found, *scope.of_kind((str(r["dst"]) for r in children), "Indicator")])
    return scope.graph()


def notice_graph(read: Read, nid: str) -> nx.MultiDiGraph:
    """A graph on which a notice's list (graph.views.notice_view with the loop's lights of its
    tasks and indicators) is as on the whole graph."""
    scope = Scope(read)
    scope.notices()
    loop_scope(scope, _notice_part(scope, nid))
    return scope.graph()


def group_graph(read: Read, gid: str) -> nx.MultiDiGraph:
    """A graph on which graph.views.organisation(gid) is as on the whole graph: its leaders and
    their units, office, members and what is under them, its notices, region and subregions."""
    scope = Scope(read)
    scope.notices()
    if not scope.nodes_of([gid]) or scope.kind(gid) != "Group":
        return scope.graph()
    rows = scope.edges_in([gid], ["LEADS", "MEMBER_OF"])
    leaders = scope.of_kind((str(r["src"]) for r in rows), "Leader")
    rows += scope.edges_out(leaders, ["MEMBER_OF"])
    # 004 names "…领导小组办公室" and "…领导小组成员单位" as owners (views.org._named_units).
    label = str(scope.props(gid).get("label") or "")
    names = [label + "办公室", label + "成员单位"]
    scope.nodes_of(str(r["id"]) for r in read(cypher.FIND_UNITS_BY_LABEL, names=names))
    units = scope.of_kind(scope.nodes, "Unit")
    scope.edges_in(units, ["MEMBER_OF", "PART_OF"])
    g = scope.graph()
    for notice in g.nodes[gid]["notices"]:
        heads = notice_nodes(g)
        if notice in heads:
            place = g.nodes[heads[notice]]["props"].get("jurisdiction")
            if place and scope.nodes_of([unit_id(place)]):
                scope.edges_in([unit_id(place)], ["PART_OF"])
                break
    return scope.graph()
