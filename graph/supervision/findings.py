"""The supervision loop's word in the gap report: overdue and unreported task × unit pairs.

Kind `reports` (报送): overdue (deadline passed, not closed) is an error, no feedback within
REPORT_DAYS a warning. Only once the office runs the loop (any status event in the store): a
store that never used it would otherwise list every task of every notice as unreported.
"""

import datetime as dt
from typing import Any

import networkx as nx

from dutygraph.graph.gaps import Finding
from dutygraph.graph.gaps.find import match_notices, match_units
from dutygraph.graph.gaps.finding import EntityRef
from dutygraph.graph.supervision import status as st
from dutygraph.graph.supervision.errors import NoSupervisionStore
from dutygraph.graph.supervision.ledger import LedgerRow, ledger
from dutygraph.graph.supervision.tables import store_of


def _finding(r: LedgerRow) -> Finding:
    entities = [EntityRef(id=r.task_id, kind="Task", label=r.task)]
    entities.append(EntityRef(id=r.unit_id, kind="Unit", label=r.unit))
    if r.overdue:
        text = f"{r.unit}承担的“{r.task}”完成时限{r.due}已过，尚未办结（当前：{r.status}）。"
        severity = "error"
    else:
        text = f"{r.unit}承担的“{r.task}”{st.REPORT_DAYS}天内未报送进展（当前：{r.status}）。"
        severity = "warning"
    return Finding(
        kind="reports",
        severity=severity,  # type: ignore[arg-type]
        entities=entities,
        explanation_zh=text + (f"已催办{r.reminders}次。" if r.reminders else ""),
        notice=r.notice_id,
        status="red" if r.overdue else "yellow",
    )


def loop_findings(
    backend: Any,
    g: nx.MultiDiGraph,
    as_of: dt.date,
    notice: str | None = None,
    unit: str | None = None,
) -> list[Finding]:
    """Findings of the loop at `as_of`, filtered as find_gaps filters."""
    try:
        store = store_of(backend)
    except NoSupervisionStore:
        return []
    with store.reading() as rec:
        if not rec.status_used():
            return []
        rows = ledger(g, rec, as_of)
    notices = match_notices(g, notice) if notice else None
    units = match_units(g, unit) if unit else None
    out = []
    for r in rows:
        if not (r.overdue or r.unreported):
            continue
        if notices is not None and r.notice_id not in notices:
            continue
        if units is not None and r.unit_id not in units:
            continue
        out.append(_finding(r))
    return out
