"""The part of a Neo4j graph that an org or notice map, or the whole store's ledger, reads.

A leading group's map reads the group, its leaders and their units, its office and members with
the units under them, and its region's parts; a notice's map reads that notice's tasks, owners,
indicators and allocation cells (index on `notice`). What a map colours, and every ledger row,
reads what the supervision loop's lights read for those nodes (scoped.loop_graph). The result
has the shape of snapshot(), so graph.views and graph.supervision.ledger run on it unchanged,
without the whole graph (~50 s over Bolt on the synthetic province).
"""

from collections.abc import Callable

import networkx as nx

from dutygraph.graph.backends.neo4j.maps_cypher import MAPS
from dutygraph.graph.backends.neo4j.scoped import Read, Scope, _loop
from dutygraph.graph.model import unit_id
from dutygraph.graph.views.org import find_groups, organisation


def _org(scope: Scope, gid: str) -> list[str]:
    """What graph.views.organisation reads for group `gid`; the units its map draws."""
    rows = scope.edges_in([gid], ["LEADS", "MEMBER_OF"])
    leaders = scope.of_kind((str(r["src"]) for r in rows), "Leader")
    staff = scope.edges_out(leaders, ["MEMBER_OF"])
    label = str(scope.props(gid).get("label", ""))
    named = scope.add(
        scope.read(MAPS["MAPS_UNITS_NAMED"][0], labels=[label + "办公室", label + "成员单位"])
    )
    scope.edges_in({*(str(r["dst"]) for r in staff), *named}, ["MEMBER_OF", "PART_OF"])
    # The region: a jurisdiction of the group's notices that is a unit (organisation picks).
    heads = [scope.props(n) for n in scope.of_kind(scope.nodes, "Notice")]
    said = set(scope.props(gid).get("notice_ids", []))
    places = {
        str(p["jurisdiction"]) for p in heads if p.get("notice") in said and p.get("jurisdiction")
    }
    scope.edges_in(scope.nodes_of(sorted(unit_id(p) for p in places)), ["PART_OF"])
    return organisation(scope.graph(), gid).units


def _notice(scope: Scope, nid: str) -> list[str]:
    """What graph.views.notice_view reads for notice `nid`; the nodes its map draws."""
    rows = scope.edges_out([nid], ["CONTAINS"])
    tasks = scope.of_kind((str(r["dst"]) for r in rows), "Task")
    owners = scope.edges_in(tasks, ["OWNS"])
    rows += scope.edges_out(tasks, ["CONTAINS"])
    indicators = scope.of_kind((str(r["dst"]) for r in rows), "Indicator")
    # An indicator's link opens its task's page, else its notice's list.
    scope.edges_in(indicators, ["CONTAINS"])
    # The notice's allocation tables (an indicator's roll-up link).
    scope.by_notice([str(scope.props(nid).get("notice"))], ["Target"])
    return [*tasks, *indicators, *scope.of_kind((str(r["src"]) for r in owners), "Unit")]


def map_graph(
    read: Read, find_notices: Callable[[str], list[str]], kind: str, ident: str, lights: bool
) -> nx.MultiDiGraph:
    """A graph on which the org or notice map of `ident` (an id or a name) is drawn as on the
    whole graph, with the loop's lights of what it colours when `lights`. When `ident` matches
    no group or notice, or several, the groups or notices to name in the message."""
    scope = Scope(read)
    scope.notices()
    if kind == "org":
        scope.add(read(MAPS["MAPS_GROUPS"][0]))
        found = find_groups(scope.graph(), ident)
        drawn = _org(scope, found[0]) if len(found) == 1 else []
    else:
        exact = ident in scope.nodes and scope.kind(ident) == "Notice"
        found = [ident] if exact else find_notices(ident)
        drawn = _notice(scope, found[0]) if len(found) == 1 else []
    if lights and drawn:
        _loop(scope, drawn)
    return scope.graph()


def ledger_graph(read: Read, notice: str | None) -> nx.MultiDiGraph:
    """A graph on which the ledger of every task, or of the notice `notice` names (发文字号,
    title, node or parse id, as graph.supervision.ledger matches it), is as on the whole graph:
    the tasks and what their rows read, not the enterprises, cells and reports of no row."""
    scope = Scope(read)
    scope.notices()
    if notice is None:
        tasks = scope.add(read(MAPS["MAPS_TASKS"][0]))
    else:
        # The notices' heads say which parse id a 发文字号 or title stands for.
        named = {notice}
        for n in scope.of_kind(scope.nodes, "Notice"):
            p = scope.props(n)
            head = str(p.get("doc_number") or p.get("label") or n)
            if p.get("notice") and notice in (head, n):
                named.add(str(p["notice"]))
        tasks = scope.by_notice(named, ["Task"])
    _loop(scope, tasks)
    return scope.graph()
