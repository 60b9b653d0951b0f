"""The part of a Neo4j graph that gaps for one notice or unit, or a few lights, read.

Parameterised Cypher (cypher.SCOPE_*) selects on the server the nodes and relationships the
Python checks of graph.gaps and graph.progress look at for that scope: the scope's items, their
owners, members and leaders, the targets of the same cells with their reports and
contributions, the notices' deadlines and tasks. The result has the shape of snapshot(), so the
same find_gaps / Lights rules run on it: no rule is written twice, and the whole graph (~50 s
over Bolt on the synthetic province) is not read.
"""

from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.backends.neo4j.integrity import integrity_orphans
from dutygraph.graph.gaps.find import match_notices
from dutygraph.graph.store import Edit

Read = Callable[..., list[dict[str, Any]]]
# Edge kinds around an item that the checks read: who owns it, what contains it, what counts
# toward it.
_AROUND_ITEM = ["OWNS", "CONTAINS", "CONTRIBUTES_TO"]
_PEOPLE = ["MEMBER_OF", "LEADS"]
# What a notice states, for gaps of that notice.
_NOTICE_KINDS = ["Task", "Indicator", "Target", "Deadline", "Report", "Notice"]


def snapshot_graph(
    node_rows: Iterable[dict[str, Any]], edge_rows: Iterable[dict[str, Any]]
) -> nx.MultiDiGraph:
    """The embedded store's graph shape (kind, label, props, notices) from Neo4j records."""
    g = nx.MultiDiGraph()
    for row in node_rows:
        p = dict(row["props"])
        label, notices = p.pop("label", ""), list(p.pop("notice_ids", []))
        for reserved in ("id", "sources"):
            p.pop(reserved, None)
        g.add_node(row["id"], kind=row["kind"], label=label, props=p, notices=notices)
    for row in edge_rows:
        p = dict(row["props"])
        key, notices = p.pop("key", row["kind"]), list(p.pop("notice_ids", []))
        g.add_edge(row["src"], row["dst"], key=key, kind=row["kind"], props=p, notices=notices)
    return g


