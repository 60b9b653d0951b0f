"""Every write of the supervision loop: check `may`, then change and audit in one transaction.

Graph writes (notices, progress, owner edits) run through the store's own transaction with
the audit record appended by its write hook (SQLite or Neo4j); status and account changes
write their rows and the record together in one transaction of the supervision store.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dutygraph.graph.imports import (
    Imported,
    ImportOutcome,
    import_parsed,
    import_progress,
)
from dutygraph.graph.imports import edits as graph_edits
from dutygraph.graph.imports import record_progress as graph_record_progress
from dutygraph.graph.imports.progress import ProgressCatalog, progress_facts
from dutygraph.graph.store import Edit
from dutygraph.graph.supervision import accounts as acc
from dutygraph.graph.supervision import audit, status
from dutygraph.graph.supervision.accounts import Account
from dutygraph.graph.supervision.errors import Forbidden, SupervisionError
from dutygraph.graph.supervision.ledger import LedgerFilter, LedgerRow, ledger
from dutygraph.graph.supervision.lights import ledger_graph
from dutygraph.graph.supervision.records import Records, Supervision
from dutygraph.graph.supervision.rights import require, subject_of, unit_subject
from dutygraph.graph.supervision.tables import store_of
from dutygraph.loaders.sheets import TOTAL_NAMES, parse_period, read_progress
from dutygraph.schema import ParseResult
from dutygraph.schema.progress import ProgressRecord


@contextmanager
def audited(
    store: Supervision,
    who: Account,
    action: str,
    item: str | None,
    before: Any = None,
    after: Any = None,
    unit_id: str | None = None,
) -> Iterator[None]:
    """While inside, the store's next write transaction also appends this audit record (on
    SQLite and on Neo4j alike: the record commits or rolls back with the change)."""

    def hook(rec: Records) -> None:
        audit.append(rec, who, action, item, before, after, unit_id)

    with store.on_next_write(hook):
        yield


# -- notices -------------------------------------------------------------------------------


def import_notice(backend: Any, who: Account, filename: str, result: ParseResult) -> Imported:
    """importNotice and the upload page: load one notice already read, audited."""
    require(who, "import")
    store = store_of(backend)
    record: dict[str, Any] = {"file": filename, "notice": result.notice.id}
    with audited(store, who, "import_notice", filename, None, record):
        return import_parsed(backend, result)


# -- progress ------------------------------------------------------------------------------


def _reported(g: Any, unit: str, item: str, period: str) -> list[float]:
    return sorted(
        float(a["props"]["value"])
        for _, a in g.nodes(data=True)
        if a.get("kind") == "Report"
        and a["props"].get("unit") == unit
        and a["props"].get("item") == item
        and a["props"].get("period") == period
    )


def record_progress(
    backend: Any,
    who: Account,
    unit: str,
    indicator: str,
    period: str,
    value: float,
    as_of: dt.date | None = None,
) -> str:
    """One progress value: only for the account's own unit (office: any), audited."""
    store = store_of(backend)
    # The rights check and the write resolve the value on the same names (one read on Neo4j).
    g = backend.progress_graph([indicator])
    per = parse_period(period)
    rec = ProgressRecord(
        unit=unit,
        indicator=indicator,
        period=per.name if per else period,
        value=max(float(value), 0.0),
        stated_total=unit.strip() in TOTAL_NAMES,
    )
    r = ProgressCatalog.of(g).resolve(rec)
    item, uid, before = indicator, None, None
    if isinstance(r, str):
        if who.role == "leader":
            require(who, "report")
        # else the store's own check below refuses it with the reason, writing nothing
    else:
        require(who, "report", unit_subject(g, r.unit, r.item))
        item, uid = r.item, r.unit
        # The lights of the item read its reports (on Neo4j only those, not the whole graph).
        reports = backend.lights_graph([r.item])
        before = _reported(reports, r.unit, r.item, r.record.period) or None
    after = {"unit": uid or unit, "indicator": indicator, "period": rec.period, "value": value}
    with audited(store, who, "record_progress", item, before, after, uid):
        return graph_record_progress(backend, unit, indicator, period, value, as_of, g)


