"""The 督办台账: one row per task × owning unit at a date, with status, light and latest note.

The same rows feed `dutygraph ledger`, the office's page and its .xlsx export; filters by unit,
notice, status and light.
"""

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from dutygraph.graph.progress import Lights, duty_light, lights_at
from dutygraph.graph.progress.traffic import RANK, Colour
from dutygraph.graph.supervision import status as st
from dutygraph.graph.supervision.records import Records
from dutygraph.graph.supervision.status import Assignment, State

COLUMNS = (
    "序号",
    "通知（发文字号）",
    "任务",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "目标",
    "实际",
    "状态",
    "最新进展",
)
LIGHT_ZH = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "grey": "未开始"}


@dataclass(frozen=True)
class LedgerRow:
    """One task × unit; `light` is red, yellow or green, `why` says what decided it (Chinese)."""

    no: int
    notice: str
    notice_id: str
    task: str
    task_id: str
    unit: str
    unit_id: str
    lead: str
    co: str
    people: str
    due: dt.date | None
    target: str
    actual: str
    status: str
    reminders: int
    overdue: bool
    unreported: bool
    latest: str
    light: Colour
    why: str

    def cells(self) -> list[object]:
        """The row as the ledger's columns (COLUMNS)."""
        state = self.status + ("（逾期）" if self.overdue else "")
        if self.reminders:
            state += f"（已催办{self.reminders}次）"
        due = self.due.isoformat() if self.due else ""
        return [
            self.no,
            self.notice,
            self.task,
            self.lead,
            self.co,
            self.people,
            due,
            self.target,
            self.actual,
            state,
            self.latest,
        ]


@dataclass(frozen=True)
class LedgerFilter:
    unit: str | None = None
    notice: str | None = None
    status: str | None = None
    light: str | None = None


def _num(x: float | None, measure: str) -> str:
    return "" if x is None else f"{x:g}{measure}"


