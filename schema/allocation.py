"""Allocation annex tables: a district target broken down by township and period."""

from pydantic import BaseModel

from dutygraph.schema.provenance import Source


class Target(BaseModel):
    """One cell: table 知识产权专利开放许可, unit 税郭镇, period 2024, value 5 项."""

    table: str
    measure: str | None = None
    unit: str
    period: str
    value: float
    source: Source


class StatedTotal(BaseModel):
    """A 合计/全区 row cell as printed, which may disagree with the sum of its rows."""

    table: str
    measure: str | None = None
    label: str
    period: str
    value: float
    source: Source
