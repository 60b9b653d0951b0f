"""Split a notice into body lines and annex tables flattened as tab-prefixed cell lines.

Word exports a table as one line per cell, each starting with a tab, rows separated by blank
lines; a cell that wrapped continues on following lines without a tab. A merged cell is left
empty in the rows it spans.
"""

import re
from dataclasses import dataclass, field

from dutygraph.loaders.notice.normalize import Line

ANNEX_MARK = re.compile(r"^附\s*件\s*(\d*)\s*[：:]?\s*$")
_FORM_BOILERPLATE = re.compile(r"^(填报单位|填表单位|填报人|填表人|联系方式|单位（盖章）)")


@dataclass
class Cell:
    """One table cell: its text (wrapped lines joined) and first line number."""

    text: str
    line: int


@dataclass
class Row:
    """One table row in document order."""

    cells: list[Cell]

    @property
    def line(self) -> int:
        return self.cells[0].line

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_blank(self) -> bool:
        return all(not c.text for c in self.cells)


@dataclass
class TableBlock:
    """A flattened table with the caption lines before it and the annex it sits in."""

    rows: list[Row]
    annex: str | None
    caption: list[Line] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.rows[0].line if self.rows else 0


@dataclass
class Layout:
    """Body lines before the annexes, annex prose lines, and every table."""

    body: list[Line]
    annex_notes: list[Line]
    tables: list[TableBlock]


def _is_cell(line: Line) -> bool:
    return line.raw.startswith("\t")


def _cell_text(line: Line) -> str:
    return line.text.strip().replace("\t", " ").strip()


def _annex_name(text: str) -> str | None:
    m = ANNEX_MARK.match(text.strip())
    if not m:
        return None
    return f"附件{m.group(1)}"


def split_layout(lines: list[Line]) -> Layout:
    """Group cell lines into tables; everything before the first annex mark or table is body."""
    body: list[Line] = []
    notes: list[Line] = []
    tables: list[TableBlock] = []
    in_annex = False
    annex: str | None = None
    pending_caption: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.text.strip()
        if _is_cell(line):
            in_annex = True
            rows, i = _read_table(lines, i)
            caption = [c for c in pending_caption if not _FORM_BOILERPLATE.match(c.text.strip())]
            tables.extend(split_captioned(TableBlock(rows=rows, annex=annex, caption=caption)))
            pending_caption = []
            continue
        name = _annex_name(stripped)
        if name is not None:
            in_annex = True
            annex = name
            pending_caption = []
        elif in_annex:
            if stripped:
                pending_caption.append(line)
                pending_caption = pending_caption[-3:]
                notes.append(line)
        else:
            body.append(line)
        i += 1
    return Layout(body=body, annex_notes=notes, tables=tables)


def _read_table(lines: list[Line], i: int) -> tuple[list[Row], int]:
    """Read rows from a run of cell lines; a non-cell line after a blank line ends the table."""
    rows: list[Row] = []
    current: list[Cell] = []
    n = len(lines)
    prev_blank = False
    while i < n:
        line = lines[i]
        if _is_cell(line):
            if prev_blank and current:
                rows.append(Row(current))
                current = []
            current.append(Cell(_cell_text(line), line.no))
            prev_blank = False
        elif not line.text.strip():
            prev_blank = True
        elif not prev_blank and current:
            # A wrapped cell: the text continues on a line without the leading tab.
            last = current[-1]
            last.text = (last.text + line.text.strip()).strip()
        else:
            break
        i += 1
    if current:
        rows.append(Row(current))
    return rows, i


def _is_caption_row(row: Row, following: Row | None) -> bool:
    """A one-cell row of prose followed by a wider row titles a new table (一、新增…（个）)."""
    texts = [t for t in row.texts() if t]
    if len(texts) != 1 or len(row.cells) > 2 or following is None:
        return False
    return len(following.cells) >= 2 and not re.fullmatch(r"[\d.]+|合计|小计|总计", texts[0])


def split_captioned(table: TableBlock) -> list[TableBlock]:
    """Split a run of rows holding several tables, each opened by a one-cell caption row."""
    out: list[TableBlock] = []
    current = TableBlock(rows=[], annex=table.annex, caption=list(table.caption))
    for k, row in enumerate(table.rows):
        following = table.rows[k + 1] if k + 1 < len(table.rows) else None
        if _is_caption_row(row, following):
            if current.rows:
                out.append(current)
            caption_line = Line(no=row.line, text=row.texts()[0], raw=row.texts()[0])
            current = TableBlock(rows=[], annex=table.annex, caption=[caption_line])
            continue
        current.rows.append(row)
    if current.rows:
        out.append(current)
    return out
