"""Gap analysis at province scale: find_gaps on the headline province at ¼, ½, 1 and 2×.

Each size runs in its own process (so its peak RSS is its own): generate the synthetic province
with 5 headline indicators per county (bench.synthetic), load it into a temp store, then time
`find_gaps` over the whole province (the first call after the load builds the indexes; then the
median of `repeat` more at the same date, which return that date's kept findings, and of `repeat`
at other dates, which light every target again with the indexes built; the graph frozen away from
the collector, as the server and CLI do), and gaps for one county (`--notice` its notice,
`--unit` its name).
The scaling table gives each doubling's time ratio: linear work doubles (2×), quadratic work
quadruples (4×).
"""

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.graph.gaps import Finding, find_gaps
from dutygraph.graph.store import Store, freeze_long_lived

FACTORS = (0.25, 0.5, 1.0, 2.0)
AS_OF = dt.date(2024, 12, 10)
HEADLINES = 5
GOAL_PROVINCE_S = 2.0
GOAL_DOUBLING = 2.2
GOAL_COUNTY_S = 0.3


@dataclass(frozen=True)
class GapsRun:
    """One size: what it held, how long each question took, the process's peak RSS."""

    factor: float
    nodes: int
    edges: int
    load_s: float
    first_s: float
    again_s: float
    first_cpu_s: float
    again_cpu_s: float
    day_s: float
    day_cpu_s: float
    """Another date's call (median): the date's lights and findings made again."""
    findings: int
    county_notice_s: float
    county_unit_s: float
    county_notice_cpu_s: float
    county_unit_cpu_s: float
    county_findings: int
    peak_rss_mb: float


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds (this process's time.process_time) of `repeat` calls.

    On a shared machine the wall time also counts other processes' turns; the CPU time is
    what the call itself cost, and what the scaling ratios and goals are judged on.
    """
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def run_one(factor: float, repeat: int) -> GapsRun:
    """Generate, load and time the gap questions at one size (in this process)."""
    shape = Shape(headlines=HEADLINES).scaled(factor)
    batch = synthetic_facts(shape)
    county_name = f"{PROVINCE}第01市第001县"
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "gaps.sqlite") as store:
        start = time.perf_counter()
        store.load_facts(batch)
        load_s = time.perf_counter() - start
        del batch
        freeze_long_lived()  # as `dutygraph serve` and the CLI do after opening a big store
        g = store.graph
        found: list[Finding] = []
        first_s, first_cpu_s = _timed(lambda: found.extend(find_gaps(g, AS_OF)), 1)
        again_s, again_cpu_s = _timed(lambda: find_gaps(g, AS_OF), repeat)
        days = iter(range(1, repeat + 2))
        day_s, day_cpu_s = _timed(
            lambda: find_gaps(g, AS_OF + dt.timedelta(days=next(days))), repeat
        )
        notice_s, notice_cpu_s = _timed(lambda: find_gaps(g, AS_OF, notice="syn000"), repeat)
        unit_s, unit_cpu_s = _timed(lambda: find_gaps(g, AS_OF, unit=county_name), repeat)
        county = find_gaps(g, AS_OF, notice="syn000")
        assert county and all(f.notice == "syn000" for f in county)
        assert county == [f for f in found if f.notice == "syn000"]
        nodes, edges = store.counts()
        return GapsRun(
            factor=factor,
            nodes=nodes,
            edges=edges,
            load_s=load_s,
            first_s=first_s,
            again_s=again_s,
            first_cpu_s=first_cpu_s,
            again_cpu_s=again_cpu_s,
            day_s=day_s,
            day_cpu_s=day_cpu_s,
            findings=len(found),
            county_notice_s=notice_s,
            county_unit_s=unit_s,
            county_notice_cpu_s=notice_cpu_s,
            county_unit_cpu_s=unit_cpu_s,
            county_findings=len(county),
            peak_rss_mb=peak_rss_mb(),
        )


def measure(factors: tuple[float, ...] = FACTORS, repeat: int = 3) -> list[GapsRun]:
    """Each size in a fresh process, smallest first."""
    out = []
    for factor in factors:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.gaps_bench",
                "--one",
                str(factor),
                "--repeat",
                str(repeat),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        out.append(GapsRun(**json.loads(proc.stdout.strip().splitlines()[-1])))
    return out


def doubling_ratios(runs: list[GapsRun], first: bool = False) -> list[float | None]:
    """Each run's CPU time of the first call (or of another date's) over the previous run's,
    when that was half its size. (A repeated call at the same date takes well under a
    millisecond: its ratio would measure the timer.)"""
    ratios: list[float | None] = [None]
    for prev, cur in zip(runs, runs[1:], strict=False):
        ok = abs(cur.factor - 2 * prev.factor) < 1e-9
        a, b = (prev.first_cpu_s, cur.first_cpu_s) if first else (prev.day_cpu_s, cur.day_cpu_s)
        ratios.append(b / a if ok else None)
    return ratios


def passed(runs: list[GapsRun]) -> bool:
    """The goals, in CPU seconds: 1× first call under GOAL_PROVINCE_S, doublings (first call,
    another date's call) ≤ GOAL_DOUBLING, one county < GOAL_COUNTY_S."""
    one = [r for r in runs if r.factor == 1.0]
    ratios = [x for fst in (True, False) for x in doubling_ratios(runs, fst) if x is not None]
    return (
        bool(one)
        and one[0].first_cpu_s < GOAL_PROVINCE_S
        and all(x <= GOAL_DOUBLING for x in ratios)
        and one[0].county_notice_cpu_s < GOAL_COUNTY_S
        and one[0].county_unit_cpu_s < GOAL_COUNTY_S
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", type=float, help="run one size here and print it as JSON")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(asdict(run_one(args.one, args.repeat))))
        return 0
    for r, ratio in zip(runs := measure(repeat=args.repeat), doubling_ratios(runs), strict=True):
        print(asdict(r), ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
