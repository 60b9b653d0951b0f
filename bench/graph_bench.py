"""Graph store at province scale: load, size, memory, and roll-up latency beside pandas.

A synthetic province (graph.synthetic: 16 cities, 140 counties, 1,800 townships, 20 indicators,
3 years, one notice per county) is loaded into a temp store. Roll-ups are timed with graph.rollup_index
and through graph.queries.rollup (which answers from the store's cached RollupIndex; its first call
after a load builds it) beside a pandas groupby over the same numbers, in the same run.
"""

import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.graph.model import Edge, Facts, Node, unit_id
from dutygraph.graph.queries import RollupIndex
from dutygraph.graph.queries import rollup as q_rollup
from dutygraph.graph.store import Store

GOAL_COUNTY_MS = 5.0
GOAL_RATIO = 10.0
WRITE_RUNS = 5


def frame(batch: list[Facts]) -> pd.DataFrame:
    """The township targets as rows: table, period, township, county, city, value."""
    rows = []
    for f in batch:
        part_of = {e.src: e.dst for e in f.edges if e.kind == "PART_OF"}
        for n in f.nodes:
            p = n.props
            if n.kind == "Target" and not p["stated"]:
                county = part_of[p["unit"]]
                rows.append(
                    (p["table"], p["period"], p["unit"], county, part_of[county], p["value"])
                )
    df = pd.DataFrame(rows, columns=["table", "period", "township", "county", "city", "value"])
    for col in ("table", "period", "township", "county", "city"):
        df[col] = df[col].astype("category")
    return df


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@dataclass(frozen=True)
class GraphBench:
    """Figures of one run; *_ms are medians, ratios are ours / pandas."""

    nodes: int
    edges: int
    targets: int
    counties: int
    townships: int
    generate_s: float
    load_s: float
    store_mb: float
    peak_mb: float
    index_s: float
    county_ms: float
    county_pandas_ms: float
    province_ms: float
    province_pandas_ms: float
    query_first_s: float
    query_county_ms: float
    query_province_ms: float
    runs: int
    write_ms: float = 0.0
    """A one-report import (as recordProgress writes it), median of WRITE_RUNS."""
    rebuild_ms: float = 0.0
    """One full rebuild of the graph from the file: what every such write cost before."""

    @property
    def county_ratio(self) -> float:
        return self.county_ms / self.county_pandas_ms

    @property
    def province_ratio(self) -> float:
        return self.province_ms / self.province_pandas_ms

    @property
    def query_county_ratio(self) -> float:
        return self.query_county_ms / self.county_pandas_ms

    @property
    def query_province_ratio(self) -> float:
        return self.query_province_ms / self.province_pandas_ms

    @property
    def passed(self) -> bool:
        """Judged on queries.rollup, what users call, not on the raw index lookup."""
        return self.query_county_ms < GOAL_COUNTY_MS and self.query_county_ratio <= GOAL_RATIO


def _peak_reopen(path: Path) -> int:
    """Peak traced bytes while opening the store (graph rebuilt from SQLite) and indexing it."""
    tracemalloc.start()
    try:
        with Store(path) as again:
            RollupIndex(again)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _write_costs(store: Store, table: str, period: str) -> tuple[float, float]:
    """(one-report write, full rebuild) in ms: a small write against the rebuild it avoids."""
    cell = next(
        n
        for n, a in store.graph.nodes(data=True)
        if a["kind"] == "Target" and a["props"]["table"] == table and not a["props"]["stated"]
    )
    unit = str(store.graph.nodes[cell]["props"]["unit"])
    values = iter(range(WRITE_RUNS))

    def write() -> None:
        value = float(next(values))
        props = {"item": cell, "unit": unit, "period": period, "value": value}
        report = Node("r:bench", "Report", "bench", props)
        edges = [Edge("r:bench", cell, "REPORTS"), Edge("r:bench", unit, "REPORTED_BY")]
        store.load_facts([Facts("progress:bench", [report], edges)])

    write_ms = median_ms(write, WRITE_RUNS)
    return write_ms, median_ms(store.refresh, 1)


def measure(shape: Shape | None = None, runs: int = 51) -> GraphBench:
    """Generate, load into a temp store, index, and time the roll-ups against pandas."""
    shape = shape or Shape()
    start = time.perf_counter()
    batch = synthetic_facts(shape)
    generate_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        with Store(path) as store:
            start = time.perf_counter()
            store.load_facts(batch)
            load_s = time.perf_counter() - start
            start = time.perf_counter()
            index = RollupIndex(store)
            index_s = time.perf_counter() - start
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
            peak = _peak_reopen(path)
            df = frame(batch)
            table, period = "指标07", shape.years[-1]
            county = unit_id(f"{PROVINCE}第01市第001县")
            province = unit_id(PROVINCE)
            tp = df[(df["table"] == table) & (df["period"] == period)]
            county_sum = index.rollup(table, period, county)
            assert county_sum is not None and county_sum.computed == county_sum.stated
            assert county_sum.computed == float(tp[tp["county"] == county]["value"].sum())

            def pd_county() -> float:
                m = (df["table"] == table) & (df["period"] == period) & (df["county"] == county)
                return float(df[m].groupby("township", observed=True)["value"].sum().sum())

            def pd_province() -> pd.Series:
                """One row per county, as queries.rollup returns one per county notice."""
                m = (df["table"] == table) & (df["period"] == period)
                return df[m].groupby("county", observed=True)["value"].sum()

            province_sum = index.rollup(table, period, province)
            assert province_sum is not None
            assert province_sum.computed == float(pd_province().sum())
            assert len(pd_province()) == shape.counties
            counts = store.counts()
            county_name = f"{PROVINCE}第01市第001县"
            start = time.perf_counter()
            [q_county] = q_rollup(store, table, county_name, period)
            query_first_s = time.perf_counter() - start
            assert q_county.computed == county_sum.computed == q_county.stated
            q_province = q_rollup(store, table, PROVINCE, period)
            assert sum(r.computed for r in q_province) == province_sum.computed
            assert len(q_province) == len(pd_province())  # the same rows
            write_ms, rebuild_ms = _write_costs(store, table, period)
            return GraphBench(
                nodes=counts[0],
                edges=counts[1],
                targets=len(df) + shape.counties * shape.indicators * len(shape.years),
                counties=shape.counties,
                townships=shape.townships,
                generate_s=generate_s,
                load_s=load_s,
                store_mb=size / 1e6,
                peak_mb=peak / 1e6,
                index_s=index_s,
                county_ms=median_ms(lambda: index.rollup(table, period, county), runs),
                county_pandas_ms=median_ms(pd_county, runs),
                province_ms=median_ms(lambda: index.rollup(table, period, province), runs),
                province_pandas_ms=median_ms(pd_province, runs),
                query_first_s=query_first_s,
                query_county_ms=median_ms(
                    lambda: q_rollup(store, table, county_name, period), runs
                ),
                query_province_ms=median_ms(lambda: q_rollup(store, table, PROVINCE, period), runs),
                runs=runs,
                write_ms=write_ms,
                rebuild_ms=rebuild_ms,
            )
