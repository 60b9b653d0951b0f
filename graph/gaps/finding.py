"""One finding of the gap analysis: kind, severity, entities, numbers, one Chinese line."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal[
    "allocation", "totals", "unowned", "progress", "reports", "names", "people", "load", "orphaned"
]
KINDS: tuple[Kind, ...] = (
    "allocation",
    "totals",
    "unowned",
    "progress",
    "reports",
    "names",
    "people",
    "load",
    "orphaned",
)
KIND_ZH: dict[str, str] = {
    "allocation": "目标分解",
    "totals": "合计核对",
    "unowned": "无责任单位",
    "progress": "进度",
    "reports": "报送",
    "names": "单位名称",
    "people": "领导和联络员",
    "load": "任务负担",
    "orphaned": "失去关联",
}
Severity = Literal["error", "warning", "info"]
SEVERITY_ZH: dict[str, str] = {"error": "严重", "warning": "警告", "info": "提示"}


class EntityRef(BaseModel):
    """A node a finding is about: its id, kind and label."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    label: str


class Finding(BaseModel):
    """E.g. allocation / warning / 知识产权专利开放许可 / {总目标: 200, 分解合计: 165, 差额: -35}.

    Frozen: the date-independent findings of a graph are kept and shared between calls.
    """

    model_config = ConfigDict(frozen=True)

    kind: Kind
    severity: Severity
    entities: list[EntityRef]
    numbers: dict[str, float | None] = {}
    explanation_zh: str
    notice: str | None = None
    """The parse id of the notice the finding belongs to, when it belongs to one."""
    status: str | None = None
    """The traffic light (green/yellow/red/grey) of progress findings."""
