"""Numeric targets stated in the text, e.g. 到2026年底发明专利拥有量达到600件."""

from typing import Literal

from pydantic import BaseModel

from dutygraph.schema.provenance import Source

Comparator = Literal[">=", "<=", "="]


class Indicator(BaseModel):
    """One number with its measure: 3亿元 -> value 300000000, measure 元."""

    id: str
    name: str
    value: float
    measure: str
    comparator: Comparator = "="
    year: int | None = None
    per: Literal["year", "half-year", "item"] | None = None
    scope: str | None = None
    task_id: str | None = None
    quote: str
    source: Source