def _notices(g: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Parse notice id -> (发文字号 or title, node id)."""
    out: dict[str, tuple[str, str]] = {}
    for n, a in g.nodes(data=True):
        p = a.get("props", {})
        if a.get("kind") == "Notice" and p.get("notice"):
            out[str(p["notice"])] = (str(p.get("doc_number") or a.get("label") or n), str(n))
    return out


def _people(g: nx.MultiDiGraph, unit: str) -> str:
    names = []
    for src in g.predecessors(unit):
        a = g.nodes[src]
        if a.get("kind") == "Leader":
            p = a["props"]
            names.append(f"{p.get('name') or ''}{p.get('title') or ''}".strip())
    return "、".join(sorted({n for n in names if n}))


def _shared(a: str, b: str, others: list[str]) -> int:
    """Longest run of characters in both `a` and `b` and in none of `others` (short names)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            if not any(a[i:j] in o for o in others):
                best = j - i
    return best


# A task named 探索推进专利开放许可 is measured by the table 知识产权专利开放许可: four shared
# characters that no other table of the notice has (知识产权 they all have) name the same work.
SHARED_CHARS = 4


def _tables(g: nx.MultiDiGraph, lights: Lights, task: str) -> list[tuple[str | None, str]]:
    """(widest target of its table or None, indicator id or "") measuring the task."""
    out: list[tuple[str | None, str]] = []
    for _, child, e in g.out_edges(task, data=True):
        if e.get("kind") == "CONTAINS" and g.nodes[child].get("kind") == "Indicator":
            out.append((lights.table_of(child), str(child)))
    if not any(t for t, _ in out):
        title = str(g.nodes[task]["label"])
        notice = str(g.nodes[task]["props"].get("notice"))
        tables = lights.tables.get(notice, [])
        for table, _, tid in tables:
            others = [t for t, _, _ in tables if t != table]
            if _shared(title, table, others) >= SHARED_CHARS:
                out.append((tid, ""))
    return out


def task_tables(g: nx.MultiDiGraph, task: str) -> list[str]:
    """Names of the allocation tables that measure a task, as the ledger reads its numbers."""
    lights = lights_at(g, dt.date.today())  # which tables measure a task does not vary by date
    return sorted({str(g.nodes[t]["props"]["table"]) for t, _ in _tables(g, lights, task) if t})


CellKey = tuple[str, str, str, str]
"""(notice, table, period, unit) of an allocation cell."""


def _cells(g: nx.MultiDiGraph) -> dict[CellKey, list[str]]:
    """Target ids by (notice, table, period, unit): one pass, for every row of a ledger."""
    out: dict[CellKey, list[str]] = {}
    for n, x in g.nodes(data=True):
        if x.get("kind") == "Target":
            p = x["props"]
            key = (str(p["notice"]), str(p["table"]), str(p["period"]), str(p.get("unit")))
            out.setdefault(key, []).append(str(n))
    return out


def _numbers(
    g: nx.MultiDiGraph,
    lights: Lights,
    a: Assignment,
    index: dict[CellKey, list[str]],
    measured: list[tuple[str | None, str]],
) -> tuple[str, str, Colour]:
    """(目标, 实际, worst light) of the unit's cells in the tables that measure the task
    (`measured`: _tables of the task)."""
    targets, actuals = [], []
    colours: list[Colour] = []
    for table, child in measured:
        cells: list[str] = []
        if table is not None:
            tp = g.nodes[table]["props"]
            key = (str(tp["notice"]), str(tp["table"]), str(tp["period"]), a.unit)
            cells = index.get(key, [])
        for c in cells:
            p = g.nodes[c]["props"]
            s = lights.target(c)
            m = str(p.get("measure") or "")
            targets.append(f"{p['table']}{_num(float(p['value']), m)}")
            actuals.append(_num(s.actual, m) or "未报")
            colours.append(s.colour)
        if child and not cells and a.via is None and a.role in ("lead", "owner"):
            p = g.nodes[child]["props"]
            if p.get("value") is not None:
                s = lights.indicator(child)
                m = str(p.get("measure") or "")
                targets.append(f"{p.get('name') or ''}{_num(float(p['value']), m)}")
                actuals.append(_num(s.actual, m) or "未报")
                colours.append(s.colour)
    worst: Colour = max(colours, key=RANK.__getitem__, default="grey")
    return "；".join(targets), "；".join(actuals), worst


def ledger(
    g: nx.MultiDiGraph, rec: Records, as_of: dt.date, f: LedgerFilter | None = None
) -> list[LedgerRow]:
    """Every task × unit at `as_of`, in notice and task order, filtered by `f`."""
    f = f or LedgerFilter()
    lights = lights_at(g, as_of)
    notices = _notices(g)
    states = st.states(rec)
    roles: dict[str, dict[str, list[str]]] = {}
    rows: list[LedgerRow] = []
    asg = st.assignments(g)
    index = _cells(g)
    # Per task, not per row: a task of 各镇街 has a row for each of its 11 townships.
    measured: dict[str, list[tuple[str | None, str]]] = {}
    dues: dict[str, dt.date | None] = {}
    for a in asg:
        roles.setdefault(a.task, {}).setdefault(a.role, []).append(a.unit)
    for a in sorted(
        asg, key=lambda x: (str(g.nodes[x.task]["props"].get("notice")), x.task, x.unit)
    ):
        tp = g.nodes[a.task]["props"]
        notice, notice_node = notices.get(str(tp.get("notice")), (str(tp.get("notice")), ""))
        unit = str(g.nodes[a.unit]["label"])
        if f.unit and f.unit not in (a.unit, unit) and not unit.endswith(f.unit):
            continue
        if f.notice and f.notice not in (notice, notice_node, str(tp.get("notice"))):
            continue
        s = states.get((a.task, a.unit), State())
        if a.task not in dues:
            dues[a.task] = st.due_of(g, a.task)
            measured[a.task] = _tables(g, lights, a.task)
        due = dues[a.task]
        late = st.overdue(due, s, as_of)
        silent = st.unreported(s, as_of)
        target, actual, numbers = _numbers(g, lights, a, index, measured[a.task])
        colour, why = duty_light(s.status, due, s.last_report, numbers, as_of)
        if f.status and f.status != s.status:
            continue
        if f.light and f.light not in (colour, LIGHT_ZH.get(colour)):
            continue
        leads = "、".join(str(g.nodes[u]["label"]) for u in roles[a.task].get("lead", []))
        if a.role == "co":
            lead, co = leads, unit
        else:
            lead, co = unit, ""
        latest = s.latest
        rows.append(
            LedgerRow(
                no=len(rows) + 1,
                notice=notice,
                notice_id=str(tp.get("notice")),
                task=f"{tp.get('path') or ''} {g.nodes[a.task]['label']}".strip(),
                task_id=a.task,
                unit=unit,
                unit_id=a.unit,
                lead=lead,
                co=co,
                people=_people(g, a.unit),
                due=due,
                target=target,
                actual=actual,
                status=s.status,
                reminders=len(s.reminders),
                overdue=late,
                unreported=silent,
                latest=f"{latest.day.isoformat()} {latest.note}".strip() if latest else "",
                light=colour,
                why=why,
            )
        )
    return rows
