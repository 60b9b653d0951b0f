"""Spreadsheet readers (.xlsx, .csv): progress, enterprises, liaisons, with row-level problems.

Uses loaders' shared numbers, unit names and errors; never loaders.notice."""

from typing import TYPE_CHECKING, Any

from dutygraph.loaders.lazy import lazy_export
from dutygraph.loaders.sheets.periods import Period, parse_period

if TYPE_CHECKING:
    from dutygraph.loaders.sheets.enterprises import read_enterprises
    from dutygraph.loaders.sheets.liaisons import read_liaisons
    from dutygraph.loaders.sheets.progress import TOTAL_NAMES, read_progress
    from dutygraph.loaders.sheets.rowcheck import ImportRejected
    from dutygraph.loaders.sheets.spreadsheet import Row, SpreadsheetError, read_sheets
    from dutygraph.loaders.sheets.uscc import (
        check_char,
        is_valid,
        make_uscc,
        org_check_char,
        uscc_problem,
    )

__all__ = [
    "ImportRejected",
    "Period",
    "Row",
    "SpreadsheetError",
    "TOTAL_NAMES",
    "check_char",
    "is_valid",
    "make_uscc",
    "org_check_char",
    "parse_period",
    "read_enterprises",
    "read_liaisons",
    "read_progress",
    "read_sheets",
    "uscc_problem",
]

_WHERE = {
    "read_enterprises": "dutygraph.loaders.sheets.enterprises",
    "read_liaisons": "dutygraph.loaders.sheets.liaisons",
    "TOTAL_NAMES": "dutygraph.loaders.sheets.progress",
    "read_progress": "dutygraph.loaders.sheets.progress",
    "ImportRejected": "dutygraph.loaders.sheets.rowcheck",
    "Row": "dutygraph.loaders.sheets.spreadsheet",
    "SpreadsheetError": "dutygraph.loaders.sheets.spreadsheet",
    "read_sheets": "dutygraph.loaders.sheets.spreadsheet",
    "check_char": "dutygraph.loaders.sheets.uscc",
    "is_valid": "dutygraph.loaders.sheets.uscc",
    "make_uscc": "dutygraph.loaders.sheets.uscc",
    "org_check_char": "dutygraph.loaders.sheets.uscc",
    "uscc_problem": "dutygraph.loaders.sheets.uscc",
}


def __getattr__(name: str) -> Any:
    return lazy_export(__name__, _WHERE, name)
