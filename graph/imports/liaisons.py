"""Leaders and liaisons (附件7) into the graph: Leader nodes MEMBER_OF their unit, role kept.

The unit is resolved within every notice's jurisdiction and must be a unit the store already
knows; an unknown or ambiguous unit is a row problem.
"""

from pathlib import Path

import networkx as nx

from dutygraph.graph.imports.sheet import FactsBackend, ImportOutcome, Tick, commit, source_id
from dutygraph.graph.imports.unit_lookup import UnitLookup
from dutygraph.graph.model import Edge, Facts, Node, leader_id
from dutygraph.loaders.sheets import read_liaisons
from dutygraph.schema.rows import RowProblem


def liaison_facts(
    g: nx.MultiDiGraph, path: str, source: str, tick: Tick | None = None
) -> tuple[Facts, list[RowProblem]]:
    """Leader nodes and MEMBER_OF edges of one file, and the rows' problems."""
    data = read_liaisons(path)
    units = UnitLookup(g)
    facts = Facts(notice_id=source)
    problems = list(data.problems)
    for done, p in enumerate(data.records, start=1):
        if tick:
            tick(done, len(data.records))
        found = units.find(p.unit)
        if why := units.not_one(found, "单位", p.unit, "单位", "unit"):
            problems.append(
                RowProblem(
                    file=path, sheet=p.sheet, row=p.row, column="单位", value=p.unit, reason=why
                )
            )
            continue
        unit = found[0]
        lid = leader_id(units.label(unit), p.name, p.role)
        facts.nodes.append(
            Node(
                lid,
                "Leader",
                p.name,
                {
                    "name": p.name,
                    "title": p.title,
                    "role": p.role,
                    "org": units.label(unit),
                    "phone": p.phone,
                    "mobile": p.mobile,
                    "email": p.email,
                    "file": path,
                    "row": p.row,
                },
            )
        )
        facts.edges.append(Edge(lid, unit, "MEMBER_OF", "org", {"role": p.role}))
    return facts, problems


def import_liaisons(
    backend: FactsBackend, path: str | Path, partial: bool = False, tick: Tick | None = None
) -> ImportOutcome:
    """Read a 附件7 list and write it in one transaction (all or nothing unless partial)."""
    file = str(path)
    source = source_id("liaisons", path)
    facts, problems = liaison_facts(backend.names_graph("unit"), file, source, tick)
    return commit(backend, facts, file, len(facts.nodes), problems, partial)