def import_progress_file(
    backend: Any, who: Account, path: str | Path, partial: bool = False
) -> ImportOutcome:
    """`dutygraph progress import` / the 填报模板: a unit may import only its own rows."""
    store = store_of(backend)
    if who.role != "office":
        rows = read_progress(path)
        g = backend.progress_graph(sorted({r.indicator for r in rows.records}))
        facts, _ = progress_facts(g, rows.records, "check", str(path))
        for n in facts.nodes:
            if n.props.get("unit") != who.unit_id:
                raise Forbidden(
                    f"{who.name}无权报送第{n.props.get('row')}行（{n.label}）：只能报送本单位的进度"
                    " (forbidden: another unit's row)"
                )
    summary = {"file": Path(path).name}
    with audited(store, who, "import_progress", Path(path).name, None, summary):
        return import_progress(backend, path, partial=partial)


# -- owners --------------------------------------------------------------------------------


def _owners(backend: Any, item: str) -> list[str]:
    return [f"{r.unit_id}:{r.role}" for r in backend.owners_of([item]).get(item, [])]


def assign_owner(backend: Any, who: Account, item: str, unit: str, role: str = "owner") -> Edit:
    store = store_of(backend)
    g = backend.rights_graph([item], [])
    require(who, "edit_owners", subject_of(g, item) if item in g else None)
    before = _owners(backend, item)
    uid = graph_edits.resolve_unit(backend, unit)
    after = sorted({*before, f"{uid}:{role}"})
    with audited(store, who, "assign_owner", item, before, after):
        return graph_edits.assign_owner(backend, item, unit, role)


def remove_owner(backend: Any, who: Account, item: str, unit: str, role: str | None = None) -> Edit:
    store = store_of(backend)
    g = backend.rights_graph([item], [])
    require(who, "edit_owners", subject_of(g, item) if item in g else None)
    before = _owners(backend, item)
    uid = graph_edits.resolve_unit(backend, unit)
    after = [
        o for o in before if not (o.startswith(uid + ":") and (not role or o.endswith(":" + role)))
    ]
    with audited(store, who, "remove_owner", item, before, after):
        return graph_edits.remove_owner(backend, item, unit, role)


def merge_units(backend: Any, who: Account, variant: str, canonical: str) -> Edit:
    store = store_of(backend)
    require(who, "merge_units")
    before = {"variant": variant, "canonical": canonical}
    with audited(store, who, "merge_units", variant, before, {"into": canonical}):
        return graph_edits.merge_units(backend, variant, canonical)


# -- task status ---------------------------------------------------------------------------

_STEP_ACTION = {"已签收": "acknowledge", "进行中": "report", "已办结": "close", "已催办": "remind"}
_STEP_AUDIT = {"已签收": "acknowledge", "进行中": "feedback", "已办结": "close", "已催办": "remind"}


