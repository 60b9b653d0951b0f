"""The document model between file formats and the reader: paragraphs and tables in order."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """Where a block sits in the original file: paragraph, table row/column, or page and line.

    All numbers are 1-based; `label()` is the clerk-facing form (段落12, 表2第3行第4列, 第3页第12行).
    """

    file: str
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    line: int | None = None
    sheet: str | None = None

    def label(self) -> str:
        """One short Chinese phrase naming the place, e.g. 表2第3行第4列."""
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"工作表{self.sheet}")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.line is not None and self.page is not None:
            parts.append(f"第{self.line}行")
        return "".join(parts)


@dataclass
class Paragraph:
    """A paragraph: its text with list numbering rendered (一、…), outline level and style if known."""

    text: str
    place: Place
    level: int | None = None
    style: str | None = None
    numbered: bool = False


@dataclass
class Cell:
    """One cell as drawn: its text, where it starts in the grid, and how many rows/columns it spans."""

    text: str
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1
    place: Place | None = None


@dataclass
class Table:
    """A table: the cells as drawn, row by row, with spans; `grid()` resolves them into rows×columns."""

    rows: list[list[Cell]]
    place: Place
    annex: str | None = None
    # PDF only: x positions of the column rules, to join a table's parts across page breaks.
    edges: list[float] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((c.column + c.col_span for r in self.rows for c in r), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """Every grid position holds the cell covering it (a merged cell fills all it spans)."""
        height = len(self.rows)
        out: list[list[Cell | None]] = [[None] * self.width for _ in range(height)]
        for r in self.rows:
            for c in r:
                for dr in range(c.row_span):
                    for dc in range(c.col_span):
                        if c.row + dr < height:
                            out[c.row + dr][c.column + dc] = c
        return out


Block = Paragraph | Table


@dataclass(frozen=True)
class Note:
    """Something of the file that was not read (a scanned page, a text box), said in Chinese."""

    message: str
    place: Place | None = None


@dataclass
class Document:
    """A notice file read into blocks in reading order, with warnings about what was skipped."""

    file: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pages: int | None = None

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
