"""Rich renderings of ParseResults for the command line: a per-notice summary and a table."""

import os

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dutygraph.schema import ParseResult

_TITLE_WIDTH = 20
# Narrowest a name column gets (three Chinese characters), and a count column (two, or 4 digits).
_NAME_MIN = 6
_COUNTS = ("任务", "已定责", "指标", "分解目标", "领导", "期限", "提醒")
_HEADERS = ("文件", "发文字号", "标题", *_COUNTS)
# A boxed row spends 3 cells per column (rule and padding) and one for the closing rule.
_BOXED_EXTRA = 3 * len(_HEADERS) + 1
# Pipes and CI logs have no terminal to fit: keep each table row on one line there.
_PIPE_WIDTH = 200


def make_console() -> Console:
    """A console for stdout; wide when it is not a terminal (and COLUMNS is unset)."""
    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = _PIPE_WIDTH
    return console


def _or_dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def truncate(text: str | None, width: int = _TITLE_WIDTH) -> str:
    """Cut `text` to `width` characters, marking the cut with an ellipsis."""
    if not text:
        return "—"
    return text if len(text) <= width else text[: width - 1] + "…"


def counts(result: ParseResult) -> dict[str, int]:
    """The record counts shown for one notice, in display order."""
    return {
        "tasks": len(result.tasks),
        "owned tasks": sum(1 for t in result.tasks if t.owners),
        "indicators": len(result.indicators),
        "targets": len(result.targets),
        "leaders": len(result.leaders),
        "deadlines": len(result.deadlines),
        "warnings": len(result.warnings),
    }


def print_parse_summary(console: Console, result: ParseResult) -> None:
    """A short human summary of one notice: its head, record counts, and its warnings."""
    meta = result.notice
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in (
        ("file", meta.file),
        ("doc number", meta.doc_number),
        ("title", meta.title),
        ("issuer", meta.issuer),
        ("date", meta.date),
    ):
        head.add_row(label, Text(_or_dash(value)))
    console.print(head)
    console.print(
        Text("  ".join(f"{name}: {n}" for name, n in counts(result).items()), style="cyan")
    )
    for w in result.warnings:
        where = w.place or f"line {w.line}"
        console.print(Text(f"  {where}: [{w.code}] {w.message}", style="yellow"))


def _summary_frame(compact: bool) -> Table:
    # Clerks read this table: Chinese headers (`parse --json` is the contract for scripts).
    if compact:  # one space between columns instead of a rule and two spaces of padding
        table = Table(title="已读取的通知", box=box.SIMPLE_HEAD, padding=(0, 0), show_edge=False)
    else:
        table = Table(title="已读取的通知")
    table.add_column("文件", overflow="fold", min_width=_NAME_MIN)
    table.add_column("发文字号", overflow="fold", min_width=_NAME_MIN)
    table.add_column("标题", overflow="fold", min_width=_NAME_MIN, max_width=2 * _TITLE_WIDTH)
    for header in _COUNTS:
        table.add_column(header, justify="right", min_width=cell_len(header))
    return table


def summary_table(rows: list[tuple[str, ParseResult]], width: int | None = None) -> Table:
    """One row per notice: 文件, 发文字号, 标题 (truncated) and its record counts, fitted to
    `width` cells: narrower than the boxed table, the rules go and the names fold onto more
    lines, so no column is cut off (COLUMNS=80)."""
    cells = [
        [name, _or_dash(r.notice.doc_number), truncate(r.notice.title)]
        + [str(n) for n in counts(r).values()]
        for name, r in rows
    ]
    wide = sum(max(cell_len(c) for c in col) for col in zip(*cells, _HEADERS, strict=True))
    compact = width is not None and wide + _BOXED_EXTRA > width
    table = _summary_frame(compact)
    for row in cells:
        table.add_row(*(Text(c) for c in row))
    return table
