"""A spreadsheet row that could not be imported, with where it is and why."""

from pydantic import BaseModel


class RowProblem(BaseModel):
    """Row 7 of sheet 进度, column 实际完成: '十二件' is not a number (Chinese and English)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        sheet = f" ({self.sheet})" if self.sheet else ""
        return f"{where}{sheet}: {self.reason}"
