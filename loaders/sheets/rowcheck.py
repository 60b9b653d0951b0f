"""Collect row-level problems of a spreadsheet import; all-or-nothing unless partial."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from dutygraph.loaders.sheets.columns import Field, Table, find_table, missing_fields
from dutygraph.loaders.sheets.spreadsheet import SpreadsheetError, read_sheets
from dutygraph.schema.rows import RowProblem

T = TypeVar("T")


class ImportRejected(Exception):
    """A file with bad rows: nothing was imported. str() is one line; `problems` has each row."""

    def __init__(self, file: str, problems: list[RowProblem]) -> None:
        self.file = file
        self.problems = problems
        rows = sorted({p.row for p in problems if p.row is not None})
        shown = ", ".join(str(r) for r in rows[:10]) + ("…" if len(rows) > 10 else "")
        super().__init__(
            f"{file}: {len(problems)} problem(s) in row(s) {shown or '-'}; nothing imported"
            " (fix them, or use --partial to import the good rows)"
        )


@dataclass
class Rows(Generic[T]):
    """Records read from a file and the problems of the rows that could not be read."""

    file: str
    records: list[T] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def problem(
        self,
        sheet: str | None,
        row: int | None,
        reason: str,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.problems.append(
            RowProblem(
                file=self.file, sheet=sheet, row=row, column=column, value=value, reason=reason
            )
        )

    def bad_rows(self) -> set[tuple[str | None, int | None]]:
        return {(p.sheet, p.row) for p in self.problems}


def no_table(file: str, wanted: str, missing: list[str]) -> SpreadsheetError:
    """The error for a file where no sheet has the header this import needs."""
    return SpreadsheetError(
        file,
        f"no sheet has a {wanted} header (missing columns: {'、'.join(missing)})"
        " — the header words are matched, not column positions",
    )


def tables(
    path: str | Path,
    fields: tuple[Field, ...],
    wanted: str,
    keep: Callable[[Table], bool] = lambda t: True,
    missing: tuple[str, ...] = (),
) -> list[Table]:
    """The `fields` table of each sheet of `path` that `keep` accepts; no_table if there is none.

    `missing` names the columns to report when every required field is found but `keep` refuses.
    """
    sheets = read_sheets(path)
    found = [t for s in sheets if (t := find_table(s, fields)) is not None and keep(t)]
    if not found:
        raise no_table(str(path), wanted, missing_fields(sheets[0], fields) or list(missing))
    return found
