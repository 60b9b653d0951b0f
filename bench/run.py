"""Run the parse benchmark and print a table: `make bench` (or `python -m bench.run`)."""

import argparse
import sys

from rich.console import Console
from rich.table import Table

from bench.parse_bench import GOAL_MB_S, MB, MIN_BYTES, SAMPLES, BenchResult, measure


def render(result: BenchResult, runs: int) -> Table:
    table = Table(
        title=f"parse throughput: {result.notices} notices, {result.total_bytes / MB:.1f} MB, "
        f"best of {runs}"
    )
    table.add_column("what")
    table.add_column("seconds", justify="right")
    table.add_column("MB/s", justify="right")
    table.add_row(
        "floor: utf-8 decode + split lines", f"{result.floor_s:.3f}", f"{result.floor_mb_s:,.1f}"
    )
    table.add_row("parse_bytes per notice", f"{result.parse_s:.3f}", f"{result.parse_mb_s:,.2f}")
    table.add_row("ratio floor/parse", "", f"{result.ratio:,.0f}×")
    verdict = "[green]PASS[/]" if result.passed else "[red]FAIL[/]"
    table.add_row(f"goal: parse >= {GOAL_MB_S:g} MB/s", "", verdict)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-mb", type=float, default=MIN_BYTES / MB, help="corpus size (MB)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args(argv)
    result = measure(SAMPLES, int(args.min_mb * MB), args.runs)
    Console().print(render(result, args.runs))
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
