"""Spreadsheet readers (.xlsx, .csv): progress, enterprises, liaisons, with row-level problems.

Uses loaders' shared numbers, unit names and errors; never loaders.notice."""

from dutygraph.loaders.sheets.enterprises import read_enterprises
from dutygraph.loaders.sheets.liaisons import read_liaisons
from dutygraph.loaders.sheets.periods import Period, parse_period
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
