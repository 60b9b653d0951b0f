"""GraphQL over the supervision loop: auditLog, ledger, me, and the task-status mutations.

Resolvers are thin: graph.supervision decides (may, status steps) and writes with its audit
record; every write holds the backend lock from the check to the commit.
"""

import datetime as dt
import json
from typing import Any

import anyio
import strawberry

from dutygraph.api.accounts import exclusive
from dutygraph.api.auth import require_write
from dutygraph.api.errors import BAD_INPUT, ApiError
from dutygraph.api.graphql.context import Info
from dutygraph.api.graphql.lights import Light
from dutygraph.api.graphql.types import DEFAULT_LIMIT, Page, check_page, field, mutation
from dutygraph.graph.supervision import (
    ROLE_ZH,
    SERVER_TOKEN,
    STEPS,
    Account,
    AuditFilter,
    AuditRecord,
    writes,
)
from dutygraph.graph.supervision import audit as g_audit
from dutygraph.graph.supervision.ledger import LIGHT_ZH, LedgerFilter, LedgerRow
from dutygraph.graph.supervision.lights import supervised
from dutygraph.graph.supervision.status import State
from dutygraph.graph.supervision.tables import store_of


def who(info: Info) -> Account:
    """The writing account: the bearer's account, else the server token (the office)."""
    require_write(info.context.access, info.context.settings)
    return info.context.access.account or SERVER_TOKEN


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


@strawberry.type(description="One audit record: who, when (UTC), what, values before and after.")
class AuditEntry:
    seq: int
    at: str
    account: str
    account_id: int
    unit_id: str | None
    action: str
    item: str | None
    before: str | None = strawberry.field(description="JSON of the value before, if any.")
    after: str | None = strawberry.field(description="JSON of the value after, if any.")
    hash: str

    @staticmethod
    def from_record(r: AuditRecord) -> "AuditEntry":
        return AuditEntry(
            seq=r.seq,
            at=r.at,
            account=r.account,
            account_id=r.account_id,
            unit_id=r.unit_id,
            action=r.action,
            item=r.item,
            before=_json(r.before),
            after=_json(r.after),
            hash=r.hash,
        )


@strawberry.type(description="A task × unit row of the 督办台账 at a date.")
class LedgerEntry:
    no: int
    notice: str
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
    light: str
    light_zh: str
    why: str

    @staticmethod
    def from_row(r: LedgerRow) -> "LedgerEntry":
        return LedgerEntry(
            no=r.no,
            notice=r.notice,
            task=r.task,
            task_id=r.task_id,
            unit=r.unit,
            unit_id=r.unit_id,
            lead=r.lead,
            co=r.co,
            people=r.people,
            due=r.due,
            target=r.target,
            actual=r.actual,
            status=r.status,
            reminders=r.reminders,
            overdue=r.overdue,
            unreported=r.unreported,
            latest=r.latest,
            light=r.light,
            light_zh=LIGHT_ZH[r.light],
            why=r.why,
        )


@strawberry.type(
    description="Where a task stands in the supervision loop at a date, across its owning units."
)
class TaskSupervision:
    status: str = strawberry.field(
        description="已办结 when every unit is closed, else the least advanced open status."
    )
    overdue: bool = strawberry.field(description="Some unit is past the deadline, not closed.")
    unreported: bool = strawberry.field(description="Some unit sent no feedback for 30 days.")
    reminders: int = strawberry.field(description="已催办 marks over all its units.")
    light: Light = strawberry.field(description="The task's light (as Task.status).")
    units: list[LedgerEntry] = strawberry.field(
        description="Each task × unit: status, overdue, 已催办, light (the ledger's rows)."
    )


async def task_supervision(info: Info, task: str, as_of: dt.date | None) -> TaskSupervision | None:
    """The ledger rows of one task at `as_of` (null when no unit owns it), built off the loop."""
    day = as_of or dt.date.today()
    backend = info.context.backend
    # The task, its owners and what their rows read (on Neo4j not the whole graph).
    found = await anyio.to_thread.run_sync(
        lambda: supervised(backend, backend.loop_graph([task]), day)
    )
    rows = found.by_task.get(task, [])
    if not rows:
        return None
    open_steps = [STEPS.index(r.status) for r in rows if r.status != STEPS[-1]]
    return TaskSupervision(
        status=STEPS[min(open_steps)] if open_steps else STEPS[-1],
        overdue=any(r.overdue for r in rows),
        unreported=any(r.unreported for r in rows),
        reminders=sum(r.reminders for r in rows),
        light=Light.from_status(found.lights.status(task)),
        units=[LedgerEntry.from_row(r) for r in rows],
    )


