"""Gap analysis and spreadsheet imports on the command line: `dutygraph gaps`, `dutygraph
progress import`, `dutygraph enterprises import`, `dutygraph liaisons import`.

Thin commands over graph.gaps, graph.progress, graph.enterprises and graph.liaisons; the store
is chosen as for the other graph commands (--store, DUTYGRAPH_STORE, NEO4J_URI).
"""

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from dutygraph.api.cli.graph import OutputOpt, StoreOpt, _as_of, _backend, _fail, _format_known
from dutygraph.api.cli.summary import make_console, truncate
from dutygraph.api.cli.supervision import audited_cli
from dutygraph.graph.gaps import (
    KIND_ZH,
    KINDS,
    SEVERITY_ZH,
    Finding,
    GapQueryError,
    UnknownKind,
    chosen_kinds,
    notice_names,
    status_zh,
    to_csv,
    to_json,
    to_xlsx,
)
from dutygraph.graph.imports import (
    FactsBackend,
    ImportOutcome,
    Tick,
    import_enterprises,
    import_liaisons,
    import_progress,
)
from dutygraph.graph.supervision.findings import loop_findings
from dutygraph.loaders.sheets import ImportRejected, SpreadsheetError

FORMATS = ("table", "json", "csv", "xlsx")
Importer = Callable[[FactsBackend, Path, bool, Tick | None], ImportOutcome]
PartialOpt = Annotated[
    bool,
    typer.Option("--partial", help="Import the good rows even when some rows are bad (listed)."),
]
FileArg = Annotated[Path, typer.Argument(help="A spreadsheet: .xlsx or .csv (UTF-8 or GB18030).")]


