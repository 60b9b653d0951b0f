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
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree

SUFFIXES = (".xlsx", ".xlsm", ".csv")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class SpreadsheetError(Exception):
    """A file that cannot be read as a spreadsheet; str() is one line naming the file."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        # library messages may span lines, or be empty (MemoryError): one line, never blank
        self.message = " ".join(message.split()) or "the file could not be read"
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


# What an import may hold. A progress or enterprise list is hundreds to thousands of rows and a
# few dozen columns; a 4.7 KB file saying <row r="99999999999"> or putting one cell in column
# XFD (16,384) on 20,000 rows asked openpyxl for billions of cells. Checked on the sheet's XML
# before a single row is materialised.
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_CELLS = 2_000_000
"""Cells materialised: each row up to its last cell, plus every cell a merged range fills."""


def _column_of(ref: str) -> int:
    """The 1-based column of a cell reference: B7 -> 2, XFD1 -> 16384; 0 if it has none."""
    col = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            col = col * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            col = col * 26 + ord(ch) - 96
        else:
            break
        if col > 10 * MAX_COLUMNS:  # enough to refuse; no need to read a longer name
            break
    return col


def _int_attr(value: str | None, default: int) -> int:
    if value is None:
        return default
    digits = value.strip()[:12]  # a row number past 12 digits is past any limit
    return int(digits) if digits.isdigit() else default


class _Extent:
    """Rows, columns and cells of one sheet as its XML states them, refused past the limits."""

    def __init__(self, file: str, sheet: str) -> None:
        self.file = file
        self.sheet = sheet
        self.cells = 0

    def refuse(self, what: str) -> SpreadsheetError:
        return SpreadsheetError(self.file, f"sheet “{self.sheet}”: {what}; refused before reading")

    def row(self, number: int, last_column: int) -> None:
        if number > MAX_ROWS:
            raise self.refuse(f"row {number} is past the limit of {MAX_ROWS:,} rows")
        if last_column > MAX_COLUMNS:
            raise self.refuse(
                f"row {number} has a cell in column {last_column:,}, past the limit of"
                f" {MAX_COLUMNS} columns"
            )
        self.add(max(last_column, 1))

    def add(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise self.refuse(f"over {MAX_CELLS:,} cells (rows × columns and merged cells)")

    def merged(self, ref: str) -> _Range | None:
        from openpyxl.utils.cell import range_boundaries

        c1, r1, c2, r2 = range_boundaries(ref)
        if not (c1 and r1 and c2 and r2):
            return None
        if r2 > MAX_ROWS or c2 > MAX_COLUMNS:
            raise self.refuse(
                f"merged range {ref[:40]} reaches past {MAX_ROWS:,} rows or {MAX_COLUMNS} columns"
            )
        self.add((r2 - r1 + 1) * (c2 - c1 + 1))
        return int(c1), int(r1), int(c2), int(r2)


def _scan_sheet(ws: Any, file: str) -> list[_Range]:
    """Check the sheet's rows, columns and merged area against the limits (SpreadsheetError
    naming the sheet), streaming its XML; return its merged ranges (which read-only mode
    cannot see) as (min_col, min_row, max_col, max_row)."""
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:  # pragma: no cover - a future openpyxl without it: no merges
        return []
    extent = _Extent(file, str(ws.title))
    out: list[_Range] = []
    row_number = 0
    last_column = 0
    parent: Any = None
    with get_source() as src:
        for event, el in defusedxml.ElementTree.iterparse(src, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_MAIN_NS}sheetData":
                    parent = el
                elif tag == f"{_MAIN_NS}row":
                    row_number = _int_attr(el.get("r"), row_number + 1)
                    if row_number > MAX_ROWS:
                        extent.row(row_number, 0)
                    last_column = 0
                elif tag == f"{_MAIN_NS}c":
                    ref = el.get("r")
                    last_column = _column_of(ref) if ref else last_column + 1
                    if last_column > MAX_COLUMNS:
                        extent.row(row_number, last_column)
                continue
            if tag == f"{_MAIN_NS}row":
                extent.row(row_number, last_column)
                if parent is not None:
                    parent.clear()  # finished rows: keep memory flat on a long sheet
            elif tag == f"{_MAIN_NS}mergeCell" and el.get("ref"):
                merged = extent.merged(str(el.get("ref")))
                if merged:
                    out.append(merged)
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
    except (zipfile.BadZipFile, NotImplementedError, OSError) as exc:
        raise SpreadsheetError(str(path), f"not a readable .xlsx workbook ({exc})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            str(path),
            f"the workbook unpacks to {unpacked // 2**20} MB, over the "
            f"{MAX_UNPACKED_BYTES // 2**20} MB limit for a spreadsheet import",
        )


DAMAGED = (
    "the workbook is damaged: a cell refers to a shared text, style or number format"
    " that the file does not hold"
)


# What a corrupted zip or sheet raises from zipfile, zlib and the XML parser (`make fuzz` found
# zlib.error and NotImplementedError("zip file version 23.5") escaping as crashes).
_BROKEN: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    ElementTree.ParseError,
    KeyError,
)
_DAMAGED: tuple[type[Exception], ...] = (*_BROKEN, ValueError)
_UNREADABLE: tuple[type[Exception], ...] = (*_DAMAGED, OSError)


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl  # ~0.3 s with numpy: only when a workbook is read

    _check_unpacked_size(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _UNREADABLE as exc:
        raise SpreadsheetError(
            str(path), f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from None
    except (IndexError, TypeError, AttributeError):
        raise SpreadsheetError(str(path), DAMAGED) from None
    try:
        sheets = []
        for ws in wb.worksheets:
            merged = _scan_sheet(ws, str(path))  # refuses an oversized sheet before reading it
            ws.reset_dimensions()  # some writers record a wrong size; read what is there
            grid = [list(r) for r in ws.iter_rows(values_only=True)]
            _fill_merged(grid, 1, merged)
            sheets.append(Sheet(str(ws.title), _rows(iter(tuple(r) for r in grid), 1)))
        return sheets
    except _DAMAGED as exc:
        raise SpreadsheetError(str(path), f"the workbook is damaged ({exc})") from None
    except (IndexError, TypeError, AttributeError):
        # openpyxl's own words here are `list index out of range` and the like
        raise SpreadsheetError(str(path), DAMAGED) from None
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
    grid: list[list[str]] = []
    cells = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            cells += max(len(row), 1)
            if number > MAX_ROWS or len(row) > MAX_COLUMNS or cells > MAX_CELLS:
                raise SpreadsheetError(
                    str(path),
                    f"row {number}: past the limit of {MAX_ROWS:,} rows, {MAX_COLUMNS} columns"
                    f" or {MAX_CELLS:,} cells for a spreadsheet import; refused",
                )
            grid.append(row)
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
