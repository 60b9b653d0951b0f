"""Accounts, the audit chain and task status in the Neo4j database (graph.supervision's seam).

The rows graph/supervision/records.py describes, as nodes (supervision_cypher.py). An
audit record is written by a hook inside the graph write's own transaction (Neo4jStore.hooks),
so it commits or rolls back with the change; every supervision transaction first takes the
head's lock, so concurrent writers (other processes too) append one after another.
"""

import secrets
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import READ_ACCESS, Driver, ManagedTransaction, Transaction

from dutygraph.graph.backends.neo4j import supervision_cypher as q

Tx = ManagedTransaction | Transaction
_ACCOUNT = ("id", "name", "role", "unit_id", "jurisdiction", "created", "revoked")
_AUDIT = (
    "seq",
    "at",
    "account_id",
    "account",
    "unit_id",
    "action",
    "item",
    "before",
    "after",
    "prev",
    "hash",
)
_STATUS = ("seq", "task", "unit_id", "status", "note", "day", "at", "account", "value")
_NEW_ACCOUNT = ("name", "role", "unit_id", "jurisdiction", "selector", "salt", "hash", "created")
Row = tuple[int, str, float]
"""graph.supervision.sessions.Row: (account id, bound fingerprint, expiry as a Unix time)."""
_NEW_STATUS = ("task", "unit", "status", "note", "day", "at", "account", "value")


class Neo4jRecords:
    """graph.supervision's Records inside one Neo4j transaction (`write`: it may write)."""

    def __init__(self, tx: Tx, write: bool) -> None:
        self.tx = tx
        self.write = write

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return [r.data() for r in self.tx.run(query, params)]

    def accounts(self, by: str | None, value: object, active: bool) -> list[tuple[Any, ...]]:
        if by is None:
            rows = self._rows(q.ACCOUNTS_ALL, active=active)
        else:
            rows = self._rows(q.ACCOUNTS_BY[by], value=value, active=active)
        columns = (*_ACCOUNT, "salt", "hash") if by == "selector" else _ACCOUNT
        return [tuple(r[c] for c in columns) for r in rows]

    def add_account(self, row: tuple[Any, ...]) -> int:
        new_id = int(self._rows(q.NEXT_ACCOUNT_ID)[0]["id"])
        params = dict(zip(_NEW_ACCOUNT, row, strict=True))
        params.update(id=new_id, salt=bytearray(row[5]), hash=bytearray(row[6]))
        self.tx.run(q.ADD_ACCOUNT, params).consume()
        return new_id

    def revoke(self, account_id: int, when: str) -> None:
        self.tx.run(q.REVOKE_ACCOUNT, id=account_id, when=when).consume()

    def audit_head(self) -> tuple[int, str] | None:
        rows = self._rows(q.LOCK_HEAD if self.write else q.READ_HEAD)
        if not rows or rows[0]["seq"] is None:
            return None
        return int(rows[0]["seq"]), str(rows[0]["hash"])

    def add_audit(self, row: tuple[Any, ...]) -> None:
        self.tx.run(q.ADD_AUDIT, dict(zip(_AUDIT, row, strict=True))).consume()

    def audit_page(
        self, where: dict[str, str | None], offset: int, limit: int
    ) -> tuple[list[tuple[Any, ...]], int]:
        total = int(self._rows(q.AUDIT_COUNT, **where)[0]["n"])
        rows = self._rows(q.AUDIT_PAGE, **where, offset=offset, limit=limit)
        return [tuple(r[c] for c in _AUDIT) for r in rows], total

    def audit_chain(self) -> Iterable[tuple[Any, ...]]:
        return [tuple(r[c] for c in _AUDIT) for r in self._rows(q.AUDIT_CHAIN)]

    def status_rows(
        self, task: str | None = None, unit: str | None = None
    ) -> list[tuple[Any, ...]]:
        if task is None:
            rows = self._rows(q.STATUS_ALL)
        else:
            rows = self._rows(q.STATUS_OF, task=task, unit=unit)
        return [tuple(r[c] for c in _STATUS) for r in rows]

    def add_status(self, row: tuple[Any, ...]) -> int:
        seq = int(self._rows(q.NEXT_STATUS_SEQ)[0]["seq"])
        self.tx.run(q.ADD_STATUS, dict(zip(_NEW_STATUS, row, strict=True)), seq=seq).consume()
        return seq

    def status_used(self) -> bool:
        return bool(self._rows(q.STATUS_USED)[0]["n"])

    def status_version(self) -> tuple[int, int]:
        row = self._rows(q.STATUS_VERSION)[0]
        return int(row["n"]), int(row["newest"] or 0)


