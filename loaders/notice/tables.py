"""Give a flattened table its columns: header, sub-header (2024年…), and merged header cells."""

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from dutygraph.loaders.notice.layout import Cell, Row, TableBlock

ColumnKind = Literal[
    "seq", "lead", "co", "owner", "task", "deadline", "person", "unit", "value", "other"
]

# Header keywords, checked in this order; first match wins (责任单位 before 单位).
_KINDS: tuple[tuple[ColumnKind, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(类别)?序号$|^编号$")),
    ("lead", re.compile(r"牵头(单位|部门)?|主责(单位|部门)")),
    ("co", re.compile(r"(配合|协办|参与|协同)(单位|部门)")),
    ("owner", re.compile(r"责任(单位|部门|主体)|承办(单位|部门)|实施(单位|主体)|主体单位")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|时间安排|进度安排|完成期限")),
    ("person", re.compile(r"责任人|负责人|联系人|姓名")),
    (
        "task",
        re.compile(r"任务|措施|内容|事项|重点工作|工作目标|目标任务|具体举措"),
    ),
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
        cols = []
        for k in range(width):
            if k < lead:
                name, s = names[k], None
            elif k < lead + span:
                name, s = names[lead], subs[k] or None
            else:
                name, s = names[min(k - span + 1, len(names) - 1)], subs[k] or None
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


def build_grid(block: TableBlock) -> Grid | None:
    """Columns and data rows of a table; None if it has no header row."""
    rows = [r for r in block.rows if r.cells]
    if not rows:
        return None
    header = rows[0]
    rest = rows[1:]
    sub = rest[0] if rest and _is_subheader(rest[0]) else None
    data = rest[1:] if sub is not None else rest
    widths = Counter(len(r.cells) for r in data if not r.is_blank())
    width = widths.most_common(1)[0][0] if widths else len(header.cells)
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
    return Grid(block=block, columns=columns, rows=grid_rows, header_line=header.line)
