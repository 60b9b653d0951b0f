"""Neo4j writes into the synthetic province that replace a stored source or add one (issue 13).

The province loaded in one transaction, then: a first recordProgress (a new source), the same
unit, indicator and period again (its source replaced), one sample notice loaded into the
province store and loaded again (replaced), a township progress file imported and imported
again (replaced). Each write lists the stored sources and, when replacing, finds that source's
facts: through the source registry (graph/backends/neo4j/sources.py). `python -m
bench.sources_bench` prints the numbers as JSON; run with PYTHONPATH naming an older checkout's
`dutygraph` it measures that code on the same server (the README's before column).
"""

import dataclasses
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from bench.stores_bench import COUNTY, GOAL_LOAD_S, TABLE
from bench.synthetic import Shape, synthetic_facts
from bench.writes_bench import _progress_sheet
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.imports import import_progress, record_progress
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"


@dataclass(frozen=True)
class SourceWrites:
    """Seconds of each write on Neo4j with the province loaded."""

    nodes: int
    edges: int
    load_s: float
    """The whole province, one transaction (goal < 120 s)."""
    first_record_s: float
    again_s: float
    """recordProgress of the same unit, indicator and period again: replaces its source."""
    notice_s: float
    """One sample notice (004) loaded into the province store."""
    notice_again_s: float
    import_s: float
    """A county's townships' progress file (a new source)..."""
    import_again_s: float
    """... and the same file again (replaces it)."""
    load: float
    """Load average (1 min) at the end: the machine is shared."""

    @property
    def passed(self) -> bool:
        return self.load_s < GOAL_LOAD_S


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(shape: Shape | None = None) -> SourceWrites:
    batch = synthetic_facts(shape or Shape())
    towns = sorted(n.label for f in batch[:1] for n in f.nodes if n.label.startswith(COUNTY + "第"))
    notice = read_notice(NOTICE)
    with Neo4jStore() as n, tempfile.TemporaryDirectory() as tmp:
        n.clear()
        try:
            load_s = _seconds(lambda: n.load_facts(batch))
            nodes, edges = n.counts()
            first = _seconds(lambda: record_progress(n, towns[0], TABLE, "2024", 3))
            again = _seconds(lambda: record_progress(n, towns[0], TABLE, "2024", 4))
            notice_s = _seconds(lambda: n.load([notice]))
            notice_again = _seconds(lambda: n.load([notice]))
            sheet = _progress_sheet(Path(tmp) / "p.csv", towns)
            import_s = _seconds(lambda: import_progress(n, sheet))
            import_again = _seconds(lambda: import_progress(n, sheet))
        finally:
            n.clear()
    return SourceWrites(
        nodes,
        edges,
        load_s,
        first,
        again,
        notice_s,
        notice_again,
        import_s,
        import_again,
        os.getloadavg()[0],
    )


def render(r: SourceWrites) -> Table:
    table = Table(
        title=f"Neo4j writes into the province ({r.nodes:,} nodes, {r.edges:,} edges; load"
        f" average {r.load:.1f}), through the source registry"
    )
    table.add_column("what")
    table.add_column("seconds", justify="right")
    table.add_row(
        f"load the province, one transaction (goal < {GOAL_LOAD_S:.0f} s)", f"{r.load_s:.1f}"
    )
    table.add_row("first recordProgress (a new source)", f"{r.first_record_s:.2f}")
    table.add_row("recordProgress again (replaces its source)", f"{r.again_s:.2f}")
    table.add_row("one sample notice loaded into the province store", f"{r.notice_s:.2f}")
    table.add_row("the same notice again (replaces it)", f"{r.notice_again_s:.2f}")
    table.add_row("a county's progress file imported (a new source)", f"{r.import_s:.2f}")
    table.add_row("the same file again (replaces it)", f"{r.import_again_s:.2f}")
    return table


if __name__ == "__main__":
    print(json.dumps(dataclasses.asdict(measure())))
