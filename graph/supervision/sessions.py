"""Where page log-in sessions are kept: a table in the embedded store's SQLite file, nodes in
the Neo4j database (graph/backends/neo4j/supervision.py: Neo4jSessions), or memory.

A row holds the SHA-256 of the session id (the id itself is only in the user's cookie), the
account id, a fingerprint that binds a server-token session to that token, and the expiry.
The same file keeps the secret that signs log-in forms. Small on purpose: each store puts its
own table behind the same four methods; the hashing and expiry rules are api/web/sessions.py's.
"""

import secrets
import sqlite3
import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS web_sessions (
  key BLOB PRIMARY KEY, account_id INTEGER NOT NULL, bound TEXT NOT NULL, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS web_sessions_account ON web_sessions (account_id);
CREATE TABLE IF NOT EXISTS web_secret (one INTEGER PRIMARY KEY CHECK (one = 1), key BLOB NOT NULL);
"""

Row = tuple[int, str, float]
"""(account id, bound fingerprint, expiry as a Unix time)."""


class SessionTable(Protocol):
    def put(self, key: bytes, row: Row, now: float) -> None:
        """Store a session (and drop the expired ones)."""

    def get(self, key: bytes) -> Row | None: ...

    def drop(self, key: bytes) -> None: ...

    def secret(self) -> bytes:
        """32 random bytes, the same for every process on this table and across restarts."""


class MemorySessions:
    """Sessions in this process only (a restart logs everyone out): for a read-only store."""

    def __init__(self) -> None:
        self._rows: dict[bytes, Row] = {}
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()

    def put(self, key: bytes, row: Row, now: float) -> None:
        with self._lock:
            self._rows = {k: r for k, r in self._rows.items() if r[2] >= now}
            self._rows[key] = row

    def get(self, key: bytes) -> Row | None:
        with self._lock:
            return self._rows.get(key)

    def drop(self, key: bytes) -> None:
        with self._lock:
            self._rows.pop(key, None)

    def secret(self) -> bytes:
        return self._secret


class SqliteSessions:
    """Sessions in a SQLite file: they survive a restart and are shared by every server process
    on that file. `lock` guards a connection shared between threads (the API's store lock)."""

    def __init__(
        self, conn: sqlite3.Connection, lock: AbstractContextManager[object] | None = None
    ) -> None:
        self.conn = conn
        self.lock = lock or nullcontext()
        with self.lock:
            conn.executescript(SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO web_secret (one, key) VALUES (1, ?)",
                (secrets.token_bytes(32),),
            )
            self._secret = bytes(conn.execute("SELECT key FROM web_secret").fetchone()[0])

    def put(self, key: bytes, row: Row, now: float) -> None:
        with self.lock:
            self.conn.execute("DELETE FROM web_sessions WHERE expires < ?", (now,))
            self.conn.execute(
                "INSERT OR REPLACE INTO web_sessions (key, account_id, bound, expires)"
                " VALUES (?, ?, ?, ?)",
                (key, *row),
            )

    def get(self, key: bytes) -> Row | None:
        with self.lock:
            found = self.conn.execute(
                "SELECT account_id, bound, expires FROM web_sessions WHERE key = ?", (key,)
            ).fetchone()
        return (int(found[0]), str(found[1]), float(found[2])) if found else None

    def drop(self, key: bytes) -> None:
        with self.lock:
            self.conn.execute("DELETE FROM web_sessions WHERE key = ?", (key,))

    def secret(self) -> bytes:
        return self._secret
