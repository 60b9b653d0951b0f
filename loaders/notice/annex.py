"""Annex tables: task-assignment tables become tasks; allocation tables become targets.

Checks made while reading: duplicate row numbers, rows with a number and nothing else, 合计
rows that differ from the sum of their rows, and a unit name spelled two ways.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dutygraph.loaders.notice.owners import apply_lead_first
from dutygraph.loaders.notice.tables import Grid, GridRow
from dutygraph.loaders.numbers import MEASURES, parse_cell_number
from dutygraph.loaders.units import is_org, split_units
from dutygraph.schema import Owner, ParseWarning

_TOTAL_LABEL = re.compile(r"^(合计|总计|小计|全区|全市|全县|全省|全镇|总数)$")
_CAPTION_NUMBER = re.compile(
    r"^([一二三四五六七八九十]+[、.]|（[一二三四五六七八九十]+）|\d+[.、])\s*"
)
_CAPTION_MEASURE = re.compile(rf"[（(]\s*(?:单位[：:])?\s*({'|'.join(MEASURES)})\s*[)）]$")


@dataclass
class RowTask:
    path: str
    title: str | None
    text: str
    owners: list[Owner]
    deadline: str | None
    line: int
    annex: str
    # Cells that may state amounts: the task cells and a 备注 cell (补贴…万元, 不少于10家).
    amounts: list[str] = field(default_factory=list)


# A section row inside a table: 二、共性任务（各责任单位） — its bracket names the rows' owners.
_SECTION_ROW = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(?P<title>.*)$")
_SECTION_OWNERS = re.compile(r"（(?P<owners>[^（）]+)）$")
# A task cell numbered by itself ('135.统筹违法建设治理…') when the table has no 序号 column.
_NUMBERED_CELL = re.compile(r"^(\d{1,4})[.、．]\s*(?=\D)")


@dataclass
class ValueCell:
    table: str
    measure: str | None
    unit: str
    period: str
    value: float
    line: int
    total: bool
    unit_line: int = 0


@dataclass
class AnnexRead:
    tasks: list[RowTask] = field(default_factory=list)
    cells: list[ValueCell] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def caption_of(grid: Grid) -> tuple[str, str | None]:
    """Table name and measure from its caption: '一、新增有效发明专利数量（个）' -> (…, 个)."""
    lines = [c.text.strip() for c in grid.block.caption if c.text.strip()]
    caption = lines[-1] if lines else (grid.block.annex or "表")
    caption = _CAPTION_NUMBER.sub("", caption)
    m = _CAPTION_MEASURE.search(caption)
    measure = m.group(1) if m else None
    name = caption[: m.start()].strip() if m else caption
    return name, measure


def _warn(out: AnnexRead, code: str, message: str, line: int) -> None:
    out.warnings.append(ParseWarning(code=code, message=message, line=line))  # type: ignore[arg-type]


def _seq_paths(
    rows: list[GridRow], seq: int | None, annex: str, out: AnnexRead, numbered: int | None = None
) -> list[str]:
    seen: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    paths = []
    for k, row in enumerate(rows, start=1):
        number = row.text(seq) if seq is not None else ""
        if not number and numbered is not None:
            m = _NUMBERED_CELL.match(row.text(numbered))
            number = m.group(1) if m else ""
        key = number if number else str(k)
        seen[key] += 1
        if seen[key] > 1:
            _warn(
                out,
                "duplicate-row-number",
                f"{annex} 第{number}行序号重复 (row number {number} repeats line {first_line[key]})",
                row.line,
            )
            paths.append(f"{annex}.row{key}-{seen[key]}")
        else:
            first_line[key] = row.line
            paths.append(f"{annex}.row{key}")
    return paths


def _section_row(
    texts: list[str], seq: int | None, next_number: str
) -> tuple[str, list[Owner]] | None:
    """A row that only titles a group of rows (二、共性任务（各责任单位）): its title and owners.

    A row numbered 一/二 in the 序号 column titles a group only when the row after it is numbered
    1, 2…; a table may also number its tasks 一, 二 with owner cells merged down.
    """
    content = [t for k, t in enumerate(texts) if k != seq and t]
    number = texts[seq].rstrip("、.．") if seq is not None else ""
    if len(content) != 1:
        return None
    m = _SECTION_ROW.match(content[0])
    grouped = re.fullmatch(r"[一二三四五六七八九十]+", number) and next_number.isdigit()
    if not (m or grouped):
        return None
    title = m.group("title") if m else content[0]
    named = _SECTION_OWNERS.search(title)
    owners = (
        [Owner(unit=u, role="owner") for u in split_units(named.group("owners"))] if named else []
    )
    return title, owners


def read_task_table(grid: Grid, lead_first: bool, out: AnnexRead) -> None:
    """Rows of a 重点任务/责任单位 table as tasks; empty merged cells inherit from above.

    A section row (二、共性任务（各责任单位）) is no task: the units in its bracket own the rows
    under it that name no owner of their own.
    """
    annex = grid.block.annex or "附件"
    seq = grid.first("seq")
    task_cols = grid.all("task")
    owner_cols = [
        (k, c.kind) for k, c in enumerate(grid.columns) if c.kind in ("lead", "co", "owner")
    ]
    deadline = grid.first("deadline")
    note = grid.first("note")
    rows = [r for r in grid.rows if any(c.text for c in r.cells)]
    numbers = [r.text(seq).strip() if seq is not None else "" for r in rows] + [""]
    sections = {
        id(r): _section_row([c.text for c in r.cells], seq, numbers[k + 1])
        for k, r in enumerate(rows)
    }
    rows_with_tasks = [r for r in rows if sections[id(r)] is None]
    numbered = task_cols[0] if seq is None and task_cols else None
    paths = dict(
        zip(
            (id(r) for r in rows_with_tasks),
            _seq_paths(rows_with_tasks, seq, annex, out, numbered),
            strict=True,
        )
    )
    previous: list[str] = [""] * len(grid.columns)
    detail = task_cols[-1] if task_cols else None
    section_owners: list[Owner] = []
    doubted: set[str] = set()
    for row in rows:
        texts = [c.text for c in row.cells]
        section = sections[id(row)]
        if section is not None:
            section_owners = section[1]
            previous = [""] * len(grid.columns)
            continue
        path = paths[id(row)]
        content = [t for k, t in enumerate(texts) if k != seq and t]
        if not content:
            _warn(
                out,
                "empty-row",
                f"{annex} 第{texts[seq] if seq is not None else '?'}行为空 (empty row)",
                row.line,
            )
            continue
        for k in range(len(texts)):
            if not texts[k] and k not in (seq, detail):
                texts[k] = previous[k]  # a merged cell: the row inherits the cell above
        previous = texts
        owners: list[Owner] = []
        for k, kind in owner_cols:
            role = {"lead": "lead", "co": "co"}.get(kind, "owner")
            owners += [Owner(unit=u, role=role) for u in split_units(texts[k])]  # type: ignore[arg-type]
        for o in owners:
            if not is_org(o.unit) and o.unit not in doubted:
                doubted.add(o.unit)
                _warn(
                    out,
                    "unsure-owner",
                    f"{annex} 责任单位“{o.unit}”不以常见单位名称结尾，请核对"
                    " (stated owner without a known unit ending)",
                    row.line,
                )
        if not owners:
            owners = list(section_owners)
        if lead_first:
            owners = apply_lead_first(owners)
        parts = [texts[k] for k in task_cols if texts[k]]
        if numbered is not None and parts:
            parts[0] = _NUMBERED_CELL.sub("", parts[0])
        title = parts[0] if len(parts) > 1 else None
        text = parts[-1] if parts else ""
        amounts = parts + ([texts[note]] if note is not None and texts[note] else [])
        out.tasks.append(
            RowTask(
                path,
                title,
                text,
                owners,
                texts[deadline] if deadline is not None else None,
                row.line,
                annex,
                amounts,
            )
        )


def read_allocation_table(grid: Grid, plan_period: str | None, out: AnnexRead) -> None:
    """Every value cell of a township/district breakdown, and the 合计 row as stated totals."""
    name, measure = caption_of(grid)
    unit_col = grid.first("unit")
    seq = grid.first("seq")
    if unit_col is None:
        return
    values = [k for k, c in enumerate(grid.columns) if c.kind == "value" or c.period]
    periods = [grid.columns[k].period for k in values if grid.columns[k].period]
    span = _span(periods) or plan_period or "all"
    seen_periods: set[str] = set()
    columns: list[tuple[int, str]] = []
    for k in values:
        col = grid.columns[k]
        period = col.period or span
        if period in seen_periods:
            continue  # a 总数值 column repeating the only period column adds nothing
        seen_periods.add(period)
        columns.append((k, period))
    rows = [r for r in grid.rows if any(c.text for c in r.cells)]
    _seq_paths(rows, seq, grid.block.annex or "附件", out)
    for row in rows:
        unit = row.text(unit_col)
        label = row.text(seq) if seq is not None else ""
        total = bool(_TOTAL_LABEL.match(unit) or _TOTAL_LABEL.match(label))
        if not unit and not total:
            continue
        for k, period in columns:
            value = parse_cell_number(row.text(k))
            if value is None:
                continue
            out.cells.append(
                ValueCell(
                    name,
                    measure,
                    unit or label,
                    period,
                    value,
                    row.cells[k].line,
                    total,
                    row.cells[unit_col].line,
                )
            )


def _span(periods: list[str | None]) -> str | None:
    years = sorted({int(y) for p in periods if p for y in p.split("-")})
    if not years:
        return None
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def check_totals(out: AnnexRead) -> None:
    """Warn where a 合计 row differs from the sum of the rows of its table and period."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for c in out.cells:
        if not c.total:
            sums[(c.table, c.period)] += c.value
    for c in out.cells:
        if c.total and abs(sums[(c.table, c.period)] - c.value) > 1e-9:
            _warn(
                out,
                "total-mismatch",
                f"《{c.table}》{c.period} 合计为 {c.value:g}，各行之和为 {sums[(c.table, c.period)]:g}"
                " (stated total differs from the sum of rows)",
                c.line,
            )


def check_name_variants(out: AnnexRead) -> None:
    """Warn where a unit is spelled two ways: same length, one character apart, rarer one flagged."""
    counts: Counter[str] = Counter(c.unit for c in out.cells if not c.total)
    lines: dict[str, int] = {}
    for c in out.cells:
        lines.setdefault(c.unit, c.unit_line or c.line)
    names = sorted(counts)
    for a in names:
        for b in names:
            if a >= b or len(a) != len(b):
                continue
            diff = [k for k in range(len(a)) if a[k] != b[k]]
            if len(diff) != 1 or diff[0] >= len(a) - 2:
                continue
            rare, common = (a, b) if counts[a] < counts[b] else (b, a)
            _warn(
                out,
                "name-variant",
                f"单位名称“{rare}”疑为“{common}”的另一写法 (unit name spelled two ways)",
                lines[rare],
            )
