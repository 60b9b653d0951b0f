"""Neo4j records become the embedded store's graph shape (snapshot_graph), node for node."""

import json
from typing import Any

from dutygraph.graph.backends import _edge_row, _source, merged_node, snapshot_graph
from dutygraph.graph.build import build
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult


def _as_neo4j(results: list[ParseResult]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows SNAPSHOT_NODES / SNAPSHOT_EDGES return after the Neo4j store loaded `results`."""
    sources: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for facts in (build(r) for r in results):
        for n in facts.nodes:
            sources.setdefault(n.id, []).append(f"{facts.notice_id}\t{_source(n)}")
            kinds[n.id] = n.kind
        for e in facts.edges:
            row = _edge_row(e)
            key = (e.src, e.dst, row["key"])
            seen = edges[key]["props"]["notice_ids"] if key in edges else []
            props = {**row["props"], "key": row["key"], "notice_ids": [*seen, facts.notice_id]}
            edges[key] = {"src": e.src, "dst": e.dst, "kind": e.kind, "props": props}
    nodes = [
        {"id": i, "kind": kinds[i], "props": json.loads(json.dumps(merged_node(i, s)))}
        for i, s in sources.items()
    ]
    return nodes, list(edges.values())


def test_snapshot_graph_has_the_embedded_shape(store: Store, results: list[ParseResult]) -> None:
    g = snapshot_graph(*_as_neo4j(results))
    assert (g.number_of_nodes(), g.number_of_edges()) == store.counts()
    for node in ("u:枣庄市市中区税郭镇", "t:na3a8e7f37d:三.(三).1", "t:n215db929d3:二.(一)"):
        want = store.graph.nodes[node]
        got = g.nodes[node]
        assert (got["kind"], got["label"]) == (want["kind"], want["label"])
        assert sorted(got["notices"]) == sorted(want["notices"])
    owns = [d for _, _, d in g.edges(data=True) if d["kind"] == "OWNS"]
    assert owns and all("role" in d["props"] for d in owns)
