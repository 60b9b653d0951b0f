"""Rows of a spreadsheet (.xlsx or .csv), each with its 1-based sheet row number.

xlsx is read with openpyxl in read-only mode (fast, little memory); merged cells, which that
mode cannot see, are read from the sheet's <mergeCells> and filled with their top-left value
so that a 镇街 merged over several rows belongs to each of them. csv is UTF-8 (with or without
BOM), else GB18030, as Excel on Chinese Windows saves it. Blank rows are dropped, but the
numbers of the other rows stay those the user sees in Excel.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
import openpyxl
from openpyxl.utils.cell import range_boundaries

SUFFIXES = (".xlsx", ".xlsm", ".csv")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class SpreadsheetError(Exception):
    """A file that cannot be read as a spreadsheet; str() is one line naming the file."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        self.message = " ".join(message.split())  # library messages may span lines
        super().__init__(f"{file}: {self.message}")


@dataclass(frozen=True)
class Row:
    """One non-blank row: its 1-based number in the sheet and its cells as text ('' if empty)."""

    number: int
    cells: tuple[str, ...]

    def get(self, k: int | None) -> str:
        """Cell `k` (0-based), '' when the row is shorter or `k` is None."""
        return self.cells[k] if k is not None and k < len(self.cells) else ""


@dataclass(frozen=True)
class Sheet:
    """A sheet's name and its non-blank rows in order."""

    name: str
    rows: list[Row]


def cell_text(value: Any) -> str:
    """A cell value as the user reads it: 12.0 -> '12', a date -> '2024-06-30', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" in str(value) else str(value).strip()


def _rows(grid: Iterator[tuple[Any, ...]], first: int) -> list[Row]:
    out = []
    for number, values in enumerate(grid, start=first):
        cells = tuple(cell_text(v) for v in values)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if cells:
            out.append(Row(number, cells))
    return out


_Range = tuple[int, int, int, int]


def _merged_ranges(ws: Any) -> list[_Range]:
    """(min_col, min_row, max_col, max_row) of each merged range, read from the sheet XML."""
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:  # pragma: no cover - a future openpyxl without it: no merges
        return []
    out: list[_Range] = []
    with get_source() as src:
        for _, el in defusedxml.ElementTree.iterparse(src):
            if el.tag == f"{_MAIN_NS}mergeCell" and el.get("ref"):
                c1, r1, c2, r2 = range_boundaries(str(el.get("ref")))
                if c1 and r1 and c2 and r2:
                    out.append((int(c1), int(r1), int(c2), int(r2)))
            el.clear()
    return out


def _fill_merged(rows: list[list[Any]], first: int, ranges: list[_Range]) -> None:
    for c1, r1, c2, r2 in ranges:
        i1 = r1 - first
        if not 0 <= i1 < len(rows) or c1 - 1 >= len(rows[i1]):
            continue
        value = rows[i1][c1 - 1]
        for r in range(r1, r2 + 1):
            i = r - first
            if i >= len(rows):
                break
            row = rows[i]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    row[c - 1] = value


# A progress or enterprise list is a few MB unpacked; a zip bomb is many GB. Refuse before
# unpacking anything rather than run the machine out of memory.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError(str(path), f"not a readable .xlsx workbook ({exc})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            str(path),
            f"the workbook unpacks to {unpacked // 2**20} MB, over the "
            f"{MAX_UNPACKED_BYTES // 2**20} MB limit for a spreadsheet import",
        )


def _read_xlsx(path: Path) -> list[Sheet]:
    _check_unpacked_size(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError(
            str(path), f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from None
    try:
        sheets = []
        for ws in wb.worksheets:
            ws.reset_dimensions()  # some writers record a wrong size; read what is there
            grid = [list(r) for r in ws.iter_rows(values_only=True)]
            _fill_merged(grid, 1, _merged_ranges(ws))
            sheets.append(Sheet(str(ws.title), _rows(iter(tuple(r) for r in grid), 1)))
        return sheets
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise SpreadsheetError(str(path), f"the workbook is damaged ({exc})") from None
    except defusedxml.DefusedXmlException as exc:
        raise SpreadsheetError(str(path), f"the workbook holds unsafe XML ({exc})") from None
    finally:
        wb.close()


def decode_csv(data: bytes, file: str) -> str:
    """UTF-8 (BOM allowed), else GB18030; binary data is refused."""
    if b"\x00" in data:
        raise SpreadsheetError(file, "binary data, not a .csv text file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(file, "a .csv file must be UTF-8 or GB18030/GBK text")


def _read_csv(path: Path) -> list[Sheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetError(str(path), exc.strerror or str(exc)) from None
    text = decode_csv(data, str(path))
    try:
        grid = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SpreadsheetError(str(path), f"malformed .csv ({exc})") from None
    return [Sheet(path.stem, _rows(iter(tuple(r) for r in grid), 1))]


def read_sheets(path: str | Path) -> list[Sheet]:
    """Every sheet of an .xlsx workbook, or the one sheet of a .csv file, with row numbers."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise SpreadsheetError(
            str(p), f"not a spreadsheet: expected {', '.join(SUFFIXES)}, got '{p.suffix}'"
        )
    if not p.is_file():
        raise SpreadsheetError(str(p), "no such file")
    sheets = _read_csv(p) if suffix == ".csv" else _read_xlsx(p)
    if not any(s.rows for s in sheets):
        raise SpreadsheetError(str(p), "the spreadsheet is empty")
    return sheets
