"""An .xlsx annex (附件2.xlsx) into the document model: each sheet one table, merges resolved."""

import io
import warnings

import openpyxl

from dutygraph.loaders.documents.errors import DocumentError
from dutygraph.loaders.documents.guard import open_zip
from dutygraph.loaders.documents.model import Cell, Document, Paragraph, Place, Table


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes, file: str) -> Document:
    """Read every visible sheet: a title row spanning the sheet becomes a caption paragraph."""
    open_zip(data, file, ".xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise DocumentError(file, f"文件已损坏: the .xlsx cannot be opened ({exc})") from None
    doc = Document(file=file, format="xlsx")
    tables = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.max_row < 1:
            continue
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            spans[(rng.min_row, rng.min_col)] = (
                rng.max_row - rng.min_row + 1,
                rng.max_col - rng.min_col + 1,
            )
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        values = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        while values and not any(values[-1]):
            values.pop()
        width = max((len(r) for r in values), default=0)
        while width and not any(len(r) >= width and r[width - 1] for r in values):
            width -= 1
        # Title lines above the table and notes below it (注：…, 填报人：…) fill one cell of a row.
        first = 0
        while first < len(values) and sum(1 for t in values[first][:width] if t) <= 1:
            if any(values[first]):
                text = next(t for t in values[first] if t)
                doc.blocks.append(Paragraph(text, Place(file=file, sheet=ws.title, row=first + 1)))
            first += 1
        last = len(values)
        while last > first and sum(1 for t in values[last - 1][:width] if t) <= 1:
            last -= 1
        rows: list[list[Cell]] = []
        for r in range(first + 1, last + 1):
            texts = values[r - 1][:width]
            cells: list[Cell] = []
            for c in range(1, width + 1):
                if (r, c) in covered:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                place = Place(file=file, sheet=ws.title, row=r, column=c)
                text = texts[c - 1] if c - 1 < len(texts) else ""
                rs = min(rs, last - r + 1)
                cells.append(Cell(text, r - first - 1, c - 1, rs, min(cs, width - c + 1), place))
            rows.append(cells)
        notes = [
            Paragraph(next(t for t in values[r] if t), Place(file=file, sheet=ws.title, row=r + 1))
            for r in range(last, len(values))
            if any(values[r])
        ]
        if rows:
            tables += 1
            doc.blocks.append(
                Table(rows=rows, place=Place(file=file, table=tables, sheet=ws.title))
            )
        doc.blocks.extend(notes)
    return doc
