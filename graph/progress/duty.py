"""The light of one task × unit in the supervision loop, and task and unit lights that include it.

`duty_light` is the one rule: the 督办台账 rows, 我的任务, the gap report's 报送 findings, the
maps and GraphQL `status` all take a task × unit's light from it. `LoopLights` folds those
lights into the task and unit lights of graph.progress.traffic, so an overdue or unreported
task turns its task and its unit red or yellow on every map, and 已办结 closes it there too.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dutygraph.graph.progress.traffic import COLOURS_ZH, RANK, Colour, Lights, Status, worst

CLOSED = "已办结"
UNSIGNED = "已交办"
REPORT_DAYS = 30
"""A unit that has said nothing for this long is 未报送: the usual monthly 调度 interval."""


def overdue(status: str, due: dt.date | None, as_of: dt.date) -> bool:
    """The deadline has passed and the office has not closed the task."""
    return due is not None and as_of > due and status != CLOSED


def unreported(
    status: str, last_report: dt.date | None, as_of: dt.date, days: int = REPORT_DAYS
) -> bool:
    """Not closed and no feedback in the last `days` days (or never)."""
    if status == CLOSED:
        return False
    return last_report is None or (as_of - last_report).days > days


def duty_light(
    status: str,
    due: dt.date | None,
    last_report: dt.date | None,
    numbers: Colour,
    as_of: dt.date,
) -> tuple[Colour, str]:
    """(colour, why) of a task × unit: closed green; overdue or numbers red → red; not signed,
    silent for REPORT_DAYS or numbers behind → yellow; else green. `numbers` is the worst
    light of the unit's own numbers for the task (grey when it has none)."""
    if status == CLOSED:
        return "green", CLOSED
    if overdue(status, due, as_of):
        return "red", "已超过完成时限，尚未办结"
    if numbers == "red":
        return "red", "指标进度严重滞后"
    if status == UNSIGNED:
        return "yellow", "尚未签收"
    if unreported(status, last_report, as_of):
        return "yellow", f"{REPORT_DAYS}天内未报送进展"
    if numbers == "yellow":
        return "yellow", "指标进度滞后或临近期限"
    return "green", "按期推进"


@dataclass(frozen=True)
class Duty:
    """One task × unit's place in the loop at a date, with its light (from duty_light)."""

    task: str
    unit: str
    unit_label: str
    status: str
    colour: Colour
    why: str


class LoopLights(Lights):
    """Lights where a task or unit also takes the lights of its task × unit duties.

    A task whose every duty is 已办结 is green (the office closed it); otherwise the worst of
    its own numbers and dates and its open duties. A unit takes the worst of its targets and
    its duties. Targets and indicators keep their number-only lights.
    """

    def __init__(self, base: Lights, duties: Iterable[Duty]) -> None:
        self.__dict__.update(base.__dict__)
        self.by_task: dict[str, list[Duty]] = {}
        self.by_unit: dict[str, list[Duty]] = {}
        for d in duties:
            self.by_task.setdefault(d.task, []).append(d)
            self.by_unit.setdefault(d.unit, []).append(d)

    @staticmethod
    def _of(node: str, d: Duty, who: str) -> Status:
        text = f"{who}：{d.status}，{d.why}（{COLOURS_ZH[d.colour]}）"
        return Status(node, d.colour, explanation_zh=text)

    def status_for(self, node: str, unit: str) -> Status:
        """`unit`'s own task × unit light of a task it owns (what its unit map shows)."""
        for d in self.by_task.get(node, []):
            if d.unit == unit:
                return self._of(node, d, d.unit_label)
        return self.status(node)

    def task(self, node: str) -> Status:
        duties = self.by_task.get(node)
        base = super().task(node)
        if not duties:
            return base
        label = f"任务“{self.g.nodes[node]['label']}”"
        if all(d.status == CLOSED for d in duties):
            return Status(node, "green", explanation_zh=f"{label}：已办结。")
        parts = [self._of(node, d, d.unit_label) for d in duties if d.status != CLOSED]
        return _worst(node, base, parts, label)

    def unit(self, node: str) -> Status:
        base = super().unit(node)
        duties = self.by_unit.get(node)
        if not duties:
            return base
        label = str(self.g.nodes[node]["label"])
        parts = [self._of(node, d, f"任务“{self.g.nodes[d.task]['label']}”") for d in duties]
        return _worst(node, base, parts, label)


def _worst(node: str, base: Status, parts: list[Status], what: str) -> Status:
    """The worse of a number-only light and the duties' lights (the numbers win a tie)."""
    duty = worst(node, parts, what)
    if base.colour != "grey" and RANK[base.colour] >= RANK[duty.colour]:
        return base
    return duty
