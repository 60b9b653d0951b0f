"""Both stores on the same data in one run: load, roll-ups, whoOwns and gaps, embedded vs Neo4j.

The data is the synthetic province (bench.synthetic) plus the five sample notices (the province
has no tasks, so whoOwns asks about 004's 三.(三).1). Neo4j is the server at NEO4J_URI (`make
bench` starts a local one when java and mvn are here); it is emptied first. Gaps are
`GraphBackend.gaps`: on Neo4j allocation, totals, unowned and reports are aggregated by Cypher
on the server (graph/backends/neo4j/gaps.py); the other kinds read, for one county, the part
their checks read, and for the province every node without its `sources` (not snapshot()).
"""

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.graph.backends import Embedded, GraphBackend, Neo4jStore
from dutygraph.graph.model import Facts
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TASK_TEXT = "提升行政保护质效"
TABLE, PERIOD = "指标07", "2026"
COUNTY = f"{PROVINCE}第01市第001县"
AS_OF = dt.date(2026, 6, 30)
# The goals for Neo4j on the whole province.
GOAL_LOAD_S, GOAL_COUNTY_MS, GOAL_GAPS_COUNTY_S = 120.0, 20.0, 1.0


@dataclass(frozen=True)
class StoreBench:
    """One store's figures; *_ms are medians of `runs` calls, gaps are one call each."""

    store: str
    nodes: int
    edges: int
    load_s: float
    county_ms: float
    province_ms: float
    owners_ms: float
    gaps_county_s: float
    gaps_province_s: float
    runs: int

    @property
    def passed(self) -> bool:
        return (
            self.load_s < GOAL_LOAD_S
            and self.county_ms < GOAL_COUNTY_MS
            and self.gaps_county_s < GOAL_GAPS_COUNTY_S
        )


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _run(name: str, b: GraphBackend, batch: list[Facts], runs: int) -> StoreBench:
    load_s = _seconds(lambda: b.load_facts(batch))
    b.load([read_notice(p) for p in NOTICES])
    (county,) = b.rollup(TABLE, COUNTY, PERIOD)
    assert county.computed == county.stated, "the synthetic county's rows add up to its 合计"
    assert b.owners(TASK_TEXT)[0].owners, "004's task has owners"
    nodes, edges = b.counts()
    return StoreBench(
        store=name,
        nodes=nodes,
        edges=edges,
        load_s=load_s,
        county_ms=_median_ms(lambda: b.rollup(TABLE, COUNTY, PERIOD), runs),
        province_ms=_median_ms(lambda: b.rollup(TABLE, PROVINCE, PERIOD), max(3, runs // 5)),
        owners_ms=_median_ms(lambda: b.owners(TASK_TEXT), runs),
        gaps_county_s=_seconds(lambda: b.gaps(AS_OF, unit=COUNTY)),
        gaps_province_s=_seconds(lambda: b.gaps(AS_OF)),
        runs=runs,
    )


def measure(shape: Shape | None = None, runs: int = 21) -> list[StoreBench]:
    """The embedded store, then Neo4j (emptied before and after), on the same batch."""
    batch = synthetic_facts(shape or Shape())
    with tempfile.TemporaryDirectory() as tmp, Embedded(Store(Path(tmp) / "b.sqlite")) as e:
        out = [_run("embedded (SQLite + networkx)", e, batch, runs)]
    with Neo4jStore() as n:
        n.clear()
        try:
            out.append(_run("Neo4j (Bolt, local server)", n, batch, runs))
        finally:
            n.clear()
    return out
