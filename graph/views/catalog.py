"""What a store holds that has a map: groups, loaded notices, units and allocation tables.

Read from a snapshot graph; the index page and `dutygraph render all` list these.
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


def catalog(g: nx.MultiDiGraph) -> Catalog:
    """Everything that has a map, sorted by label (notices in parse-id order)."""
    by_notice = notice_nodes(g)
    tables: dict[str, list[str]] = {}
    for t in of_kind(g, "Target"):
        p = attrs(g, t)["props"]
        if not p.get("stated"):
            owners = tables.setdefault(str(p["table"]), [])
            if p["notice"] in by_notice and by_notice[p["notice"]] not in owners:
                owners.append(by_notice[p["notice"]])
    units = [(ref(g, u), len(out_edges(g, u, "OWNS"))) for u in of_kind(g, "Unit")]
    return Catalog(
        groups=sorted((ref(g, n) for n in of_kind(g, "Group")), key=lambda r: r.label),
        notices=[ref(g, by_notice[k]) for k in sorted(by_notice)],
        units=sorted(units, key=lambda x: x[0].label),
        tables=[Table(name, [ref(g, n) for n in tables[name]]) for name in sorted(tables)],
    )
