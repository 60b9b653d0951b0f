"""Run the parse and graph benchmarks and print tables: `make bench` (or `python -m bench.run`)."""

import argparse
import os
import sys

from rich.console import Console
from rich.table import Table

from bench.api_bench import ApiBench
from bench.api_bench import measure as measure_api
from bench.formats_bench import GOAL_LONG_S, FormatsBench
from bench.formats_bench import measure as measure_formats
from bench.graph_bench import GOAL_COUNTY_MS, GOAL_RATIO, GraphBench
from bench.graph_bench import measure as measure_graph
from bench.parse_bench import GOAL_MB_S, MB, MIN_BYTES, SAMPLES, BenchResult, measure
from bench.stores_bench import GOAL_COUNTY_MS as GOAL_STORE_COUNTY_MS
from bench.stores_bench import GOAL_GAPS_COUNTY_S, GOAL_LOAD_S, StoreBench
from bench.stores_bench import measure as measure_stores
from bench.supervision_bench import Pair
from bench.supervision_bench import measure as measure_supervision
from dutygraph.graph.backends import URI_VAR


def new_table(title: str, *numbers: str) -> Table:
    """A table with a "what" column and right-aligned number columns."""
    table = Table(title=title)
    table.add_column("what")
    for column in numbers:
        table.add_column(column, justify="right")
    return table


def render(result: BenchResult, runs: int) -> Table:
    table = new_table(
        f"parse throughput: {result.notices} notices, {result.total_bytes / MB:.1f} MB, "
        f"best of {runs}",
        "seconds",
        "MB/s",
    )
    table.add_row(
        "floor: utf-8 decode + split lines", f"{result.floor_s:.3f}", f"{result.floor_mb_s:,.1f}"
    )
    table.add_row("parse_bytes per notice", f"{result.parse_s:.3f}", f"{result.parse_mb_s:,.2f}")
    table.add_row("ratio floor/parse", "", f"{result.ratio:,.0f}×")
    verdict = "[green]PASS[/]" if result.passed else "[red]FAIL[/]"
    table.add_row(f"goal: parse >= {GOAL_MB_S:g} MB/s", "", verdict)
    return table


def render_graph(r: GraphBench) -> Table:
    table = new_table(
        f"graph store: synthetic province, {r.counties} counties, {r.townships:,} townships, "
        f"{r.targets:,} targets ({r.nodes:,} nodes, {r.edges:,} edges); medians of {r.runs}",
        "ours",
        "pandas groupby",
        "ours/pandas",
    )
    table.add_row("load (write SQLite + rebuild graph)", f"{r.load_s:.2f} s", "", "")
    table.add_row("store size on disk", f"{r.store_mb:.1f} MB", "", "")
    table.add_row("peak memory: reopen store + index (tracemalloc)", f"{r.peak_mb:.0f} MB", "", "")
    table.add_row("build roll-up index", f"{r.index_s:.2f} s", "", "")
    table.add_row(
        "one-report write (recordProgress) / full graph rebuild it avoids",
        f"{r.write_ms:.1f} ms",
        f"{r.rebuild_ms:.0f} ms",
        f"{r.write_ms / r.rebuild_ms:.4f}×" if r.rebuild_ms else "",
    )
    table.add_row(
        "roll-up, one county",
        f"{r.county_ms:.3f} ms",
        f"{r.county_pandas_ms:.3f} ms",
        f"{r.county_ratio:.3f}×",
    )
    table.add_row(
        "roll-up, whole province",
        f"{r.province_ms:.3f} ms",
        f"{r.province_pandas_ms:.3f} ms",
        f"{r.province_ratio:.3f}×",
    )
    table.add_row(
        "queries.rollup: first call after load (builds the cached index)",
        f"{r.query_first_s:.2f} s",
        "",
        "",
    )
    table.add_row(
        "roll-up, one county, queries.rollup",
        f"{r.query_county_ms:.3f} ms",
        f"{r.county_pandas_ms:.3f} ms",
        f"{r.query_county_ratio:.3f}×",
    )
    table.add_row(
        "roll-up, whole province, queries.rollup",
        f"{r.query_province_ms:.3f} ms",
        f"{r.province_pandas_ms:.3f} ms",
        f"{r.query_province_ratio:.3f}×",
    )
    verdict = "[green]PASS[/]" if r.passed else "[red]FAIL[/]"
    table.add_row(
        f"goal: county < {GOAL_COUNTY_MS:g} ms and <= {GOAL_RATIO:g}× pandas", "", "", verdict
    )
    return table