class Scope:
    """Nodes and relationships read so far, by id and by (src, dst, key)."""

    def __init__(self, read: Read) -> None:
        self.read = read
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._lit: set[str] = set()
        self._whole: set[str] = set()
        """Notices all of whose targets are read (a target's cell is then read too)."""

    # -- reading ----------------------------------------------------------------------------

    def add(self, rows: Iterable[dict[str, Any]]) -> list[str]:
        """Node rows (id, kind, props); the ids, in order."""
        ids = []
        for r in rows:
            if isinstance(r["props"], list):  # cypher.SCOPE_*: [key, value] pairs
                r = {**r, "props": dict(r["props"])}
            self.nodes.setdefault(str(r["id"]), r)
            ids.append(str(r["id"]))
        return ids

    def _edges(self, query: str, ids: Iterable[str], kinds: list[str]) -> list[dict[str, Any]]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        rows = self.read(query, ids=wanted, kinds=kinds)
        for r in rows:
            key = str(r["props"].get("key", r["kind"]))
            self.edges.setdefault((str(r["src"]), str(r["dst"]), key), r)
            self.add([r["node"]])
        return rows

    def edges_in(self, ids: Iterable[str], kinds: list[str]) -> list[dict[str, Any]]:
        return self._edges(cypher.SCOPE_EDGES_IN, ids, kinds)

    def edges_out(self, ids: Iterable[str], kinds: list[str]) -> list[dict[str, Any]]:
        return self._edges(cypher.SCOPE_EDGES_OUT, ids, kinds)

    def nodes_of(self, ids: Iterable[str]) -> list[str]:
        """The nodes with these ids (those not read yet are read); the ids that exist."""
        missing = sorted({i for i in ids if i not in self.nodes})
        if missing:
            self.add(self.read(cypher.GET_NODES, ids=missing))
        return [i for i in ids if i in self.nodes]

    def by_notice(self, notices: Iterable[str], kinds: list[str]) -> list[str]:
        wanted = sorted(set(notices))
        if not wanted:
            return []
        if "Target" in kinds:
            self._whole.update(wanted)
        return self.add(self.read(cypher.SCOPE_BY_NOTICE, notices=wanted, kinds=kinds))

    def kind(self, n: str) -> str:
        return str(self.nodes[n]["kind"])

    def props(self, n: str) -> dict[str, Any]:
        p: dict[str, Any] = self.nodes[n]["props"]
        return p

    def of_kind(self, ids: Iterable[str], *kinds: str) -> list[str]:
        return sorted({i for i in ids if i in self.nodes and self.kind(i) in kinds})

    # -- what the checks read around a node -------------------------------------------------

    def notices(self) -> None:
        """Every Notice node: notice dates, names and --notice matching read them all."""
        self.add(self.read(cypher.SCOPE_KIND["Notice"]))

    def owners(self, items: Iterable[str]) -> list[str]:
        """Units owning these items, with the members of collective owners; the owner ids."""
        rows = self.edges_in(items, ["OWNS"])
        units = self.of_kind((str(r["src"]) for r in rows), "Unit")
        self.members(units)
        return units

    def members(self, units: Iterable[str]) -> list[str]:
        """The members of the collective ones among these units."""
        collectives = [u for u in units if self.props(u).get("collective")]
        rows = self.edges_in(collectives, ["MEMBER_OF"])
        return self.of_kind((str(r["src"]) for r in rows), "Unit")

    def duties(self, units: Iterable[str]) -> list[dict[str, Any]]:
        """What each unit owns, directly and through its collectives, and its named people;
        the units' own OWNS and MEMBER_OF rows."""
        units = sorted(set(units))
        rows = self.edges_out(units, ["OWNS", "MEMBER_OF"])
        collectives = self.of_kind(
            (str(r["dst"]) for r in rows if r["kind"] == "MEMBER_OF"), "Unit"
        )
        self.edges_out(collectives, ["OWNS"])
        self.edges_in(units, _PEOPLE)
        return rows

    def light(self, items: Iterable[str]) -> None:
        """What the lights of these targets and indicators read (graph.progress.traffic)."""
        new = [i for i in items if i not in self._lit]
        indicators = self.of_kind(new, "Indicator")
        targets = set(self.of_kind(new, "Target"))
        if indicators:
            # An indicator broken down by an allocation table sums that table's cells.
            notices = {str(self.props(i).get("notice")) for i in indicators}
            cells = self.by_notice(notices, ["Target"])
            targets |= {t for t in cells if not self.props(t).get("stated")}
            rows = self.edges_in(indicators, _AROUND_ITEM)
            self.owners(self.of_kind((str(r["src"]) for r in rows), "Task"))
            self.add(self.read(cypher.SCOPE_REPORTS, items=indicators, units=[]))
            self.nodes_of(sorted({str(u) for i in indicators if (u := self.props(i).get("unit"))}))
        todo = sorted(targets - self._lit)
        self._lit |= set(new) | targets
        self._light_targets(todo)

    def _light_targets(self, todo: list[str]) -> None:
        seen: set[str] = set()
        while todo:
            seen.update(todo)
            rest = [t for t in todo if str(self.props(t).get("notice")) not in self._whole]
            cells = todo + (self.add(self.read(cypher.SCOPE_CELLS, ids=rest)) if rest else [])
            self.add(self.read(cypher.SCOPE_REPORTS, items=sorted(set(cells)), units=[]))
            self.nodes_of(sorted({str(self.props(t)["unit"]) for t in cells}))
            stated = {t for t in cells if self.props(t).get("stated")}
            rows = self.edges_in(cells, ["CONTRIBUTES_TO"])
            # A 合计 with no report of its own sums its rows' actuals: their cells too.
            todo = sorted(
                {
                    str(r["src"])
                    for r in rows
                    if r["dst"] in stated and r["node"]["kind"] == "Target"
                }
                - seen
            )

    # -- the result -------------------------------------------------------------------------

    def graph(self) -> nx.MultiDiGraph:
        """The snapshot() shape: nodes by id, relationships by (src, dst) like SNAPSHOT_*."""
        nodes = [self.nodes[n] for n in sorted(self.nodes)]
        edges = sorted(
            (r for (s, d, _), r in self.edges.items() if s in self.nodes and d in self.nodes),
            key=lambda r: (str(r["src"]), str(r["dst"])),
        )
        return snapshot_graph(nodes, edges)


def notice_scope(scope: Scope, wanted: set[str]) -> None:
    """Everything gaps of these notices (parse ids) read."""
    said = scope.by_notice(wanted, _NOTICE_KINDS)
    items = scope.of_kind(said, "Task", "Indicator", "Target")
    owners = scope.owners(items)
    # graph.gaps.owners.people: non-collective, non-region owners and collectives' members.
    people = {u for u in owners if not scope.props(u).get("region")}
    people = {u for u in people if not scope.props(u).get("collective")} | set(
        scope.members(owners)
    )
    scope.duties(people)
    deadlines = scope.of_kind(said, "Deadline")
    named = scope.nodes_of(
        sorted({str(o) for d in deadlines if (o := scope.props(d).get("owner_id"))})
    )
    scope.members(named)
    # Reports received from every unit that may owe one (graph.gaps.progress.reports).
    units = scope.of_kind(scope.nodes, "Unit")
    scope.add(scope.read(cypher.SCOPE_REPORTS, items=[], units=units))
    scope.light([i for i in items if scope.kind(i) != "Task" and not scope.props(i).get("stated")])


