"""One GraphBackend interface over both stores: the embedded store and Neo4j (with its Cypher).

May import graph.store, graph.queries and graph.progress; the rooms above read through it."""

from dutygraph.graph.backends.backend import Embedded, GraphBackend, open_backend
from dutygraph.graph.backends.neo4j import (
    URI_VAR,
    Neo4jStore,
    _edge_row,
    _source,
    merged_node,
)
from dutygraph.graph.backends.neo4j_scoped import snapshot_graph

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
