"""The supervision rows in the embedded store's SQLite file: accounts, audit, task status.

They sit beside the graph's tables, so an audit record commits in the same transaction as the
change it records (Store.hooks); created on first use, never touched by a notice load.
`store_of` picks this or the Neo4j implementation (graph/backends/neo4j/supervision.py).
"""

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dutygraph.graph.store import Store
from dutygraph.graph.supervision.errors import NoSupervisionStore
from dutygraph.graph.supervision.records import (
    AUDIT_WHERE,
    AccountRow,
    AuditRow,
    NewAccount,
    NewStatus,
    Records,
    StatusRow,
    Supervision,
)

if TYPE_CHECKING:  # the Neo4j driver loads only with a Neo4j backend (store_of)
    from dutygraph.graph.backends.neo4j.supervision import Neo4jSupervision

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, unit_id TEXT,
  jurisdiction TEXT, selector TEXT NOT NULL UNIQUE, salt BLOB NOT NULL, hash BLOB NOT NULL,
  created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, account_id INTEGER NOT NULL, account TEXT NOT NULL,
  unit_id TEXT, action TEXT NOT NULL, item TEXT, before TEXT, after TEXT,
  prev TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_item ON audit (item);
CREATE INDEX IF NOT EXISTS audit_account ON audit (account_id);
CREATE TABLE IF NOT EXISTS audit_head (
  one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS task_status (
  seq INTEGER PRIMARY KEY, task TEXT NOT NULL, unit_id TEXT NOT NULL, status TEXT NOT NULL,
  note TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, account TEXT NOT NULL,
  value REAL);
CREATE INDEX IF NOT EXISTS task_status_task ON task_status (task, unit_id);
"""
_ACCOUNT = "id, name, role, unit_id, jurisdiction, created, revoked"
_AUDIT = "seq, at, account_id, account, unit_id, action, item, before, after, prev, hash"
_STATUS = "SELECT seq, task, unit_id, status, note, day, at, account, value FROM task_status"
_AUDIT_SQL = {
    "unit_id": "unit_id = ?",
    "item": "item = ?",
    "account": "(account = ? OR CAST(account_id AS TEXT) = ?)",
    "action": "action = ?",
    "since": "at >= ?",
    "until": "at < ?",
}
assert _AUDIT_SQL.keys() == set(AUDIT_WHERE)


class SqliteRecords:
    """Records over the store's connection (the caller holds the transaction)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def accounts(self, by: str | None, value: object, active: bool) -> list[AccountRow]:
        where = [f"{by} = ?"] if by in ("id", "name", "selector") else []
        where += ["revoked IS NULL"] if active else []
        columns = _ACCOUNT + (", salt, hash" if by == "selector" else "")
        sql = " WHERE " + " AND ".join(where) if where else ""
        args = (value,) if by else ()
        return list(self.conn.execute(f"SELECT {columns} FROM accounts{sql} ORDER BY id", args))

    def add_account(self, row: NewAccount) -> int:
        cur = self.conn.execute(
            "INSERT INTO accounts (name, role, unit_id, jurisdiction, selector, salt, hash,"
            " created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        return int(cur.lastrowid or 0)

    def revoke(self, account_id: int, when: str) -> None:
        self.conn.execute("UPDATE accounts SET revoked = ? WHERE id = ?", (when, account_id))

    def audit_head(self) -> tuple[int, str] | None:
        head = self.conn.execute("SELECT seq, hash FROM audit_head WHERE one = 1").fetchone()
        return (int(head[0]), str(head[1])) if head else None

    def add_audit(self, row: AuditRow) -> None:
        self.conn.execute(f"INSERT INTO audit ({_AUDIT}) VALUES ({', '.join('?' * 11)})", row)
        self.conn.execute(
            "INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?)"
            " ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            (row[0], row[10]),
        )

    def audit_page(
        self, where: dict[str, str | None], offset: int, limit: int
    ) -> tuple[list[AuditRow], int]:
        used = [k for k in AUDIT_WHERE if where.get(k)]
        args: list[object] = []
        for k in used:
            args += [where[k]] * _AUDIT_SQL[k].count("?")
        sql = " WHERE " + " AND ".join(_AUDIT_SQL[k] for k in used) if used else ""
        total = int(self.conn.execute(f"SELECT COUNT(*) FROM audit{sql}", args).fetchone()[0])
        rows = self.conn.execute(
            f"SELECT {_AUDIT} FROM audit{sql} ORDER BY seq DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return list(rows), total

    def audit_chain(self) -> Iterable[AuditRow]:
        return self.conn.execute(f"SELECT {_AUDIT} FROM audit ORDER BY seq")

    def status_rows(self, task: str | None = None, unit: str | None = None) -> list[StatusRow]:
        if task is None:
            return list(self.conn.execute(f"{_STATUS} ORDER BY seq"))
        sql = f"{_STATUS} WHERE task = ? AND unit_id = ? ORDER BY seq"
        return list(self.conn.execute(sql, (task, unit)))

    def add_status(self, row: NewStatus) -> int:
        cur = self.conn.execute(
            "INSERT INTO task_status (task, unit_id, status, note, day, at, account, value)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        return int(cur.lastrowid or 0)

    def status_used(self) -> bool:
        return self.conn.execute("SELECT 1 FROM task_status LIMIT 1").fetchone() is not None

    def status_version(self) -> tuple[int, int]:
        count, newest = self.conn.execute("SELECT count(*), max(seq) FROM task_status").fetchone()
        return int(count), int(newest or 0)


class SqliteSupervision:
    """Supervision over an embedded Store: BEGIN IMMEDIATE transactions, Store.hooks."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    @contextmanager
    def transaction(self) -> Iterator[Records]:
        """BEGIN IMMEDIATE … COMMIT, ROLLBACK on any failure (the write lock is held throughout)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield SqliteRecords(self.conn)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[Records]:
        yield SqliteRecords(self.conn)

    @contextmanager
    def on_next_write(self, hook: Callable[[Records], None]) -> Iterator[None]:
        owner = threading.get_ident()  # another thread's write is not this change

        def run(conn: sqlite3.Connection) -> None:
            if threading.get_ident() == owner:
                hook(SqliteRecords(conn))

        self.store.hooks.append(run)
        try:
            yield
        finally:
            self.store.hooks.remove(run)


def store_of(backend: Any) -> Supervision:
    """Where `backend` (also behind the API's lock proxy) keeps accounts, audit and status:
    its SQLite file or its Neo4j database; NoSupervisionStore for anything else."""
    store = backend if isinstance(backend, Store) else getattr(backend, "store", None)
    if isinstance(store, Store):
        if not getattr(store, "_supervision_ready", False):
            if not store.read_only:  # a read-only file is refused by the write itself
                store.conn.executescript(SCHEMA)
            store._supervision_ready = True  # type: ignore[attr-defined]
        return SqliteSupervision(store)
    found: Neo4jSupervision | None = None
    if "neo4j" in sys.modules:  # without the driver loaded no backend can be a Neo4j one
        from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision

        found = neo4j_supervision(backend)
    if found is None:
        raise NoSupervisionStore()
    return found
