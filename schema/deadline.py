"""What is due and by when, one-off (2019年11月15日前) or recurring (每年1月15日前)."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from dutygraph.schema.provenance import Source

Recurrence = Literal["yearly", "half-yearly", "quarterly", "monthly"]


class Deadline(BaseModel):
    """A due date; recurring ones list their month-day dates such as ["01-07", "07-07"]."""

    what: str
    due: dt.date | None = None
    start: dt.date | None = None
    recurrence: Recurrence | None = None
    dates: list[str] = []
    owner: str | None = None
    task_id: str | None = None
    quote: str
    source: Source
