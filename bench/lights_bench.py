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

import networkx as nx

from bench.stores_bench import COUNTY, NOTICES
from bench.synthetic import Shape, synthetic_facts
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j.browse import _light
from dutygraph.graph.backends.neo4j.browse_cypher import PAGES
from dutygraph.graph.backends.neo4j.lights import progress_findings
from dutygraph.graph.backends.neo4j.lights_cypher import SCOPE_ACTUALS, _targets
from dutygraph.graph.backends.neo4j.scoped import Scope
from dutygraph.graph.gaps import find_gaps, overview
from dutygraph.graph.gaps import to_json as gaps_json
from dutygraph.graph.progress import lights_at
from dutygraph.loaders import read_notice

TOWN = f"u:{COUNTY}第01镇"
"""A township of the first county: 60 yearly targets and two 2024-2026 headline cells."""
INDICATOR = "i:syn000:0"
"""The first county's headline 指标01 (2024-2026), summed from its table's township cells."""
AS_OF = dt.date(2024, 12, 10)
RUNS = 5
PER_TARGET = _targets("""\
MATCH (t:Target)
WHERE ($notices IS NULL OR t.notice IN $notices) AND ($units IS NULL OR t.unit IN $units)
  AND NOT coalesce(t.stated, false)""")
"""SCOPE_ACTUALS before it read cells: each target's cover by its own subquery."""


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


def _overview_graph(read: Any) -> nx.MultiDiGraph:
    """What the index's overview read before it used server-side actuals: notices, units'
    names, targets', indicators' and reports' light properties, enterprises' contributions."""
    scope = Scope(read)
    scope.notices()
    scope.add(
        {"id": r["id"], "kind": "Unit", "props": {"label": r["label"]}}
        for r in read(PAGES["PAGE_UNIT_OWNS"][0])
    )
    scope.add(_light(read(PAGES["PAGE_LIGHT_TARGETS"][0])))
    indicators = scope.add(read(PAGES["PAGE_INDICATORS"][0]))
    scope.edges_in(indicators, ["CONTAINS"])
    scope.add(read(PAGES["PAGE_REPORTS"][0]))
    for r in read(PAGES["PAGE_ENTERPRISE_EDGES"][0]):
        key = str(r["props"].get("key", r["kind"]))
        scope.edges.setdefault((str(r["src"]), str(r["dst"]), key), r)
        scope.add([r["node"]])
    return scope.graph()


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

    # The whole store's and one notice's progress gaps: before, each target's own cover
    # subquery (the statement before the set-based SCOPE_ACTUALS); after, cells read once.
    def old_read(query: str, **params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = n._read(
            PER_TARGET if query == SCOPE_ACTUALS else query, **params
        )
        return rows

    for what, notices in (("whole-province", None), ("one notice's (syn000)", ["syn000"])):
        start = time.perf_counter()
        was = gaps_json(progress_findings(old_read, notices, None, AS_OF))
        b1 = time.perf_counter() - start
        start = time.perf_counter()
        now = gaps_json(progress_findings(n._read, notices, None, AS_OF))
        a1 = time.perf_counter() - start
        assert was == now
        print(f"{what} progress findings: {len(json.loads(was))}", flush=True)
        out.append((f"{what} progress gaps (Cypher per target -> per cell)", b1, b1, a1, a1))
    # The index page's overview: before, every target's, indicator's and report's light
    # properties read into a graph and coloured in Python; after, the server's actuals.
    start = time.perf_counter()
    was = overview(_overview_graph(n._read), AS_OF)
    b1 = time.perf_counter() - start
    start = time.perf_counter()
    now = n.overview(AS_OF)
    a1 = time.perf_counter() - start
    assert was == now
    print(f"overview totals: {now.total}", flush=True)
    out.append(("index overview (graph + Python -> server actuals)", b1, b1, a1, a1))
    if os.environ.get("LIGHTS_BENCH_SNAPSHOT"):  # the snapshot() + find_gaps path: ~4 min
        start = time.perf_counter()
        was = gaps_json(find_gaps(n.snapshot(), AS_OF, kinds=["progress"]))
        b1 = time.perf_counter() - start
        start = time.perf_counter()
        now = gaps_json(n.gaps(AS_OF, kinds=["progress"])[0])
        a1 = time.perf_counter() - start
        assert was == now
        out.append(("whole-province progress gaps (snapshot -> gaps)", b1, b1, a1, a1))
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