@strawberry.type(description="Where a task × unit stands after a step.")
class TaskStatus:
    task_id: str
    unit: str
    status: str
    reminders: int
    latest: str | None


@strawberry.type(description="The account of the request's token.")
class Me:
    id: int
    name: str
    role: str
    role_zh: str
    unit_id: str | None


def _status(task: str, unit: str, s: State) -> TaskStatus:
    latest = s.latest
    note = f"{latest.day.isoformat()} {latest.note}".strip() if latest else None
    return TaskStatus(
        task_id=task, unit=unit, status=s.status, reminders=len(s.reminders), latest=note
    )


@strawberry.type
class SupervisionQuery:
    @field("The audit trail (留痕), newest first; filters by unit id, item, account, date (UTC).")
    def audit_log(
        self,
        info: Info,
        unit: str | None = None,
        item: str | None = None,
        account: str | None = None,
        action: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[AuditEntry]:
        check_page(info, offset, limit)
        backend = info.context.backend
        mine = info.context.access.account
        with exclusive(backend):
            uid = writes.resolve_unit(backend, unit) if unit else None
            if mine is not None and mine.role == "unit":
                uid = mine.unit_id  # a unit reads the trail of its own items only, as on the pages
            f = AuditFilter(uid, item, account, action, since, until)
            page = g_audit.records(store_of(backend), f, offset, limit)
        items = [AuditEntry.from_record(r) for r in page.items]
        return Page(items=items, total_count=page.total, offset=offset, limit=limit)

    @field("The 督办台账 at asOf (default today): task × unit with status and light.")
    def ledger(
        self,
        info: Info,
        as_of: dt.date | None = None,
        unit: str | None = None,
        notice: str | None = None,
        status: str | None = None,
        light: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[LedgerEntry]:
        check_page(info, offset, limit)
        f = LedgerFilter(unit, notice, status, light)
        with exclusive(info.context.backend):
            rows = writes.ledger_rows(info.context.backend, as_of or dt.date.today(), f)
        items = [LedgerEntry.from_row(r) for r in rows[offset : offset + limit]]
        return Page(items=items, total_count=len(rows), offset=offset, limit=limit)

    @field("The account of the bearer token (null without one).")
    def me(self, info: Info) -> Me | None:
        a = info.context.access.account or (SERVER_TOKEN if info.context.access.valid else None)
        if a is None:
            return None
        return Me(id=a.id, name=a.name, role=a.role, role_zh=ROLE_ZH[a.role], unit_id=a.unit_id)


def _step(
    info: Info, task_id: str, step: str, note: str, day: dt.date | None, unit: str | None
) -> TaskStatus:
    account = who(info)
    backend = info.context.backend
    with exclusive(backend):
        s = writes.step(backend, account, task_id, step, note, day, unit)
    info.context.loaders.clear()
    return _status(task_id, unit or account.unit_id or "", s)


@strawberry.type
class SupervisionMutation:
    @mutation("签收: a unit acknowledges a task it owns (unit: only for the office).")
    def acknowledge_task(
        self, info: Info, task_id: str, unit: str | None = None, day: dt.date | None = None
    ) -> TaskStatus:
        return _step(info, task_id, "已签收", "", day, unit)

    @mutation("反馈: a dated progress note on a task the unit owns (status 进行中).")
    def report_task(
        self,
        info: Info,
        task_id: str,
        note: str,
        unit: str | None = None,
        day: dt.date | None = None,
    ) -> TaskStatus:
        return _step(info, task_id, "进行中", note, day, unit)

    @mutation("办结: the office closes a task × unit with a note.")
    def close_task(
        self, info: Info, task_id: str, unit: str, note: str, day: dt.date | None = None
    ) -> TaskStatus:
        if not note.strip():
            raise ApiError(BAD_INPUT, "请填写办结说明 (a closing note is required)")
        return _step(info, task_id, "已办结", note, day, unit)

    @mutation("催办: the office marks a task × unit as reminded.")
    def remind_task(
        self, info: Info, task_id: str, unit: str, day: dt.date | None = None
    ) -> TaskStatus:
        return _step(info, task_id, "已催办", "", day, unit)
