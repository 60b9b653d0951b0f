"""The store comparison of `make bench` at toy size: both stores end with the same graph."""

import os

import pytest

from bench.stores_bench import measure
from bench.synthetic import Shape

NO_NEO4J = "NEO4J_URI is not set: no Neo4j server here (make test starts one with java and mvn)"


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_both_stores_measured_on_the_same_graph() -> None:
    shape = Shape(cities=1, counties=2, townships=10, indicators=7)
    embedded, neo4j = measure(shape, runs=1)
    assert (embedded.nodes, embedded.edges) == (neo4j.nodes, neo4j.edges)
    assert embedded.nodes > 10 * 7 * 3 and neo4j.load_s > 0 and neo4j.gaps_county_s > 0
