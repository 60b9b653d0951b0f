"""One GraphBackend interface over both stores: the embedded store and Neo4j (with its Cypher).

May import graph.store, graph.queries and graph.progress; the rooms above read through it."""

from typing import TYPE_CHECKING, Any

from dutygraph.graph.backends.backend import Embedded, GraphBackend, open_backend
from dutygraph.loaders.lazy import lazy_export

if TYPE_CHECKING:  # the Neo4j driver (and the pandas it loads) take ~0.3 s to import
    from dutygraph.graph.backends.neo4j.scoped import snapshot_graph
    from dutygraph.graph.backends.neo4j.store import (
        URI_VAR,
        Neo4jStore,
        _edge_row,
        _source,
        merged_node,
    )

__all__ = [
    "Embedded",
    "GraphBackend",
    "Neo4jStore",
    "URI_VAR",
    "_edge_row",
    "_source",
    "merged_node",
    "open_backend",
    "snapshot_graph",
]

_NEO4J = "dutygraph.graph.backends.neo4j.store"
_WHERE = {n: _NEO4J for n in ("URI_VAR", "Neo4jStore", "_edge_row", "_source", "merged_node")}
_WHERE["snapshot_graph"] = "dutygraph.graph.backends.neo4j.scoped"


def __getattr__(name: str) -> Any:
    return lazy_export(__name__, _WHERE, name)