def unit_scope(scope: Scope, found: list[str]) -> None:
    """Everything gaps of these units (and the collectives they are members of) read."""
    scope.nodes_of(found)
    rows = scope.edges_out(found, ["MEMBER_OF"])
    units = sorted(set(found) | set(scope.of_kind((str(r["dst"]) for r in rows), "Unit")))
    duties = scope.duties(units)
    scope.members(units)
    # progress: the targets and indicators of these units, with what their lights read.
    items = scope.add(scope.read(cypher.SCOPE_ITEMS_OF_UNITS, units=units))
    # load: every task of the notices these units own tasks in, with all their owners.
    owned = scope.of_kind((str(r["dst"]) for r in duties if r["kind"] == "OWNS"), "Task")
    notices = {str(n) for t in owned if (n := scope.props(t).get("notice"))}
    # reports: the notices with recurring obligations, their tasks' owners, and these units'
    # reports received.
    recurring = {str(r["notice"]) for r in scope.read(cypher.SCOPE_RECURRING_NOTICES)}
    tasks = scope.by_notice(notices | recurring, ["Task"])
    scope.owners(tasks)
    dues = scope.by_notice(recurring, ["Deadline", "Indicator"])
    named = scope.nodes_of(sorted({str(o) for d in dues if (o := scope.props(d).get("owner_id"))}))
    scope.members(named)
    scope.add(scope.read(cypher.SCOPE_REPORTS, items=[], units=units))
    # names: the units a name could be one character away from.
    labels = [str(scope.props(u).get("label", "")) for u in units]
    places = sorted({str(scope.props(u).get("jurisdiction") or "") for u in units})
    scope.add(
        scope.read(cypher.SCOPE_NAME_PEERS, places=places, sizes=sorted({len(x) for x in labels}))
    )
    scope.light(
        [i for i in items if scope.kind(i) == "Indicator" or not scope.props(i).get("stated")]
    )


def gaps_graph(
    read: Read,
    find_units: Callable[[str], list[str]],
    orphans: Callable[[], tuple[list[dict[str, Any]], list[Edit]]],
    notice: str | None,
    unit: str | None,
) -> nx.MultiDiGraph:
    """A graph on which find_gaps(notice=, unit=) answers as on the whole graph.

    A notice or unit that matches nothing gives a graph of every notice or unit, on which
    find_gaps raises its GapQueryError with the same did-you-mean hint.
    """
    scope = Scope(read)
    scope.notices()
    if notice is not None:
        wanted = match_notices(scope.graph(), notice)
        if not wanted:
            return scope.graph()
        notice_scope(scope, wanted)
    if unit is not None:
        found = find_units(unit)
        if not found:
            scope.add(read(cypher.SCOPE_KIND["Unit"]))
            return scope.graph()
        unit_scope(scope, found)
    g = scope.graph()
    if notice is not None:
        _orphans(scope, g, *orphans())
    return g


def _orphans(
    scope: Scope, g: nx.MultiDiGraph, rows: list[dict[str, Any]], edits: list[Edit]
) -> None:
    """The store's orphans, judged against the whole store (a node is missing only if no node
    of the store has its id), with their present ends on `g`."""
    ends = {str(r[k]) for r in rows for k in ("src", "dst")}
    for e in edits:
        a = e.args
        ends |= {str(a.get(k, "")) for k in ("variant", "canonical", "unit", "item")}
    present = scope.nodes_of(sorted(ends - {""}))
    whole = scope.graph() if present else g
    integrity_orphans(whole, rows, edits)
    for n in present:
        if n not in g:
            a = whole.nodes[n]
            g.add_node(n, **a)
    g.graph.update(whole.graph)


def lights_graph(read: Read, ids: list[str]) -> nx.MultiDiGraph:
    """A graph on which the lights of these Target, Indicator, Task and Unit nodes are as on
    the whole graph (graph.progress.Lights)."""
    scope = Scope(read)
    scope.notices()
    found = scope.nodes_of(ids)
    rows = scope.edges_out(scope.of_kind(found, "Unit"), ["OWNS"])
    rows += scope.edges_out(scope.of_kind(found, "Task"), ["CONTAINS"])
    reached = scope.of_kind((str(r["dst"]) for r in rows), "Target", "Indicator")
    scope.light([*found, *reached])
    return scope.graph()


