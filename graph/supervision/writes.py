"""Every write of the supervision loop: check `may`, then change and audit in one transaction.

Graph writes (notices, progress, owner edits) run through the store's own transaction with
the audit record appended by a Store hook; status and account changes write their tables and
the record together. The caller serialises calls on one store (the API holds its lock).
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
from dutygraph.graph.store import Edit, Store
from dutygraph.graph.supervision import accounts as acc
from dutygraph.graph.supervision import audit, status
from dutygraph.graph.supervision.accounts import Account
from dutygraph.graph.supervision.errors import Forbidden, NeedsEmbedded, SupervisionError
from dutygraph.graph.supervision.ledger import LedgerFilter, LedgerRow, ledger
from dutygraph.graph.supervision.rights import require, subject_of, unit_subject
from dutygraph.graph.supervision.tables import store_of, transaction
from dutygraph.loaders.sheets import TOTAL_NAMES, parse_period, read_progress
from dutygraph.schema import ParseResult
from dutygraph.schema.progress import ProgressRecord


def graph_store(backend: Any) -> Store | None:
    """The embedded store that keeps the trail, or None on Neo4j (which keeps none yet)."""
    try:
        return store_of(backend)
    except NeedsEmbedded:
        return None


@contextmanager
def audited(
    store: Store | None,
    who: Account,
    action: str,
    item: str | None,
    before: Any = None,
    after: Any = None,
    unit_id: str | None = None,
) -> Iterator[None]:
    """While inside, the store's next write transaction also appends this audit record.

    On Neo4j (`store` None) the write goes ahead after the rights check, unrecorded: the trail
    lives in the SQLite store only (README, Limits).
    """
    if store is None:
        yield
        return

    def hook(conn: Any) -> None:
        audit.append(conn, who, action, item, before, after, unit_id)

    store.hooks.append(hook)
    try:
        yield
    finally:
        store.hooks.remove(hook)


# -- notices -------------------------------------------------------------------------------


def import_notice(backend: Any, who: Account, filename: str, result: ParseResult) -> Imported:
    """importNotice and the upload page: load one notice already read, audited."""
    require(who, "import")
    store = graph_store(backend)
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
    store = graph_store(backend)
    g = backend.snapshot()
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
        before = _reported(g, r.unit, r.item, r.record.period) or None
    after = {"unit": uid or unit, "indicator": indicator, "period": rec.period, "value": value}
    with audited(store, who, "record_progress", item, before, after, uid):
        return graph_record_progress(backend, unit, indicator, period, value, as_of)


def import_progress_file(
    backend: Any, who: Account, path: str | Path, partial: bool = False
) -> ImportOutcome:
    """`dutygraph progress import` / the 填报模板: a unit may import only its own rows."""
    store = graph_store(backend)
    if who.role != "office":
        rows = read_progress(path)
        facts, _ = progress_facts(backend.snapshot(), rows.records, "check", str(path))
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
    store = graph_store(backend)
    g = backend.snapshot()
    require(who, "edit_owners", subject_of(g, item) if item in g else None)
    before = _owners(backend, item)
    uid = graph_edits.resolve_unit(backend, unit)
    after = sorted({*before, f"{uid}:{role}"})
    with audited(store, who, "assign_owner", item, before, after):
        return graph_edits.assign_owner(backend, item, unit, role)


def remove_owner(backend: Any, who: Account, item: str, unit: str, role: str | None = None) -> Edit:
    store = graph_store(backend)
    g = backend.snapshot()
    require(who, "edit_owners", subject_of(g, item) if item in g else None)
    before = _owners(backend, item)
    uid = graph_edits.resolve_unit(backend, unit)
    after = [
        o for o in before if not (o.startswith(uid + ":") and (not role or o.endswith(":" + role)))
    ]
    with audited(store, who, "remove_owner", item, before, after):
        return graph_edits.remove_owner(backend, item, unit, role)


def merge_units(backend: Any, who: Account, variant: str, canonical: str) -> Edit:
    store = graph_store(backend)
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
    g = backend.snapshot()
    if task not in g or g.nodes[task].get("kind") != "Task":
        raise SupervisionError(f"没有任务“{task}” (no such task)")
    uid = unit or who.unit_id
    if uid is None:
        raise SupervisionError("请指明单位 (which unit?)")
    if uid not in g:
        uid = graph_edits.resolve_unit(backend, uid)
    if who.role == "unit" and uid != who.unit_id:
        require(who, _STEP_ACTION[step], unit_subject(g, uid, task))  # type: ignore[arg-type]
    # The office acts on one unit's row: its jurisdiction is judged by that unit.
    subject = unit_subject(g, uid, task) if who.role == "office" else subject_of(g, task)
    require(who, _STEP_ACTION[step], subject)  # type: ignore[arg-type]
    status.assignment_of(g, task, uid)
    when = day or dt.date.today()
    with transaction(store.conn) as conn:
        current = status.state(conn, task, uid)
        status.check_step(current, step, note)
        status.insert_event(conn, task, uid, step, note, when, who.name)
        after = {"status": step if step != "已催办" else current.status, "note": note, "day": when}
        audit.append(conn, who, _STEP_AUDIT[step], task, {"status": current.status}, after, uid)
        return status.state(conn, task, uid)


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
    with transaction(store.conn) as conn:
        account, token = acc.insert_account(conn, name, checked, uid, jurisdiction)
        after = {"name": name, "role": checked, "unit": uid, "jurisdiction": jurisdiction}
        audit.append(conn, who, "account_add", f"account:{account.id}", None, after, uid)
    return account, token


def revoke_account(backend: Any, who: Account, name_or_id: str) -> Account:
    require(who, "manage_accounts")
    store = store_of(backend)
    with transaction(store.conn) as conn:
        account = acc.revoke_account(conn, name_or_id)
        audit.append(
            conn,
            who,
            "account_revoke",
            f"account:{account.id}",
            {"name": account.name, "revoked": None},
            {"name": account.name, "revoked": account.revoked},
            account.unit_id,
        )
    return account


def list_accounts(backend: Any) -> list[Account]:
    return acc.list_accounts(store_of(backend).conn)


def authenticate(backend: Any, token: str) -> Account:
    """The active account of an account token (NotAuthenticated otherwise)."""
    return acc.verify_token(store_of(backend).conn, token)


def mark_reminded(backend: Any, who: Account, rows: list[LedgerRow], day: dt.date) -> int:
    """Record 已催办 for each ledger row (task × unit) in one audited transaction; returns how many."""
    require(who, "remind")
    store = store_of(backend)
    with transaction(store.conn) as conn:
        for r in rows:
            current = status.state(conn, r.task_id, r.unit_id)
            status.insert_event(conn, r.task_id, r.unit_id, status.REMINDED, "", day, who.name)
            after = {"status": current.status, "reminded": day}
            audit.append(conn, who, "remind", r.task_id, None, after, r.unit_id)
    return len(rows)


def ledger_rows(backend: Any, as_of: dt.date, f: LedgerFilter | None = None) -> list[LedgerRow]:
    """The ledger at `as_of` over the backend's graph and status tables."""
    store = store_of(backend)
    return ledger(backend.snapshot(), store.conn, as_of, f)


def resolve_unit(backend: Any, name: str) -> str:
    """A unit id from a name as clerks write it (税郭镇), as the hand edits resolve it."""
    return graph_edits.resolve_unit(backend, name)
