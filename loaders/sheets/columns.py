"""Find a data table in a sheet by its header words, not by column positions.

Counties lay their spreadsheets out differently (a title row, 填报单位 lines, a two-row header
whose parent cell is merged over 姓名/电话, a legend row of codes), so a table is located by
the header rows that name the most required fields, and each field takes the first column whose
header text contains one of its words (企业名称 or 单位名称, 所属镇街 or 所在镇街 or 乡镇 …).
"""

import re
from dataclasses import dataclass, field

from dutygraph.loaders.sheets.spreadsheet import Row, Sheet

# A header is found within the first rows; titles and 填报单位 lines come before it.
MAX_HEADER_SCAN = 15
# A header may span up to three rows (企业联系人信息 over 姓名 / 部门职务 / 联系方式).
MAX_HEADER_ROWS = 3
_SPACE = re.compile(r"\s+")
_FOOTER = re.compile(r"^(备注|注[:：]|说明|填报说明|填表说明)")


@dataclass(frozen=True)
class Field:
    """A column the loader wants: its name, the label shown to users, and its header words."""

    name: str
    label: str
    words: tuple[str, ...]
    required: bool = True
    exclude: tuple[str, ...] = ()
    many: bool = False
    """Take every matching column (e.g. one per year), not just the first."""

    def matches(self, header: str) -> bool:
        return any(w in header for w in self.words) and not any(x in header for x in self.exclude)


@dataclass
class Table:
    """A located table: header rows, each field's column(s), and the rows below the header."""

    sheet: str
    header_rows: list[int]
    headers: list[str]
    columns: dict[str, list[int]]
    rows: list[Row] = field(default_factory=list)

    def col(self, name: str) -> int | None:
        cols = self.columns.get(name)
        return cols[0] if cols else None

    def cell(self, row: Row, name: str) -> str:
        return row.get(self.col(name))


def header_text(text: str) -> str:
    """Header cell text without spaces and with half-width brackets: 镇（街） -> 镇(街)."""
    return _SPACE.sub("", text).replace("（", "(").replace("）", ")")


def _column_headers(rows: list[Row]) -> list[str]:
    width = max(len(r.cells) for r in rows)
    out = []
    for k in range(width):
        parts: list[str] = []
        for r in rows:
            t = header_text(r.get(k))
            if t and t not in parts:
                parts.append(t)
        out.append("/".join(parts))
    return out


def _assign(headers: list[str], fields: tuple[Field, ...]) -> dict[str, list[int]]:
    taken: set[int] = set()
    out: dict[str, list[int]] = {}
    for f in fields:
        cols = [k for k, h in enumerate(headers) if k not in taken and f.matches(h)]
        if cols:
            out[f.name] = cols if f.many else cols[:1]
            taken.update(out[f.name])
    return out


def find_table(sheet: Sheet, fields: tuple[Field, ...]) -> Table | None:
    """The header block (1-3 rows among the first rows) naming the most fields, and the rows below.

    Ties go to the shorter block, so a legend row under the header is read as a row, not as
    part of the header; the loader skips it because its key cell is empty.
    """
    required = [f for f in fields if f.required]
    best: tuple[int, int, int] | None = None
    best_table: Table | None = None
    rows = sheet.rows
    for i in range(min(MAX_HEADER_SCAN, len(rows))):
        for n in range(1, MAX_HEADER_ROWS + 1):
            block = rows[i : i + n]
            if len(block) < n:
                break
            headers = _column_headers(block)
            cols = _assign(headers, fields)
            score = (sum(1 for f in required if f.name in cols), len(cols), -n)
            if best is None or score > best:
                best = score
                best_table = Table(sheet.name, [r.number for r in block], headers, cols)
    if best is None or best_table is None or best[0] < len(required):
        return None
    last = best_table.header_rows[-1]
    body = []
    for r in rows:
        if r.number <= last:
            continue
        if _FOOTER.match(r.get(0)) or _FOOTER.match(next((c for c in r.cells if c), "")):
            break
        body.append(r)
    best_table.rows = body
    return best_table


def missing_fields(sheet: Sheet, fields: tuple[Field, ...]) -> list[str]:
    """Labels of the required fields no header row of `sheet` names (for the error message)."""
    found: set[str] = set()
    rows = sheet.rows[:MAX_HEADER_SCAN]
    for r in rows:
        found |= set(_assign(_column_headers([r]), fields))
    return [f.label for f in fields if f.required and f.name not in found]
