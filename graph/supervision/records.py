"""The storage seam of the supervision loop: the rows accounts, audit and status keep, per store.

accounts.py, audit.py and status.py hold the logic (hashing, the chain, the steps) and talk to a
store only through `Records`; the embedded SQLite file (tables.py) and Neo4j
(graph/backends/neo4j/supervision.py) implement it. Rows are plain tuples in the column orders
below, so neither implementation needs the types of this package.
"""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

AccountRow = tuple[Any, ...]
"""id, name, role, unit_id, jurisdiction, created, revoked (+ salt, hash when asked for)."""
AuditRow = tuple[Any, ...]
"""seq, at, account_id, account, unit_id, action, item, before, after, prev, hash; before and
after are JSON text (or None)."""
StatusRow = tuple[Any, ...]
"""seq, task, unit_id, status, note, day, at, account, value."""
NewAccount = tuple[str, str, str | None, str | None, str, bytes, bytes, str]
"""name, role, unit_id, jurisdiction, selector, salt, hash, created: a row before its id."""
NewStatus = tuple[str, str, str, str, str, str, str, float | None]
"""task, unit_id, status, note, day, at, account, value: an event before its seq."""
AUDIT_WHERE = ("unit_id", "item", "account", "action", "since", "until")
"""The keys of an audit filter: each None or a string; `since` ≤ at < `until` (ISO text)."""


class Records(Protocol):
    """The supervision rows of one store, inside one transaction (or one read)."""

    def accounts(self, by: str | None, value: object, active: bool) -> list[AccountRow]:
        """Accounts by "id", "name" or "selector" (None: all), ordered by id; `active` only
        the unrevoked; a row by "selector" also carries the salt and hash."""
        ...

    def add_account(self, row: NewAccount) -> int:
        """Store a new account; returns its id."""
        ...

    def revoke(self, account_id: int, when: str) -> None: ...

    def audit_head(self) -> tuple[int, str] | None:
        """The newest record's seq and hash as the head keeps them (None: no record yet). In a
        write transaction this also takes the store's audit lock until commit."""
        ...

    def add_audit(self, row: AuditRow) -> None:
        """Append one record and move the head to it."""
        ...

    def audit_page(
        self, where: dict[str, str | None], offset: int, limit: int
    ) -> tuple[list[AuditRow], int]:
        """Records matching `where` (AUDIT_WHERE), newest first, and how many match in all."""
        ...

    def audit_chain(self) -> Iterable[AuditRow]:
        """Every record, oldest first."""
        ...

    def status_rows(self, task: str | None = None, unit: str | None = None) -> list[StatusRow]:
        """Status events (of one task × unit when given), oldest first."""
        ...

    def add_status(self, row: NewStatus) -> int:
        """Append one status event; returns its seq."""
        ...

    def status_used(self) -> bool:
        """Whether any status event exists (the office runs the loop)."""
        ...

    def status_version(self) -> tuple[int, int]:
        """(number of status events, newest seq): changes with every status event."""
        ...


class Supervision(Protocol):
    """Where one backend keeps its supervision rows."""

    def transaction(self) -> AbstractContextManager[Records]:
        """One write transaction: committed on leaving, rolled back on any raise."""
        ...

    def reading(self) -> AbstractContextManager[Records]:
        """A read of committed rows."""
        ...

    def on_next_write(self, hook: Callable[[Records], None]) -> AbstractContextManager[None]:
        """While inside, every graph write transaction of the backend also runs `hook` with its
        own Records, just before it commits (a raise rolls the write back)."""
        ...
