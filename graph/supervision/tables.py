"""The supervision tables in the embedded store's SQLite file: accounts, audit, task status.

They sit beside the graph's tables, so an audit record commits in the same transaction as the
change it records (Store.hooks); created on first use, never touched by a notice load.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dutygraph.graph.store import Store
from dutygraph.graph.supervision.errors import NeedsEmbedded

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


def store_of(backend: Any) -> Store:
    """The embedded Store behind a backend (also behind the API's lock proxy); else NeedsEmbedded."""
    store = backend if isinstance(backend, Store) else getattr(backend, "store", None)
    if not isinstance(store, Store):
        raise NeedsEmbedded()
    conn = store.conn
    if not getattr(store, "_supervision_ready", False):
        if not store.read_only:  # a read-only file is refused by the write itself, in one line
            conn.executescript(SCHEMA)
        store._supervision_ready = True  # type: ignore[attr-defined]
    return store


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, ROLLBACK on any failure (the write lock is held throughout)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
