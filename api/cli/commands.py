"""Every `dutygraph` command in one Typer app (api/cli/main.py starts it, or a lighter one)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from dutygraph.api.cli import gaps as cli_gaps
from dutygraph.api.cli import graph as cli_graph
from dutygraph.api.cli import maps as cli_maps
from dutygraph.api.cli import serve as cli_serve
from dutygraph.api.cli import supervision as cli_supervision
from dutygraph.api.cli.graph import AnnexOpt, _error, _fail
from dutygraph.api.cli.summary import make_console, print_parse_summary, summary_table
from dutygraph.loaders import NoticeError, read_notice
from dutygraph.schema import ParseResult
from dutygraph.schema.parse import parse_json_schema_text

app = typer.Typer(
    name="dutygraph",
    help="Read Chinese government work-plan notices (通知, 实施方案) into typed records.",
    epilog="Example:  dutygraph summary examples/notices/*.txt",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SAMPLE = "examples/notices/004_bb86f7f5d52695f3.txt"


def _read(path: Path, annexes: list[Path] | None = None) -> ParseResult:
    try:
        return read_notice(path, annexes or ())  # an unreadable file is a NoticeError too
    except NoticeError as exc:
        _fail(str(exc))


@app.command(
    epilog=f"Example:  dutygraph parse {SAMPLE} --json"
    "  (or: dutygraph parse 通知.docx --annex 附件1.xlsx)"
)
def parse(
    file: Annotated[
        Path,
        typer.Argument(
            help="A notice: .txt (UTF-8 or GBK), .docx, .doc/.wps, .pdf, .html, or a folder or "
            ".zip holding it with its 附件 files."
        ),
    ],
    annex: AnnexOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the ParseResult as one JSON object.")
    ] = False,
) -> None:
    """Read one notice and show what was found in it."""
    result = _read(file, annex)
    if as_json:
        # allow_nan=False: strict JSON or a loud failure, never a bare Infinity token.
        data = result.model_dump(mode="json")
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print_parse_summary(make_console(), result)


@app.command(epilog="Example:  dutygraph summary examples/notices/*.txt")
def summary(
    files: Annotated[
        list[Path], typer.Argument(help="Notice files to read: .txt, .docx, .pdf, .html, .zip …")
    ],
) -> None:
    """Read several notices and show one table row per notice."""
    rows: list[tuple[str, ParseResult]] = []
    errors: list[str] = []
    for path in files:
        try:
            rows.append((path.name, read_notice(path)))
        except NoticeError as exc:
            errors.append(str(exc))
    if rows:
        console = make_console()
        console.print(summary_table(rows, console.width))
    for message in errors:
        _error(message)
    if errors:
        raise typer.Exit(1)


@app.command(epilog="Example:  dutygraph schema > parse.schema.json")
def schema() -> None:
    """Print the JSON Schema of `dutygraph parse --json` output."""
    typer.echo(parse_json_schema_text(), nl=False)


cli_graph.register(app)
cli_maps.register(app)
cli_serve.register(app)
cli_gaps.register(app)
cli_supervision.register(app)
