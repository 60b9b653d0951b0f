"""Small shared pieces of the map views: node references and attribute access on a snapshot.

The views (graph.org, graph.notice_view, graph.unit_card, graph.catalog) read a networkx graph
in the embedded store's shape (kind, label, props, notices per node), which `backend.snapshot()`
returns for both stores.
"""

from dataclasses import dataclass
from typing import Any

import networkx as nx


@dataclass(frozen=True)
class Ref:
    """A node as a map shows it: its id, kind and label."""

    id: str
    kind: str
    label: str


def attrs(g: nx.MultiDiGraph, node_id: str) -> dict[str, Any]:
    """The node's attributes (kind, label, props, notices)."""
    a: dict[str, Any] = g.nodes[node_id]
    return a


def ref(g: nx.MultiDiGraph, node_id: str) -> Ref:
    a = attrs(g, node_id)
    return Ref(node_id, str(a["kind"]), str(a["label"]))


def of_kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    """Node ids of one kind, sorted."""
    return sorted(n for n, a in g.nodes(data=True) if a["kind"] == kind)


def in_edges(g: nx.MultiDiGraph, node_id: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(source, edge attrs) of the edges of `kind` into `node_id`, sorted by source."""
    return sorted(
        ((u, a) for u, _, a in g.in_edges(node_id, data=True) if a["kind"] == kind),
        key=lambda x: x[0],
    )


def out_edges(g: nx.MultiDiGraph, node_id: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(target, edge attrs) of the edges of `kind` out of `node_id`, sorted by target."""
    return sorted(
        ((v, a) for _, v, a in g.out_edges(node_id, data=True) if a["kind"] == kind),
        key=lambda x: x[0],
    )


def notice_nodes(g: nx.MultiDiGraph) -> dict[str, str]:
    """Parse id (na3a8e7f37d) -> the Notice node id of each loaded (non-stub) notice."""
    out: dict[str, str] = {}
    for n in of_kind(g, "Notice"):
        p = attrs(g, n)["props"]
        if not p.get("stub") and p.get("notice"):
            out[str(p["notice"])] = n
    return out