def render_api(rows: list[ApiBench]) -> Table:
    n = rows[0].api.n if rows else 0
    table = new_table(
        f"GraphQL API (in-process ASGI, sequential requests) vs the library call; {n} calls each,"
        " synthetic province + the five samples",
        "API p50 / p99",
        "API req/s",
        "library p50 / p99",
        "library calls/s",
        "API/library (p50)",
    )
    for r in rows:
        table.add_row(
            r.name,
            f"{r.api.p50_ms:.2f} / {r.api.p99_ms:.2f} ms",
            f"{r.api.per_s:,.0f}",
            f"{r.library.p50_ms:.3f} / {r.library.p99_ms:.3f} ms",
            f"{r.library.per_s:,.0f}",
            f"{r.ratio:.1f}×",
        )
    return table


def render_supervision(rows: list[Pair]) -> Table:
    table = new_table(
        "supervision loop: costs against a baseline in the same run (medians)",
        "ours",
        "baseline",
        "ratio",
    )
    for r in rows:
        table.add_row(
            f"{r.name} / {r.base_name}",
            f"{r.ours_ms:.2f} ms",
            f"{r.base_ms:.2f} ms",
            f"{r.ratio:.1f}×",
        )
    return table


def render_formats(r: FormatsBench, runs: int) -> Table:
    table = new_table(
        f"read throughput per format: the five samples as .txt, .docx, .html, .pdf; best of {runs}",
        "notices",
        "seconds",
        "pages/s",
        "text KB/s",
        "vs .txt",
    )
    for row in r.rows:
        table.add_row(
            f"read_notice .{row.fmt}",
            str(row.notices),
            f"{row.seconds:.3f}",
            f"{row.pages_s:,.1f}",
            f"{row.kb_s:,.0f}",
            f"{r.ratio(row):.1f}×",
        )
    table.add_row(
        f"sample 000 ({r.long_pages} pages), .docx", "1", f"{r.long_docx_s:.3f}", "", "", ""
    )
    if r.long_pdf_s is not None:
        table.add_row(
            f"sample 000 ({r.long_pages} pages), .pdf", "1", f"{r.long_pdf_s:.3f}", "", "", ""
        )
    verdict = "[green]PASS[/]" if r.passed else "[red]FAIL[/]"
    table.add_row(
        f"goal: a {r.long_pages}-page .docx and .pdf each < {GOAL_LONG_S:g} s",
        "",
        "",
        "",
        "",
        verdict,
    )
    return table


def render_stores(rows: list[StoreBench]) -> Table:
    first = rows[0]
    table = new_table(
        f"both stores, same run: synthetic province + the five samples ({first.nodes:,} nodes,"
        f" {first.edges:,} edges); medians of {first.runs} (province roll-up: fewer), gaps once",
        *(r.store for r in rows),
    )

    def row(what: str, cells: list[str]) -> None:
        table.add_row(what, *cells)

    row("load the province (one transaction)", [f"{r.load_s:.1f} s" for r in rows])
    row("roll-up, one county", [f"{r.county_ms:.2f} ms" for r in rows])
    row("roll-up, whole province", [f"{r.province_ms:.2f} ms" for r in rows])
    row("whoOwns (owners of 004 三.(三).1)", [f"{r.owners_ms:.2f} ms" for r in rows])
    row("gaps for one county (snapshot + find_gaps)", [f"{r.gaps_county_s:.2f} s" for r in rows])
    row(
        "gaps for the province (snapshot + find_gaps)", [f"{r.gaps_province_s:.2f} s" for r in rows]
    )
    row(
        f"goal: load < {GOAL_LOAD_S:g} s, county < {GOAL_STORE_COUNTY_MS:g} ms, "
        f"county gaps < {GOAL_GAPS_COUNTY_S:g} s",
        ["[green]PASS[/]" if r.passed else "[red]FAIL[/]" for r in rows],
    )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-mb", type=float, default=MIN_BYTES / MB, help="corpus size (MB)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args(argv)
    result = measure(SAMPLES, int(args.min_mb * MB), args.runs)
    console = Console()
    console.print(render(result, args.runs))
    graph = measure_graph()
    console.print(render_graph(graph))
    console.print(render_api(measure_api()))
    console.print(render_supervision(measure_supervision()))
    formats = measure_formats(args.runs)
    console.print(render_formats(formats, args.runs))
    if os.environ.get(URI_VAR):
        console.print(render_stores(measure_stores()))
    else:
        console.print(f"both stores: skipped, {URI_VAR} is not set (make bench starts Neo4j)")
    return 0 if result.passed and graph.passed and formats.passed else 1


if __name__ == "__main__":
    sys.exit(main())
