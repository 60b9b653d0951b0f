"""The registry's write bench of `make bench` at toy size: every write runs and leaves nothing."""

import os

import pytest

from bench.sources_bench import measure
from bench.synthetic import Shape
from dutygraph.graph.backends import Neo4jStore

NO_NEO4J = "NEO4J_URI is not set: no Neo4j server here (make test starts one with java and mvn)"


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_each_write_measured_and_the_store_left_empty() -> None:
    r = measure(Shape(cities=1, counties=2, townships=10, indicators=7))
    assert r.nodes > 10 * 7 * 3 and r.edges > r.nodes
    assert min(r.load_s, r.first_record_s, r.again_s, r.notice_s, r.import_again_s) > 0
    with Neo4jStore() as n:
        assert n.counts() == (0, 0) and n.notices() == []
