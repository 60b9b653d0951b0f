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
        rows: list[list[Cell]] = []
        for r, row_values in enumerate(values, start=1):
            texts = row_values[:width]
            filled = [t for t in texts if t]
            span = spans.get((r, 1), (1, 1))
            if not rows and len(filled) == 1 and (span[1] >= width or len(texts) == 1 or width > 2):
                # The sheet's title (a merged first row): a caption, not a header.
                doc.blocks.append(Paragraph(filled[0], Place(file=file, sheet=ws.title, row=r)))
                continue
            if not filled and not rows:
                continue
            cells: list[Cell] = []
            for c in range(1, width + 1):
                if (r, c) in covered:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                place = Place(file=file, sheet=ws.title, row=r, column=c)
                text = texts[c - 1] if c - 1 < len(texts) else ""
                cells.append(Cell(text, len(rows), c - 1, rs, min(cs, width - c + 1), place))
            rows.append(cells)
        if rows:
            tables += 1
            doc.blocks.append(Table(rows=rows, place=Place(file=file, table=tables, sheet=ws.title)))
    return doc