def rights_graph(read: Read, items: list[str], units: list[str]) -> nx.MultiDiGraph:
    """A graph on which graph.supervision.rights (subject_of, unit_subject) and
    status.assignment_of answer for these items and units as on the whole graph."""
    scope = Scope(read)
    scope.nodes_of(sorted({*items, *units}))
    rows = scope.edges_in(items, ["OWNS", "CONTAINS"])
    # An indicator with no owner of its own inherits its task's (rights.direct_owners).
    owned = {str(r["dst"]) for r in rows if r["kind"] == "OWNS"}
    bare = [i for i in scope.of_kind(items, "Indicator") if i not in owned]
    tasks = scope.of_kind((str(r["src"]) for r in rows if r["dst"] in bare), "Task")
    rows += scope.edges_in(tasks, ["OWNS"])
    # rights.members: every unit that belongs to an owner, transitively.
    todo = sorted({str(r["src"]) for r in rows if r["kind"] == "OWNS"})
    seen: set[str] = set()
    while todo:
        seen.update(todo)
        found = scope.edges_in(todo, ["MEMBER_OF"])
        todo = [u for u in scope.of_kind((str(r["src"]) for r in found), "Unit") if u not in seen]
    return scope.graph()


def _up(scope: Scope, units: list[str]) -> list[str]:
    """These units and every collective they belong to, transitively."""
    return _reach(scope, units, up=True)


def _down(scope: Scope, units: list[str]) -> list[str]:
    """These units and every unit that belongs to them, transitively (rights.members)."""
    return _reach(scope, units, up=False)


def _reach(scope: Scope, units: list[str], up: bool) -> list[str]:
    seen: set[str] = set()
    todo = sorted(set(units))
    while todo:
        seen.update(todo)
        rows = (scope.edges_out if up else scope.edges_in)(todo, ["MEMBER_OF"])
        ends = (str(r["dst" if up else "src"]) for r in rows)
        todo = [u for u in scope.of_kind(ends, "Unit") if u not in seen]
    return sorted(seen)


def loop_graph(read: Read, ids: list[str]) -> nx.MultiDiGraph:
    """A graph on which the lights of these Target, Indicator, Task and Unit nodes with the
    supervision loop's task × unit lights, and the ledger rows of these tasks and of every task
    these units own (directly or through their collectives), are as on the whole graph."""
    scope = Scope(read)
    scope.notices()
    _loop(scope, ids)
    return scope.graph()


def _loop(scope: Scope, ids: list[str]) -> list[str]:
    """What loop_graph reads for `ids`; the ids that exist."""
    found = scope.nodes_of(sorted(set(ids)))
    units = scope.of_kind(found, "Unit")
    owning = scope.edges_out(_up(scope, units), ["OWNS"])
    wanted = sorted(
        {*scope.of_kind(found, "Task"), *scope.of_kind((str(r["dst"]) for r in owning), "Task")}
    )
    # graph.supervision.status: each task's owners expanded to their members, its deadlines
    # and indicators (due_of, the measured tables), and the people of every assigned unit.
    children = scope.edges_out(wanted, ["CONTAINS"])
    owners = scope.of_kind((str(r["src"]) for r in scope.edges_in(wanted, ["OWNS"])), "Unit")
    assigned = _down(scope, owners)
    scope.edges_in(assigned, _PEOPLE)
    # The ledger's numbers: the assigned units' cells of their tasks' notices' tables, whose
    # widest targets say which table measures a task.
    notices = {str(n) for t in wanted if (n := scope.props(t).get("notice"))}
    cells = scope.by_notice(notices, ["Target"])
    mine = set(assigned) | set(units)
    lit = [c for c in cells if str(scope.props(c).get("unit")) in mine]
    items = scope.of_kind((str(r["dst"]) for r in children + owning), "Target", "Indicator")
    # 我的任务 and the ledger's 填报模板 list every allocation cell of the unit.
    rows = scope.read(cypher.SCOPE_ITEMS_OF_UNITS, units=units) if units else []
    cells += scope.add(r for r in rows if r["kind"] == "Target")
    lit += [c for c in cells if str(scope.props(c).get("unit")) in units]
    scope.light([*lit, *items, *scope.of_kind(found, "Target", "Indicator")])
    return found


def unit_graph(read: Read, uid: str) -> nx.MultiDiGraph:
    """A graph on which a unit's card and map (graph.views.unit_card, visualize.unit_map: its
    regions, collectives, groups, people and duties, with the loop's lights and their pages)
    are as on the whole graph."""
    scope = Scope(read)
    scope.notices()
    if not _loop(scope, [uid]):
        return scope.graph()
    rows = scope.edges_out([uid], ["PART_OF", "MEMBER_OF"])
    people = scope.edges_in([uid], _PEOPLE)
    leaders = scope.of_kind((str(r["src"]) for r in people), "Leader")
    scope.edges_out(leaders, _PEOPLE)
    # The map colours the unit's collectives and regions too.
    _loop(scope, scope.of_kind((str(r["dst"]) for r in rows), "Unit"))
    # An indicator's link opens its task's page, else its notice's list.
    indicators = scope.of_kind(scope.nodes, "Indicator")
    scope.edges_in(indicators, ["CONTAINS"])
    return scope.graph()
