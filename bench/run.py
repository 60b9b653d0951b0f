"""Run the parse and graph benchmarks and print tables: `make bench` (or `python -m bench.run`)."""

import argparse
import os
import statistics
import sys

from rich.console import Console
from rich.table import Table

from bench.api_bench import ApiBench
from bench.api_bench import measure as measure_api
from bench.formats_bench import GOAL_LONG_S, FormatsBench
from bench.formats_bench import measure as measure_formats
from bench.gaps_bench import GOAL_COUNTY_S, GOAL_DOUBLING, GOAL_PROVINCE_S, GapsRun, doubling_ratios
from bench.gaps_bench import measure as measure_gaps
from bench.gaps_bench import passed as gaps_passed
from bench.graph_bench import GOAL_COUNTY_MS, GOAL_RATIO, GraphBench
from bench.graph_bench import measure as measure_graph
from bench.parse_bench import GOAL_MB_S, MB, MIN_BYTES, SAMPLES, BenchResult, measure
from bench.point_bench import GOAL_CLI_MB, GOAL_CLI_S, GOAL_READY_S, GOAL_RSS_MB, PointBench, Run
from bench.point_bench import measure as measure_point
from bench.point_bench import passed as point_passed
from bench.serve_bench import GOAL_FLOOR_RATIO, GOAL_MIXED_P99_MS, GOAL_P99_MS, ServeBench
from bench.serve_bench import measure as measure_serve
from bench.sources_bench import measure as measure_sources
from bench.sources_bench import render as render_sources
from bench.stores_bench import GOAL_COUNTY_MS as GOAL_STORE_COUNTY_MS
from bench.stores_bench import GOAL_GAPS_COUNTY_S, GOAL_LOAD_S, KindsRow, StoreBench, measure_kinds
from bench.stores_bench import measure as measure_stores
from bench.supervision_bench import Pair
from bench.supervision_bench import measure_all as measure_supervision
from bench.writes_bench import GOAL_P50_MS as GOAL_WRITES_P50_MS
from bench.writes_bench import NamesBench, Writes, measure_names
from bench.writes_bench import measure as measure_writes
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
        f"goal: queries.rollup county < {GOAL_COUNTY_MS:g} ms and <= {GOAL_RATIO:g}× pandas",
        "",
        "",
        verdict,
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