def step(
    backend: Any,
    who: Account,
    task: str,
    step: str,
    note: str = "",
    day: dt.date | None = None,
    unit: str | None = None,
) -> status.State:
    """Move task × unit one step (签收, 反馈, 办结, 催办); a unit acts only for itself."""
    if step not in _STEP_ACTION:
        raise SupervisionError(f"未知的办理环节“{step}” (unknown step)")
    store = store_of(backend)
    uid = unit or who.unit_id
    # Only the task, the unit and the task's owners with their members are read (on Neo4j a
    # small scoped read, not the whole graph).
    g = backend.rights_graph([task], [uid] if uid else [])
    if task not in g or g.nodes[task].get("kind") != "Task":
        raise SupervisionError(f"没有任务“{task}” (no such task)")
    if uid is None:
        raise SupervisionError("请指明单位 (which unit?)")
    if uid not in g:
        uid = graph_edits.resolve_unit(backend, uid)
        g = backend.rights_graph([task], [uid])
    if who.role == "unit" and uid != who.unit_id:
        require(who, _STEP_ACTION[step], unit_subject(g, uid, task))  # type: ignore[arg-type]
    # The office acts on one unit's row: its jurisdiction is judged by that unit.
    subject = unit_subject(g, uid, task) if who.role == "office" else subject_of(g, task)
    require(who, _STEP_ACTION[step], subject)  # type: ignore[arg-type]
    status.assignment_of(g, task, uid)
    when = day or dt.date.today()
    with store.transaction() as rec:
        current = status.state(rec, task, uid)
        status.check_step(current, step, note)
        status.insert_event(rec, task, uid, step, note, when, who.name)
        after = {"status": step if step != "已催办" else current.status, "note": note, "day": when}
        audit.append(rec, who, _STEP_AUDIT[step], task, {"status": current.status}, after, uid)
        return status.state(rec, task, uid)


# -- accounts ------------------------------------------------------------------------------


def add_account(
    backend: Any,
    who: Account,
    name: str,
    role: str,
    jurisdiction: str | None = None,
    unit: str | None = None,
) -> tuple[Account, str]:
    """Create an account (a unit account's unit is `unit`, else its name); the token is
    returned once and only its hash is kept."""
    require(who, "manage_accounts")
    checked = acc.check_role(role)
    store = store_of(backend)
    uid = graph_edits.resolve_unit(backend, unit or name) if checked == "unit" else None
    with store.transaction() as rec:
        account, token = acc.insert_account(rec, name, checked, uid, jurisdiction)
        after = {"name": name, "role": checked, "unit": uid, "jurisdiction": jurisdiction}
        audit.append(rec, who, "account_add", f"account:{account.id}", None, after, uid)
    return account, token


def revoke_account(backend: Any, who: Account, name_or_id: str) -> Account:
    require(who, "manage_accounts")
    store = store_of(backend)
    with store.transaction() as rec:
        account = acc.revoke_account(rec, name_or_id)
        audit.append(
            rec,
            who,
            "account_revoke",
            f"account:{account.id}",
            {"name": account.name, "revoked": None},
            {"name": account.name, "revoked": account.revoked},
            account.unit_id,
        )
    return account


def list_accounts(backend: Any) -> list[Account]:
    with store_of(backend).reading() as rec:
        return acc.list_accounts(rec)


def authenticate(backend: Any, token: str) -> Account:
    """The active account of an account token (NotAuthenticated otherwise)."""
    with store_of(backend).reading() as rec:
        return acc.verify_token(rec, token)


def mark_reminded(backend: Any, who: Account, rows: list[LedgerRow], day: dt.date) -> int:
    """Record 已催办 for each ledger row (task × unit) in one audited transaction; returns how many."""
    require(who, "remind")
    store = store_of(backend)
    with store.transaction() as rec:
        for r in rows:
            current = status.state(rec, r.task_id, r.unit_id)
            status.insert_event(rec, r.task_id, r.unit_id, status.REMINDED, "", day, who.name)
            after = {"status": current.status, "reminded": day}
            audit.append(rec, who, "remind", r.task_id, None, after, r.unit_id)
    return len(rows)


def ledger_rows(backend: Any, as_of: dt.date, f: LedgerFilter | None = None) -> list[LedgerRow]:
    """The ledger at `as_of` over the backend's graph and status tables (on Neo4j a unit's or
    notice's ledger reads only its tasks: lights.ledger_graph)."""
    f = f or LedgerFilter()
    g = ledger_graph(backend, f)
    with store_of(backend).reading() as rec:
        return ledger(g, rec, as_of, f)


def resolve_unit(backend: Any, name: str) -> str:
    """A unit id from a name as clerks write it (税郭镇), as the hand edits resolve it."""
    return graph_edits.resolve_unit(backend, name)
