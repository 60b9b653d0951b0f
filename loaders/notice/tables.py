"""Give a flattened table its columns: header, sub-header (2024年…), and merged header cells."""

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from dutygraph.loaders.notice.layout import Cell, Row, TableBlock
from dutygraph.loaders.numbers import MEASURES

ColumnKind = Literal[
    "seq", "lead", "co", "owner", "task", "deadline", "person", "unit", "value", "note", "other"
]

# Header keywords, checked in this order; first match wins (责任单位 before 单位).
_KINDS: tuple[tuple[ColumnKind, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(类别)?序号$|^编号$")),
    ("lead", re.compile(r"牵头(单位|部门)?|主责(单位|部门)|主办(单位|部门)")),
    ("co", re.compile(r"(配合|协办|参与|协同)(单位|部门)")),
    (
        "owner",
        re.compile(
            r"责任(单位|部门|主体|科室|处室)|承办(单位|部门)|实施(单位|主体)|主体单位|"
            r"考核对象|被考核单位|承担单位|落实单位"
        ),
    ),
    ("deadline", re.compile(r"时限|完成时间|时间节点|时间安排|进度安排|完成期限")),
    ("person", re.compile(r"责任人|负责人|联系人|姓名|领导")),
    (
        "task",
        re.compile(
            r"任务|措施|内容|事项|重点工作|工作目标|目标任务|具体举措|^指标$|考核项目|考核指标"
        ),
    ),
    ("note", re.compile(r"^备注$")),
    (
        "unit",
        re.compile(
            r"^(镇|街|乡|县|区|市|地区|单位名称|单位$|部门$)|（街道?）|镇街|乡镇|区（市）|县（市"
        ),
    ),
    ("value", re.compile(r"目标值|总数值|数值|指标值|合计|小计|总计|任务数|数量|\d{4}年")),
)
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?(?:\s*[—\-~至到]\s*((?:19|20)\d{2})\s*年?)?")
TOTAL_HEADERS = re.compile(r"总数|合计|小计|总计|累计")


@dataclass
class Column:
    """A column: its header (and sub-header), kind, and the period it holds (2024, 2024-2026)."""

    name: str
    kind: ColumnKind
    sub: str | None = None
    part: int = 0

    @property
    def label(self) -> str:
        return f"{self.name}/{self.sub}" if self.sub else self.name

    @property
    def period(self) -> str | None:
        return period_of(self.sub or self.name)

    @property
    def is_total(self) -> bool:
        return bool(TOTAL_HEADERS.search(self.name)) and not self.sub


def period_of(text: str) -> str | None:
    """The period a text names: '2024年' -> '2024', '2024年—2026年' -> '2024-2026', else None."""
    m = _PERIOD.search(text)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)


@dataclass
class GridRow:
    """A data row with one cell per column (missing cells padded empty)."""

    cells: list[Cell]
    line: int

    def text(self, k: int) -> str:
        return self.cells[k].text


@dataclass
class Grid:
    """A table with typed columns and data rows, ready to become tasks or targets."""

    block: TableBlock
    columns: list[Column]
    rows: list[GridRow]
    header_line: int

    def first(self, kind: ColumnKind) -> int | None:
        return next((k for k, c in enumerate(self.columns) if c.kind == kind), None)

    def all(self, kind: ColumnKind) -> list[int]:
        return [k for k, c in enumerate(self.columns) if c.kind == kind]


def column_kind(header: str) -> ColumnKind:
    """Classify a header cell by keyword: 责任单位 -> owner, 镇（街） -> unit, 2024年 -> value."""
    h = re.sub(r"\s+", "", header)
    for kind, pattern in _KINDS:
        if pattern.search(h):
            return kind
    return "other"


def _is_subheader(row: Row) -> bool:
    texts = row.texts()
    if not texts or texts[0]:
        return False
    filled = [t for t in texts if t]
    return bool(filled) and not any(re.fullmatch(r"[\d.,]+", t) for t in filled)


