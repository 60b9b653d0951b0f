"""Lights and whole-province `progress` gaps on Neo4j: actuals by Cypher vs a graph read + Python.

The synthetic province with headline indicators and their reports, on the server at NEO4J_URI.
Before: the part `lights_graph` selects (or `snapshot()` for the whole store), then
graph.progress / find_gaps in Python; after: GraphBackend.lights and GraphBackend.gaps with the
actuals computed on the server (graph/backends/neo4j/lights.py). Same run, same answers
(asserted). Not part of `make bench` (loading the province takes a minute):
`NEO4J_HEAP=4g tools/neo4j/with_neo4j.sh .venv/bin/python -m bench.lights_bench`.
"""

import dataclasses
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.stores_bench import COUNTY, NOTICES
from bench.synthetic import Shape, synthetic_facts
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.gaps import find_gaps
from dutygraph.graph.gaps import to_json as gaps_json
from dutygraph.graph.progress import lights_at
from dutygraph.loaders import read_notice

TOWN = f"u:{COUNTY}第01镇"
"""A township of the first county: 60 yearly targets and two 2024-2026 headline cells."""
INDICATOR = "i:syn000:0"
"""The first county's headline 指标01 (2024-2026), summed from its table's township cells."""
AS_OF = dt.date(2024, 12, 10)
RUNS = 5


def _timed(work: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(first call s, median of the next `runs` s, the first answer)."""
    start = time.perf_counter()
    first = work()
    took = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return took, statistics.median(times), first


def measure(n: Neo4jStore) -> list[tuple[str, float, float, float, float]]:
    """(what, before first s, before median s, after first s, after median s) on a loaded `n`."""
    out = []
    for node in (TOWN, INDICATOR):

        def before(node: str = node) -> dict[str, Any]:
            g = n.lights_graph([node])
            return dataclasses.asdict(lights_at(g, AS_OF).status(node))

        def after(node: str = node) -> dict[str, Any]:
            return dataclasses.asdict(n.lights([node], AS_OF)[node])

        b1, bm, was = _timed(before, RUNS)
        a1, am, now = _timed(after, RUNS)
        assert was == now, (was, now)
        print(f"lights of {node}: {was['colour']} {was['explanation_zh'][:60]}", flush=True)
        out.append((f"lights of {node}", b1, bm, a1, am))
    start = time.perf_counter()
    was = gaps_json(find_gaps(n.snapshot(), AS_OF, kinds=["progress"]))
    b1 = time.perf_counter() - start
    start = time.perf_counter()
    now = gaps_json(n.gaps(AS_OF, kinds=["progress"])[0])
    a1 = time.perf_counter() - start
    assert was == now
    print(f"progress findings: {len(json.loads(was))}", flush=True)
    out.append(("whole-province progress gaps", b1, b1, a1, a1))
    return out


def main() -> None:
    with Neo4jStore() as n:
        n.clear()
        start = time.perf_counter()
        n.load_facts(synthetic_facts(Shape(headlines=2)))
        n.load([read_notice(p) for p in NOTICES])
        print(f"loaded {n.counts()} in {time.perf_counter() - start:.1f} s", flush=True)
        try:
            for what, b1, bm, a1, am in measure(n):
                print(
                    f"{what}: before {b1:.2f} s first, {bm:.3f} s median; "
                    f"after {a1:.2f} s first, {am:.3f} s median; "
                    f"ratio {bm / am:.1f}x (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
            print(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        finally:
            n.clear()


if __name__ == "__main__":
    main()