class Neo4jSessions:
    """graph.supervision.sessions' SessionTable as (:WebSession) nodes: sessions survive a
    restart and are shared by every server on the database, as on the SQLite file."""

    def __init__(self, driver: Driver, database: str | None) -> None:
        self.driver = driver
        self.database = database
        self._secret: bytes | None = None

    def _run(self, *statements: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        with self.driver.session(database=self.database) as s, s.begin_transaction() as tx:
            for query, params in statements:
                rows = [r.data() for r in tx.run(query, params)]
            tx.commit()
        return rows

    def put(self, key: bytes, row: Row, now: float) -> None:
        account_id, bound, expires = row
        fields = {"account_id": account_id, "bound": bound, "expires": expires}
        self._run((q.SESSION_EXPIRED, {"now": now}), (q.SESSION_PUT, {"hash": key.hex(), **fields}))

    def get(self, key: bytes) -> Row | None:
        with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s:
            found = [r.data() for r in s.run(q.SESSION_GET, hash=key.hex())]
        if not found:
            return None
        r = found[0]
        return int(r["account_id"]), str(r["bound"]), float(r["expires"])

    def drop(self, key: bytes) -> None:
        self._run((q.SESSION_DROP, {"hash": key.hex()}))

    def secret(self) -> bytes:
        if self._secret is None:
            rows = self._run((q.WEB_SECRET, {"key": bytearray(secrets.token_bytes(32))}))
            self._secret = bytes(rows[0]["key"])
        return self._secret


class Neo4jSupervision:
    """graph.supervision's Supervision over a Neo4jStore's driver and write hooks."""

    def __init__(
        self, driver: Driver, database: str | None, hooks: list[Callable[[Tx], None]]
    ) -> None:
        self.driver = driver
        self.database = database
        self.hooks = hooks

    def ensure_schema(self) -> None:
        """The constraints (unique account id and selector, audit seq, one head) and indexes."""
        with self.driver.session(database=self.database) as s:
            for statement in q.SUPERVISION_SCHEMA.values():
                s.run(statement).consume()

    def sessions(self) -> Neo4jSessions:
        """The page sessions' table on this database."""
        return Neo4jSessions(self.driver, self.database)

    def clear(self) -> None:
        """Remove every account, audit record and status event (tests only)."""
        with self.driver.session(database=self.database) as s:
            s.run(q.CLEAR_SUPERVISION).consume()

    @contextmanager
    def transaction(self) -> Iterator[Neo4jRecords]:
        with self.driver.session(database=self.database) as s, s.begin_transaction() as tx:
            rec = Neo4jRecords(tx, write=True)
            rec.audit_head()  # the lock first: account ids and status seqs are max + 1
            yield rec
            tx.commit()

    @contextmanager
    def reading(self) -> Iterator[Neo4jRecords]:
        with (
            self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as s,
            s.begin_transaction() as tx,
        ):
            yield Neo4jRecords(tx, write=False)

    @contextmanager
    def on_next_write(self, hook: Callable[[Neo4jRecords], None]) -> Iterator[None]:
        # The driver is shared by threads: only this thread's write records this thread's change.
        owner = threading.get_ident()

        def run(tx: Tx) -> None:
            if threading.get_ident() == owner:
                hook(Neo4jRecords(tx, write=True))

        self.hooks.append(run)
        try:
            yield
        finally:
            self.hooks.remove(run)


_READY: "weakref.WeakKeyDictionary[Driver, Neo4jSupervision]" = weakref.WeakKeyDictionary()


def neo4j_supervision(backend: Any) -> Neo4jSupervision | None:
    """The supervision store of a Neo4jStore (also behind the API's lock proxy), else None;
    its constraints are made on first use per driver."""
    driver = getattr(backend, "driver", None)
    hooks = getattr(backend, "hooks", None)
    if not isinstance(driver, Driver) or not isinstance(hooks, list):
        return None
    found = _READY.get(driver)
    if found is None or found.hooks is not hooks:
        found = Neo4jSupervision(driver, getattr(backend, "database", None), hooks)
        found.ensure_schema()
        _READY[driver] = found
    return found
