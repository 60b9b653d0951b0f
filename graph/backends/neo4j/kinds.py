"""The gap kinds names, people, load and orphaned on Neo4j without snapshot().

Each reads its facts (graph.gaps.facts: UnitName, Staffed, Load, OrphanEnd) by the light
statements of kinds_cypher.py, and the builders the embedded store uses (graph.gaps.owners,
graph.gaps.orphans) turn them into findings: the rules are written once. `loop_tasks_graph`
is what the supervision loop's findings of the whole store read (every task, its owners and
their members, its deadlines and indicators), not the whole graph.
"""

from collections.abc import Callable
from typing import Any

import networkx as nx

from dutygraph.graph.backends.neo4j.kinds_cypher import (
    ENDS,
    STAFFED,
    TASK_LOAD,
    TASKS,
    UNIT_NAMES,
)
from dutygraph.graph.backends.neo4j.scoped import Scope, _down
from dutygraph.graph.gaps import orphans, owners
from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import Load, OrphanEnd, Staffed, UnitName
from dutygraph.graph.gaps.find import Check
from dutygraph.graph.gaps.finding import EntityRef, Finding, Kind
from dutygraph.graph.store import Orphan

Read = Callable[..., list[dict[str, Any]]]
SERVED: frozenset[Kind] = frozenset({"names", "people", "load", "orphaned"})
"""The kinds this module reads as facts from the server."""


def _ref(row: dict[str, Any], kind: str = "Unit") -> EntityRef:
    return EntityRef(id=str(row["id"]), kind=str(row.get("kind") or kind), label=str(row["label"]))


class KindFacts:
    """The facts of the names, people, load and orphaned kinds, read from the server."""

    def __init__(self, read: Read, orphans: Callable[[], list[Orphan]]) -> None:
        self.read = read
        self.orphans = orphans

    def unit_names(self) -> list[UnitName]:
        rows = sorted(self.read(UNIT_NAMES), key=lambda r: str(r["id"]))
        return [
            UnitName(
                _ref(r),
                [str(a) for a in r["aliases"]],
                str(r["jurisdiction"]),
                bool(r["collective"]),
                int(r["owned"]),
                bool(r["members"]),
            )
            for r in rows
        ]

    def staffed(self, units: list[str] | None) -> list[Staffed]:
        rows = sorted(self.read(STAFFED, units=units), key=lambda r: str(r["id"]))
        return [
            Staffed(
                _ref(r),
                int(r["items"]),
                sorted({str(n) for n in r["notices"] if n}),
                [(str(name), str(role)) for name, role in r["people"]],
            )
            for r in rows
        ]

    def loads(self, notices: list[str] | None) -> list[Load]:
        per_notice: dict[str, list[tuple[EntityRef, int]]] = {}
        for r in self.read(TASK_LOAD, notices=notices):
            per_notice.setdefault(str(r["notice"]), []).append((_ref(r), int(r["tasks"])))
        return [Load(n, sorted(ts, key=lambda t: t[0].id)) for n, ts in per_notice.items()]

    def orphan_ends(self) -> list[OrphanEnd]:
        found = self.orphans()
        present = [o.dst if o.missing == o.src else o.src for o in found]
        ids = sorted(set(present))
        rows = {str(r["id"]): r for r in (self.read(ENDS, ids=ids) if ids else [])}
        ends = []
        for o, p in zip(found, present, strict=True):
            r = rows.get(p)
            if r is None:
                ends.append(OrphanEnd(o, None))
            else:
                ends.append(OrphanEnd(o, _ref(r), r["value"], r["notice"]))
        return ends

    def checks(self) -> dict[Kind, Check]:
        """The checks find_gaps runs with these facts (a call for some notices or units
        filters their findings as it filters the embedded store's)."""

        def names(ctx: GapContext) -> list[Finding]:
            return [] if ctx.notices is not None else owners.names_findings(self.unit_names())

        def people(ctx: GapContext) -> list[Finding]:
            units = None if ctx.units is None else sorted(ctx.units)
            return owners.people_findings(self.staffed(units))

        def load(ctx: GapContext) -> list[Finding]:
            notices = None if ctx.notices is None else sorted(ctx.notices)
            return owners.load_findings(self.loads(notices))

        def orphaned(ctx: GapContext) -> list[Finding]:
            return orphans.orphaned_findings(self.orphan_ends())

        return {"names": names, "people": people, "load": load, "orphaned": orphaned}


def loop_tasks_graph(read: Read) -> nx.MultiDiGraph:
    """A graph on which the supervision loop's findings of the whole store (its ledger's
    task × unit rows: owners, members, 完成时限) are as on the whole graph; its lights and
    numbers are not (no target or report is read)."""
    scope = Scope(read)
    scope.notices()
    tasks = scope.nodes_of(sorted(str(r["id"]) for r in read(TASKS)))
    scope.edges_out(tasks, ["CONTAINS"])
    rows = scope.edges_in(tasks, ["OWNS"])
    _down(scope, sorted({str(r["src"]) for r in rows}))
    return scope.graph()