def gaps(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Judge progress and reports at this date (YYYY-MM-DD); default today."
        ),
    ] = None,
    notice: Annotated[
        str | None, typer.Option(help="Only this notice: id, 发文字号, file name or title words.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option(help="Only findings about this unit (税郭镇).")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Only these kinds (repeat the option): {', '.join(KINDS)}."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv or xlsx (xlsx needs -o).")
    ] = "table",
    output: OutputOpt = None,
    store: StoreOpt = None,
) -> None:
    """What is behind, unowned, overdue or inconsistent: findings with a Chinese line each."""
    _format_known(format, FORMATS)
    if format == "xlsx" and output is None:
        _fail("--format xlsx writes a workbook: give the file with -o report.xlsx")
    try:
        kinds = chosen_kinds(kind)
    except UnknownKind as exc:
        _fail(str(exc))
    day = _as_of(as_of) or dt.date.today()
    with _backend(store) as db:
        # On Neo4j the numbers are aggregated on the server, and one notice or unit reads
        # only what its other checks read (GraphBackend.gaps).
        try:
            found, graph = db.gaps(day, notice, unit, kinds)
            if kinds is None or "reports" in kinds:
                found += loop_findings(db, graph, day, notice, unit)
        except GapQueryError as exc:
            _fail(str(exc))
    names = notice_names(graph)
    try:
        if format == "xlsx":
            assert output is not None
            _atomic(output, lambda tmp: to_xlsx(found, tmp, as_of=day, names=names))
        elif format in ("json", "csv"):
            text = to_json(found) if format == "json" else to_csv(found, names)
            if output is None:
                typer.echo(text, nl=False)
            else:
                _atomic(output, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        else:
            _table(found, day, names)
    except OSError as exc:
        _fail(f"{output}: {exc.strerror or exc}")
    if output is not None:
        typer.echo(f"wrote {output}: {len(found)} findings as of {day.isoformat()}", err=True)


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file beside `path`, then rename: never half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


WHAT_ZH = {
    "progress reports": "进度报告",
    "enterprises": "企业",
    "leaders and liaisons": "领导和联络员",
}
STATUS_STYLE = {"red": "bold white on red", "yellow": "black on yellow", "green": "black on green"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def _table(found: list[Finding], day: dt.date, notices: dict[str, str]) -> None:
    table = Table(title=f"问题清单（截至{day.isoformat()}）：共{len(found)}项")
    # Short columns never wrap; 说明 takes the rest of the width and wraps (80 columns too).
    table.add_column("类型", no_wrap=True)
    table.add_column("严重程度", no_wrap=True)
    table.add_column("状态", no_wrap=True)
    table.add_column("通知", max_width=20, overflow="ellipsis", no_wrap=True)
    table.add_column("说明", ratio=1, overflow="fold", min_width=20)
    for f in found:
        where = truncate(notices.get(f.notice, f.notice) if f.notice else None, 16)
        status = Text(status_zh(f.status), style=STATUS_STYLE.get(f.status or "", ""))
        severity = Text(SEVERITY_ZH[f.severity], style=SEVERITY_STYLE.get(f.severity, ""))
        table.add_row(KIND_ZH[f.kind], severity, status, where, f.explanation_zh)
    make_console().print(table)


def _run_import(
    what: str, importer: Importer, file: Path, partial: bool, store: Path | None
) -> None:
    console = Console(stderr=True)
    with _backend(store) as db:
        with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task(f"importing {what}", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                with audited_cli(db, f"import_{what.split()[0]}", file.name, {"file": str(file)}):
                    outcome = importer(db, file, partial, tick)
            except ImportRejected as exc:
                for p in exc.problems:
                    typer.echo(f"  {p}", err=True)
                _fail(str(exc))
            except SpreadsheetError as exc:
                _fail(f"{exc} (nothing imported)")
            except Exception as exc:  # SQLite or Neo4j: the transaction was rolled back
                _fail(f"import failed, store unchanged: {str(exc).strip() or type(exc).__name__}")
        nodes, edges = db.counts()
    for p in outcome.problems:
        typer.echo(f"  跳过 skipped {p}", err=True)
    skipped = f"，跳过{len(outcome.problems)}行" if outcome.problems else ""
    typer.echo(
        f"已导入 {file}：{outcome.imported}条{WHAT_ZH.get(what, what)}{skipped}"
        f"（来源 {outcome.source}，{outcome.nodes} nodes, {outcome.edges} edges）"
    )
    typer.echo(f"{db.where}: {nodes} nodes, {edges} edges")


def progress_import(file: FileArg, partial: PartialOpt = False, store: StoreOpt = None) -> None:
    """Import actual values (镇街, 指标, 年度, 实际完成, 报送日期); all or nothing unless --partial."""
    _run_import("progress reports", import_progress, file, partial, store)


def enterprises_import(file: FileArg, partial: PartialOpt = False, store: StoreOpt = None) -> None:
    """Import enterprises (附件3) with patents (附件4) and projects (附件5) as Enterprise nodes."""
    _run_import("enterprises", import_enterprises, file, partial, store)


def liaisons_import(file: FileArg, partial: PartialOpt = False, store: StoreOpt = None) -> None:
    """Import units' leaders and liaisons (附件7: 负责人员, 单位, 姓名, 职务, 电话, 手机, 邮箱)."""
    _run_import("leaders and liaisons", import_liaisons, file, partial, store)


def _group(name: str, help: str, example: str) -> typer.Typer:
    return typer.Typer(
        name=name, help=help, epilog=example, no_args_is_help=True, add_completion=False
    )


def register(app: typer.Typer) -> None:
    """Add gaps and the progress / enterprises / liaisons import commands to `app`."""
    app.command(
        "gaps",
        epilog="Example:  dutygraph gaps --as-of 2024-12-10 --format xlsx -o gaps.xlsx"
        "  (or: dutygraph gaps --unit 税郭镇)",
    )(gaps)
    for name, help, command, example in (
        (
            "progress",
            "Progress reports: actual values against targets.",
            progress_import,
            "examples/progress/shizhong_progress_example.xlsx",
        ),
        (
            "enterprises",
            "Enterprise lists (附件3/4/5).",
            enterprises_import,
            "examples/enterprises/shizhong_enterprises_example.xlsx",
        ),
        (
            "liaisons",
            "Leaders and liaisons of responsible units (附件7).",
            liaisons_import,
            "examples/liaisons/chunsun_liaisons_example.xlsx",
        ),
    ):
        line = f"Example:  dutygraph {name} import {example} --store g.sqlite"
        group = _group(name, help, line)
        group.command("import", epilog=line)(command)
        app.add_typer(group, name=name)
