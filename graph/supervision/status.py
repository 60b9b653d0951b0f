"""Task status per task × owning unit: 已交办 → 已签收 → 进行中 → 已办结, plus 已催办 marks.

A notice's tasks start as 已交办 (no row needed). Every later step is a dated event row in
`task_status`; the current status is read from the events. A collective owner (各镇街) is
expanded to its member units: each township signs and reports for itself.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from dutygraph.graph.progress import duty
from dutygraph.graph.supervision.errors import SupervisionError
from dutygraph.graph.supervision.records import Records, StatusRow
from dutygraph.graph.supervision.rights import direct_owners, members

Status = Literal["已交办", "已签收", "进行中", "已办结"]
STEPS: tuple[Status, ...] = ("已交办", "已签收", "进行中", "已办结")
REMINDED = "已催办"
REPORT_DAYS = duty.REPORT_DAYS


@dataclass(frozen=True)
class Assignment:
    """One task × owning unit: the unit's role, and the collective it owns through (`via`)."""

    task: str
    unit: str
    role: str
    via: str | None = None


@dataclass(frozen=True)
class Event:
    seq: int
    status: str
    note: str
    day: dt.date
    at: str
    account: str
    value: float | None = None


@dataclass
class State:
    """Where one task × unit stands, read from its events."""

    status: Status = "已交办"
    events: list[Event] = field(default_factory=list)

    @property
    def reminders(self) -> list[Event]:
        return [e for e in self.events if e.status == REMINDED]

    @property
    def feedback(self) -> list[Event]:
        return [e for e in self.events if e.status == "进行中"]

    @property
    def latest(self) -> Event | None:
        """The newest feedback or closing note (what 最新进展 shows)."""
        notes = [e for e in self.events if e.status in ("进行中", "已办结", "已签收")]
        return max(notes, key=lambda e: (e.day, e.seq)) if notes else None

    @property
    def last_report(self) -> dt.date | None:
        days = [e.day for e in self.events if e.status in ("进行中", "已办结")]
        return max(days) if days else None


def assignments(g: nx.MultiDiGraph) -> list[Assignment]:
    """Every task × owning unit, collectives expanded to their members (sorted by task, unit)."""
    out: dict[tuple[str, str], Assignment] = {}
    for n, a in g.nodes(data=True):
        if a.get("kind") != "Task":
            continue
        for uid, role in direct_owners(g, str(n)):
            inner = sorted(members(g, uid))
            if not inner:
                out.setdefault((str(n), uid), Assignment(str(n), uid, role))
                continue
            label = str(g.nodes[uid].get("label", uid))
            for m in inner:
                if (str(n), m) not in out or out[(str(n), m)].via is not None:
                    out.setdefault((str(n), m), Assignment(str(n), m, role, label))
    return [out[k] for k in sorted(out)]


def assignment_of(g: nx.MultiDiGraph, task: str, unit: str) -> Assignment:
    """The assignment of `task` to `unit`; SupervisionError when the unit does not own the task."""
    for uid, role in direct_owners(g, task):
        if uid == unit:
            return Assignment(task, unit, role)
        if unit in members(g, uid):
            return Assignment(task, unit, role, str(g.nodes[uid].get("label", uid)))
    label = g.nodes[task].get("label", task) if task in g else task
    who = g.nodes[unit].get("label", unit) if unit in g else unit
    raise SupervisionError(f"“{who}”不承担任务“{label}” (the unit does not own this task)")


def _events(rows: Iterable[StatusRow]) -> dict[tuple[str, str], State]:
    states: dict[tuple[str, str], State] = defaultdict(State)
    for seq, task, unit, status, note, day, at, account, value in rows:
        s = states[(task, unit)]
        e = Event(int(seq), status, note, dt.date.fromisoformat(day), at, account, value)
        s.events.append(e)
        if status in STEPS and STEPS.index(status) > STEPS.index(s.status):
            s.status = status
    return states


def states(rec: Records) -> dict[tuple[str, str], State]:
    """Every task × unit that has events, by (task, unit)."""
    return _events(rec.status_rows())


def state(rec: Records, task: str, unit: str) -> State:
    return _events(rec.status_rows(task, unit)).get((task, unit), State())


def check_step(current: State, step: str, note: str) -> None:
    """Refuse a step that does not follow from the current status (typed, one Chinese line)."""
    if current.status == "已办结" and step != REMINDED:
        raise SupervisionError("任务已办结，不能再更改 (the task is closed)")
    if step == "已签收" and current.status != "已交办":
        raise SupervisionError(f"任务已是“{current.status}”，无需再签收 (already acknowledged)")
    if step == REMINDED and current.status == "已办结":
        raise SupervisionError("任务已办结，无需催办 (the task is closed)")
    if step in ("进行中", "已办结") and not note.strip():
        raise SupervisionError("请填写进展说明 (a note is required)")


def insert_event(
    rec: Records,
    task: str,
    unit: str,
    step: str,
    note: str,
    day: dt.date,
    account: str,
    value: float | None = None,
) -> int:
    """Append one event row inside the caller's transaction; returns its seq."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return rec.add_status((task, unit, step, note.strip(), day.isoformat(), at, account, value))


def due_of(g: nx.MultiDiGraph, task: str) -> dt.date | None:
    """The task's 完成时限: its latest one-off deadline, else the latest year of its indicators."""
    dues: list[dt.date] = []
    years: list[dt.date] = []
    for _, child, a in g.out_edges(task, data=True):
        if a.get("kind") != "CONTAINS":
            continue
        p = g.nodes[child].get("props", {})
        kind = g.nodes[child].get("kind")
        if kind == "Deadline" and p.get("due"):
            dues.append(dt.date.fromisoformat(str(p["due"])))
        elif kind == "Indicator" and p.get("year"):
            years.append(dt.date(int(p["year"]), 12, 31))
    found = dues or years
    return max(found) if found else None


def overdue(due: dt.date | None, s: State, as_of: dt.date) -> bool:
    """The deadline has passed and the office has not closed the task."""
    return duty.overdue(s.status, due, as_of)


def unreported(s: State, as_of: dt.date, days: int = REPORT_DAYS) -> bool:
    """Not closed and no feedback in the last `days` days (or never)."""
    return duty.unreported(s.status, s.last_report, as_of, days)
