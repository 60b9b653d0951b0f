"""Today's text form (tables flattened to tab-prefixed cell lines) into the document model.

Spans are inferred the way the reader reads them: a row with fewer cells than the table is wide
holds a merged header cell, an empty cell under a filled one continues it (a vertical merge).
"""

import re
from collections import Counter

from dutygraph.loaders.documents.model import Cell, Document, Paragraph, Place, Table

_TASK_HEADER = re.compile(r"任务|措施|内容|事项|工作")


def _runs(lines: list[str]) -> list[list[str] | list[list[str]]]:
    """Paragraph lines and table runs (rows of cell texts), mirroring loaders.notice.layout."""
    out: list[list[str] | list[list[str]]] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].startswith("\t"):
            out.append([lines[i]])
            i += 1
            continue
        rows: list[list[str]] = []
        current: list[str] = []
        prev_blank = False
        while i < n:
            line = lines[i]
            if line.startswith("\t"):
                if prev_blank and current:
                    rows.append(current)
                    current = []
                current.append(line.strip().replace("\t", " ").strip())
                prev_blank = False
            elif not line.strip():
                prev_blank = True
            elif not prev_blank and current:
                current[-1] = (current[-1] + line.strip()).strip()
            else:
                break
            i += 1
        if current:
            rows.append(current)
        out.append(rows)
    return out


def _table(rows: list[list[str]], file: str, number: int) -> Table:
    widths = Counter(len(r) for r in rows if any(r))
    width = max(max(len(r) for r in rows), widths.most_common(1)[0][0] if widths else 1)
    cells: list[list[Cell]] = []
    above: list[Cell | None] = [None] * width
    for r, texts in enumerate(rows):
        row: list[Cell] = []
        spans = [1] * len(texts)
        if len(texts) < width:
            nxt = rows[r + 1] if r + 1 < len(rows) else None
            if nxt is not None and len(nxt) == width and not nxt[0] and any(nxt):
                at = next(k for k, t in enumerate(nxt) if t)  # over a sub-header (2024年…)
            else:
                at = next(
                    (k for k, t in enumerate(texts) if _TASK_HEADER.search(t)), len(texts) - 1
                )
            spans[min(at, len(texts) - 1)] += width - len(texts)
        col = 0
        filled = sum(1 for t in texts if t)
        for k, text in enumerate(texts):
            up = above[col]
            # Empty under a filled cell of a row as wide: the merged rest of that cell.
            if (
                not text
                and up is not None
                and spans[k] == 1
                and up.col_span == 1
                and filled >= 2
                and col < width - 1
                and (up.text or up.row_span > 1)
            ):
                up.row_span = r - up.row + 1
                col += 1
                continue
            cell = Cell(text=text, row=r, column=col, col_span=spans[k])
            row.append(cell)
            for c in range(col, col + spans[k]):
                above[c] = cell if spans[k] == 1 else None
            col += spans[k]
        cells.append(row)
    return Table(rows=cells, place=Place(file=file, table=number))


def read_text_document(text: str, file: str) -> Document:
    """Read the text form into blocks: one Paragraph per line, one Table per run of cell lines."""
    doc = Document(file=file, format="text")
    para = tables = 0
    for run in _runs(text.replace("\r\n", "\n").split("\n")):
        if run and isinstance(run[0], str):
            para += 1
            doc.blocks.append(Paragraph(text=str(run[0]), place=Place(file=file, paragraph=para)))
        else:
            tables += 1
            doc.blocks.append(_table([list(r) for r in run], file, tables))
    return doc
