"""Progress reports: the actual value a unit achieved on an indicator in a period."""

import datetime as dt

from pydantic import BaseModel


class ProgressRecord(BaseModel):
    """Row 5: 税郭镇, 知识产权专利开放许可, 2024, 实际完成 3, 报送日期 2024-07-05."""

    unit: str
    indicator: str
    period: str
    value: float
    reported: dt.date | None = None
    stated_total: bool = False
    """A 合计/全区 row: the region's total as the file states it, checked against its rows."""
    note: str | None = None
    row: int | None = None
    sheet: str | None = None
