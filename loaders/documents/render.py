"""Render a Document into the reader's line form, keeping each line's place in the original.

Paragraphs become lines; a table becomes one tab-prefixed line per drawn cell, rows separated by
blank lines, as Word's plain-text export writes it (a vertically merged cell is empty in the rows
it spans, a horizontally merged one is written once), which loaders.notice.layout reads.
"""

from dataclasses import dataclass

from dutygraph.loaders.documents.model import Document, Paragraph, Place, Table


@dataclass
class Rendered:
    """The text the reader reads and, for each 1-based line, the place it came from."""

    text: str
    places: list[Place | None]

    def place(self, line: int) -> Place | None:
        return self.places[line - 1] if 0 < line <= len(self.places) else None


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split("\n")).strip()


def _table_lines(table: Table, out: list[tuple[str, Place | None]]) -> None:
    if out and out[-1][0]:
        out.append(("", None))
    height = len(table.rows)
    grid = table.grid()
    for r in range(height):
        if r:
            out.append(("", None))
        seen: set[int] = set()
        for cell in grid[r]:
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            place = cell.place if cell.place is not None and cell.row == r else None
            if place is None:
                place = Place(
                    file=table.place.file,
                    table=table.place.table,
                    row=r + 1,
                    column=cell.column + 1,
                    page=cell.place.page if cell.place else table.place.page,
                    sheet=table.place.sheet,
                )
            text = _one_line(cell.text) if cell.row == r else ""
            out.append(("\t" + text, place))
    out.append(("", None))


def render(doc: Document) -> Rendered:
    """The reader's text for `doc`, e.g. '一、总体要求' lines and '\\t序号' cell lines."""
    out: list[tuple[str, Place | None]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for part in block.text.split("\n"):
                out.append((part.replace("\t", " ").lstrip(), block.place))
        else:
            _table_lines(block, out)
    return Rendered("\n".join(t for t, _ in out), [p for _, p in out])
