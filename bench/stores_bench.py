"""Both stores on the same data in one run: load, roll-ups, whoOwns and gaps, embedded vs Neo4j.

The data is the synthetic province (bench.synthetic) plus the five sample notices (the province
has no tasks, so whoOwns asks about 004's 三.(三).1). Neo4j is the server at NEO4J_URI (`make
bench` starts a local one when java and mvn are here); it is emptied first. Gaps are
`GraphBackend.gaps`: on Neo4j every kind is read as facts aggregated by Cypher on the server
(graph/backends/neo4j/gaps.py, kinds.py, lights.py). `measure_kinds` times the kinds kinds.py
serves on the whole province against snapshot() + find_gaps, in the same run.
"""

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.graph.backends import Embedded, GraphBackend, Neo4jStore
from dutygraph.graph.gaps import KINDS, Finding, find_gaps, to_json
from dutygraph.graph.gaps.finding import Kind
from dutygraph.graph.model import Facts
from dutygraph.graph.store import Store
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.findings import loop_findings
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


# The gap kinds read as server-side facts by graph/backends/neo4j/kinds.py, and `reports` whose
# whole-store findings include the supervision loop's (a status step is recorded first).
SERVED_KINDS: tuple[Kind, ...] = ("names", "people", "load", "orphaned", "reports")
LOOP_TASK = "t:na3a8e7f37d:三.(三).1"


@dataclass(frozen=True)
class KindsRow:
    """One question on the whole Neo4j store: snapshot() + find_gaps (before) vs
    GraphBackend.gaps (after), the loop's findings added where `reports` is asked."""

    what: str
    before_s: float
    snapshot_s: float
    after_s: float
    findings: int


def _with_loop(
    b: GraphBackend, kinds: list[Kind], found: list[Finding], g: nx.MultiDiGraph
) -> list[Finding]:
    return found + (loop_findings(b, g, AS_OF) if "reports" in kinds else [])


def measure_kinds(shape: Shape | None = None) -> list[KindsRow]:
    """Each served kind, then every kind but progress, for the whole province on Neo4j
    (emptied before and after), before and after in the same run; identical findings."""
    batch = synthetic_facts(shape or Shape())
    rows = []
    with Neo4jStore() as n:
        n.clear()
        try:
            n.load_facts(batch)
            n.load([read_notice(p) for p in NOTICES])
            writes.step(n, SERVER_TOKEN, LOOP_TASK, "已签收", unit="税郭镇", day=AS_OF)
            every: list[Kind] = [k for k in KINDS if k != "progress"]
            questions: list[list[Kind]] = [[k] for k in SERVED_KINDS]
            for kinds in [*questions, every]:
                start = time.perf_counter()
                g = n.snapshot()
                snapshot_s = time.perf_counter() - start
                old = _with_loop(n, kinds, find_gaps(g, AS_OF, kinds=kinds), g)
                before_s = time.perf_counter() - start
                del g
                start = time.perf_counter()
                new = _with_loop(n, kinds, *n.gaps(AS_OF, kinds=kinds))
                after_s = time.perf_counter() - start
                assert to_json(new) == to_json(old), kinds
                what = kinds[0] if len(kinds) == 1 else "every kind but progress"
                rows.append(KindsRow(what, before_s, snapshot_s, after_s, len(new)))
        finally:
            n.clear()
    return rows