def _columns(header: Row, sub: Row | None, width: int) -> list[Column]:
    names = header.texts()
    subs = sub.texts() if sub is not None and len(sub.cells) == width else []
    lead = next((k for k, t in enumerate(subs) if t), 0)
    # A sub-header whose first text lies past the header's names lines up with none of them.
    if subs and lead < len(names):
        span = width - len(names) + 1
        last = len(names) - 1  # a header row has one cell at least

        def name_at(k: int) -> str:
            # A sub-header wider than its header (its first text past the header's last
            # cell) names the columns past the end after the header's last cell.
            return names[max(0, min(k, last))]

        cols = []
        for k in range(width):
            if k < lead:
                name, s = name_at(k), None
            elif k < lead + span:
                name, s = name_at(lead), subs[k] or None
            else:
                name, s = name_at(k - span + 1), subs[k] or None
            cols.append(
                Column(name=name, kind=column_kind(s or name) if s else column_kind(name), sub=s)
            )
        return cols
    cols = [Column(name=n, kind=column_kind(n)) for n in names]
    extra = width - len(cols)
    if extra > 0:
        # A merged header over several columns: the task column (重点任务) is the usual one.
        at = next((k for k, c in enumerate(cols) if c.kind == "task"), max(len(cols) - 2, 0))
        spanned = [Column(cols[at].name, cols[at].kind, part=p) for p in range(extra + 1)]
        cols = cols[:at] + spanned + cols[at + 1 :]
    return cols


def _record(rows: list[Row]) -> list[Row] | None:
    """A two-column record (重点工作： | …, 牵头单位： | …) as a header row and one data row."""
    filled = [r for r in rows if not r.is_blank()]
    if len(filled) < 2 or any(len(r.cells) != 2 for r in filled):
        return None
    if not all(re.search(r"[：:]$", r.cells[0].text) for r in filled):
        return None
    labels = [Cell(r.cells[0].text.rstrip("：:").replace(" ", ""), r.line) for r in filled]
    return [Row(labels), Row([r.cells[1] for r in filled])]


def _merge_spanned_header(header: Row, width: int) -> Row:
    """A header one cell wider than its rows: two task headers over one merged row cell."""
    if len(header.cells) != width + 1:
        return header
    kinds = [column_kind(c.text) for c in header.cells]
    for k in range(len(kinds) - 1):
        if kinds[k] == kinds[k + 1] == "task":
            a, b = header.cells[k], header.cells[k + 1]
            merged = Cell(f"{a.text}/{b.text}", a.line)
            return Row(header.cells[:k] + [merged] + header.cells[k + 2 :])
    return header


def _is_measure_column(grid: "Grid", k: int) -> bool:
    """A 单位 column holding %, 个, 万元: it states the measure of each row, not a unit name."""
    cells = [r.text(k) for r in grid.rows if r.text(k)]
    return bool(cells) and all(c in MEASURES or c in ("%", "‰", "分") for c in cells)


def _all_numbers(grid: "Grid", k: int) -> bool:
    cells = [r.text(k) for r in grid.rows if r.text(k)]
    return bool(cells) and all(re.fullmatch(r"[\d.,]+", c) for c in cells)


def _refine(grid: "Grid") -> None:
    """Column kinds that only the cells decide: a measure column, numbers under 任务数, and a
    单位/部门 column of owners in a task table."""
    for k, col in enumerate(grid.columns):
        if col.kind == "unit" and _is_measure_column(grid, k):
            col.kind = "other"
        elif col.kind == "task" and _all_numbers(grid, k):
            col.kind = "value"  # 任务数, 目标任务 holding counts: an allocation, not tasks
    has_owner = any(c.kind in ("lead", "co", "owner") for c in grid.columns)
    if has_owner or not grid.all("task"):
        return
    for col in grid.columns:
        if col.kind == "unit" and re.search(r"单位|部门", col.name):
            col.kind = "owner"  # a task table whose owners stand under 单位 or 部门


def build_grid(block: TableBlock) -> Grid | None:
    """Columns and data rows of a table; None if it has no header row."""
    rows = [r for r in block.rows if r.cells]
    if not rows:
        return None
    rows = _record(rows) or rows
    header = rows[0]
    rest = rows[1:]
    sub = rest[0] if rest and _is_subheader(rest[0]) else None
    data = rest[1:] if sub is not None else rest
    widths = Counter(len(r.cells) for r in data if not r.is_blank())
    width = widths.most_common(1)[0][0] if widths else len(header.cells)
    header = _merge_spanned_header(header, width)
    width = max(width, len(header.cells), len(sub.cells) if sub else 0)
    columns = _columns(header, sub, width)
    grid_rows = []
    for r in data:
        cells = list(r.cells[:width])
        if len(r.cells) > width:
            extra = " ".join(c.text for c in r.cells[width:] if c.text)
            cells[-1] = Cell((cells[-1].text + " " + extra).strip(), cells[-1].line)
        while len(cells) < width:
            cells.append(Cell("", cells[-1].line if cells else r.line))
        grid_rows.append(GridRow(cells=cells, line=r.line))
    grid = Grid(block=block, columns=columns, rows=grid_rows, header_line=header.line)
    _refine(grid)
    return grid