def render_writes(r: Writes) -> Table:
    table = new_table(
        f"recordProgress through a real dutygraph serve: {r.clients} clients × {r.writes}"
        f" writes (load average {r.load:.1f})",
        "p50 / p99",
        "req/s",
    )
    table.add_row("one client alone", f"{r.single_p50_ms:.1f} / {r.single_p99_ms:.1f} ms", "")
    table.add_row(
        f"{r.clients} clients asking whoOwns (the floor)",
        f"{r.read_p50_ms:.0f} / {r.read_p99_ms:.0f} ms",
        f"{r.read_per_s:.0f}",
    )
    table.add_row(
        f"{r.clients} clients writing (server CPU {r.server_cpu_ms:.1f} ms per write)",
        f"{r.p50_ms:.0f} / {r.p99_ms:.0f} ms",
        f"{r.per_s:.0f}",
    )
    table.add_row(
        f"lost {r.lost}, errors {r.errors}, audit chain {'ok' if r.chain_ok else 'BROKEN'};"
        f" goal p50 < {GOAL_WRITES_P50_MS:g} ms",
        "[green]PASS[/]" if r.passed else "[red]FAIL[/]",
        "",
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
    row(
        "gaps for one county (GraphBackend.gaps(unit=))",
        [f"{r.gaps_county_s:.2f} s" for r in rows],
    )
    row("gaps for the province (GraphBackend.gaps())", [f"{r.gaps_province_s:.2f} s" for r in rows])
    row(
        f"goal: load < {GOAL_LOAD_S:g} s, county < {GOAL_STORE_COUNTY_MS:g} ms, "
        f"county gaps < {GOAL_GAPS_COUNTY_S:g} s",
        ["[green]PASS[/]" if r.passed else "[red]FAIL[/]" for r in rows],
    )
    return table


def render_kinds(rows: list[KindsRow]) -> Table:
    table = new_table(
        "gap kinds on Neo4j, whole province (synthetic province + the samples, the loop used):"
        " snapshot() + find_gaps (before) vs server-side facts (after), same run, one call each",
        "before",
        "after",
        "ratio",
        "findings",
    )
    for r in rows:
        table.add_row(
            r.what,
            f"{r.before_s:.1f} s (snapshot {r.snapshot_s:.1f} s)",
            f"{r.after_s:.2f} s",
            f"{r.before_s / r.after_s:.1f}×",
            f"{r.findings:,}",
        )
    return table


def render_names(r: NamesBench) -> Table:
    table = new_table(
        f"Neo4j writes that match names, province loaded ({r.nodes:,} nodes; load average"
        f" {r.load:.1f}): on snapshot() (before) and on the names they read now",
        "whole graph",
        "names",
    )
    table.add_row(
        f"recordProgress (a township, {r.table} 2024: read, match, write)",
        f"{r.record_whole_s:.2f} s",
        f"{r.record_names_s:.2f} s",
    )
    table.add_row("recordProgress again (replaces that value's source)", "", f"{r.again_s:.2f} s")
    table.add_row(
        f"progress import of {r.rows} rows: read the names and match them",
        f"{r.match_whole_s:.2f} s",
        f"{r.match_names_s:.2f} s",
    )
    table.add_row("progress import, all of it (read, match, write)", "", f"{r.import_s:.2f} s")
    table.add_row(
        "audited recordProgress (as GraphQL: rights, value before, write, audit)",
        "",
        f"{r.audited_s:.2f} s",
    )
    return table


def render_gaps(runs: list[GapsRun]) -> Table:
    table = new_table(
        "find_gaps on the headline province (5 headline indicators per county, progress "
        "reported) at ¼, ½, 1, 2×; each size in its own process; CPU seconds of the call "
        "(wall in brackets: the machine is shared)",
        "nodes",
        "first call",
        "again, same date / another date (median)",
        "× per doubling (first / another date)",
        "one county: --notice / --unit",
        "findings",
        "peak RSS",
    )
    ratios = zip(doubling_ratios(runs, first=True), doubling_ratios(runs), strict=True)
    for r, (first, ratio) in zip(runs, ratios, strict=True):
        table.add_row(
            f"{r.factor:g}×",
            f"{r.nodes:,}",
            f"{r.first_cpu_s:.2f} s ({r.first_s:.1f})",
            f"{r.again_cpu_s * 1000:.1f} ms / {r.day_cpu_s:.2f} s ({r.day_s:.1f})",
            "" if ratio is None or first is None else f"{first:.2f}× / {ratio:.2f}×",
            f"{r.county_notice_cpu_s * 1000:.0f} / {r.county_unit_cpu_s * 1000:.0f} ms "
            f"({r.county_notice_s * 1000:.0f} / {r.county_unit_s * 1000:.0f})",
            f"{r.findings:,}",
            f"{r.peak_rss_mb:,.0f} MB",
        )
    verdict = "[green]PASS[/]" if gaps_passed(runs) else "[red]FAIL[/]"
    table.add_row(
        f"goal: 1× first call < {GOAL_PROVINCE_S:g} s, ≤ {GOAL_DOUBLING:g}× per doubling, "
        f"one county < {GOAL_COUNTY_S * 1000:g} ms",
        "",
        "",
        "",
        "",
        "",
        "",
        verdict,
    )
    return table


def render_serve(r: ServeBench) -> Table:
    table = new_table(
        f"`dutygraph serve` on 127.0.0.1 under {r.tool} (headline province + samples): ready in "
        f"{r.ready_s:.1f} s, server peak RSS {r.server_rss_mb:,.0f} MB",
        "clients",
        "req/s",
        "p50 / p99",
        "errors",
        "floor/ours (req/s)",
    )
    floor = {x.clients: x.per_s for x in r.runs if x.what == "bare Starlette"}
    for x in [*r.runs, r.mixed_readers]:
        ratio = "" if x.what == "bare Starlette" else f"{floor[x.clients] / x.per_s:.1f}×"
        table.add_row(
            x.what,
            str(x.clients),
            f"{x.per_s:,.0f}",
            f"{x.p50_ms:.1f} / {x.p99_ms:.1f} ms",
            str(x.errors),
            ratio,
        )
    gaps = sorted(r.mixed_gaps_s)
    table.add_row(
        "gaps (whole province) during the mixed run",
        "1",
        f"{len(gaps)} calls",
        f"{statistics.median(gaps):.2f} / {gaps[-1]:.2f} s" if gaps else "",
        "",
        "",
    )
    for command, wall, rss in r.cli:
        table.add_row(f"CLI: dutygraph {command} (own process)", "", "", f"{wall:.2f} s", "", "")
        table.add_row(f"CLI: dutygraph {command}, peak RSS", "", "", f"{rss:,.0f} MB", "", "")
    who8 = [x for x in r.runs if x.what == "whoOwns" and x.clients == 8]
    ok = (
        bool(who8)
        and who8[0].p99_ms < GOAL_P99_MS
        and r.mixed_readers.p99_ms < GOAL_MIXED_P99_MS
        and floor[8] / who8[0].per_s <= GOAL_FLOOR_RATIO
    )
    table.add_row(
        f"goal: whoOwns p99 < {GOAL_P99_MS:g} ms at 8 clients, mixed p99 < "
        f"{GOAL_MIXED_P99_MS:g} ms, within {GOAL_FLOOR_RATIO:g}× of the floor",
        "",
        "",
        "",
        "",
        "[green]PASS[/]" if ok else "[red]FAIL[/]",
    )
    return table


def render_point(r: PointBench) -> Table:
    table = new_table(
        f"point questions on the headline province + samples ({r.nodes:,} nodes): whole graph"
        f" vs slices of the store, same run; opening the province: peak RSS {r.open_mb:,.0f} MB",
        "whole graph (wall / CPU / peak RSS)",
        "slices (wall / CPU / peak RSS)",
        "CPU ratio",
        "same JSON",
    )

    def cells(x: Run) -> str:
        return f"{x.wall_s:.2f} s / {x.cpu_s:.2f} s / {x.peak_mb:,.0f} MB"

    for command, whole, sliced, same in r.cli:
        ratio = f"{whole.cpu_s / sliced.cpu_s:.1f}×"
        table.add_row(f"CLI: dutygraph {command}", cells(whole), cells(sliced), ratio, str(same))
    whole, warm = r.ready
    table.add_row(
        "serve: until /healthz answers (RSS: idle, graph built)",
        cells(whole),
        cells(warm),
        f"{whole.cpu_s / warm.cpu_s:.1f}×",
        "",
    )
    table.add_row(
        f"goal: CLI < {GOAL_CLI_S:g} s CPU and < {GOAL_CLI_MB:g} MB, server ready"
        f" < {GOAL_READY_S:g} s CPU and < {GOAL_RSS_MB:g} MB",
        "",
        "",
        "",
        "[green]PASS[/]" if point_passed(r) else "[red]FAIL[/]",
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
    gaps = measure_gaps()
    console.print(render_gaps(gaps))
    console.print(render_serve(measure_serve()))
    point = measure_point()
    console.print(render_point(point))
    console.print(render_supervision(measure_supervision()))
    console.print(render_writes(measure_writes()))
    formats = measure_formats(args.runs)
    console.print(render_formats(formats, args.runs))
    if os.environ.get(URI_VAR):
        console.print(render_stores(measure_stores()))
        console.print(render_kinds(measure_kinds()))
        console.print(render_names(measure_names()))
        console.print(render_sources(measure_sources()))
    else:
        console.print(f"both stores: skipped, {URI_VAR} is not set (make bench starts Neo4j)")
    ok = result.passed and graph.passed and formats.passed and gaps_passed(gaps)
    ok = ok and point_passed(point)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
