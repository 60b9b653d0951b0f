"""What a store holds that has a map: groups, loaded notices, units and allocation tables.

Read from a snapshot graph (`catalog`), or on Neo4j from a few aggregate rows
(graph/backends/neo4j/browse.py) put together by `catalog_of`; the index page and
`dutygraph render all` list these.
"""

from dataclasses import dataclass

import networkx as nx

from dutygraph.graph.views.refs import Ref, attrs, notice_nodes, of_kind, out_edges, ref


@dataclass(frozen=True)
class Table:
    """An allocation table (the roll-up's indicator) and the notices that allocate it."""

    name: str
    notices: list[Ref]


@dataclass(frozen=True)
class Catalog:
    """Groups, notices, units (with how many items each owns directly) and tables, by label."""

    groups: list[Ref]
    notices: list[Ref]
    units: list[tuple[Ref, int]]
    tables: list[Table]


def catalog_of(
    groups: list[Ref],
    notices: dict[str, Ref],
    units: list[tuple[Ref, int]],
    cells: list[tuple[str, str]],
) -> Catalog:
    """The catalog from its rows: loaded notices by parse id, units with how many items they
    own, and (table, parse notice id) of the non-stated targets in target-id order."""
    tables: dict[str, list[Ref]] = {}
    for table, notice in cells:
        owners = tables.setdefault(table, [])
        if notice in notices and notices[notice] not in owners:
            owners.append(notices[notice])
    return Catalog(
        groups=sorted(groups, key=lambda r: r.label),
        notices=[notices[k] for k in sorted(notices)],
        units=sorted(units, key=lambda x: x[0].label),
        tables=[Table(name, tables[name]) for name in sorted(tables)],
    )


def catalog(g: nx.MultiDiGraph) -> Catalog:
    """Everything that has a map, sorted by label (notices in parse-id order)."""
    cells = [
        (str(p["table"]), str(p["notice"]))
        for t in of_kind(g, "Target")
        if not (p := attrs(g, t)["props"]).get("stated")
    ]
    return catalog_of(
        [ref(g, n) for n in of_kind(g, "Group")],
        {k: ref(g, n) for k, n in notice_nodes(g).items()},
        [(ref(g, u), len(out_edges(g, u, "OWNS"))) for u in of_kind(g, "Unit")],
        cells,
    )
