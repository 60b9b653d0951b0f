"""Log-in sessions for the pages: a random id in an HttpOnly, SameSite=Strict cookie, a CSRF
token per session, an expiry, a signed token on the log-in form itself, and failed log-ins
slowed down per client address.

Only the SHA-256 of a session id is stored (graph.supervision.sessions: in the store's SQLite
file or Neo4j database, so sessions survive a restart and every server process on the file shares them); the
id itself is only in the cookie, so a copy of the file opens no session. A session keeps the
account id, never the token; the account is re-read on every request, so revoking it ends
its sessions. The session's CSRF token is an HMAC of its id: nothing more to store.
"""

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from dutygraph.api.accounts import exclusive
from dutygraph.graph.supervision.errors import NoSupervisionStore
from dutygraph.graph.supervision.sessions import (
    MemorySessions,
    Row,
    SessionTable,
    SqliteSessions,
)
from dutygraph.graph.supervision.tables import SqliteSupervision, store_of

COOKIE = "dg_session"
LOGIN_COOKIE = "dg_login"
"""The log-in form's own cookie: a random nonce whose HMAC the form carries (double submit)."""
SESSION_SECONDS = 8 * 3600
"""One working day; the clerk logs in again the next morning."""
LOGIN_SECONDS = 3600
"""A log-in form left open longer than an hour is refused; reloading it gives a fresh one."""
FREE_FAILURES = 3
"""Typos happen; after this many failures each further attempt waits longer (1, 2, 4 … s)."""
MAX_WAIT = 300.0


@dataclass
class Session:
    account_id: int
    csrf: str
    expires: float
    bound: str = ""


def _key(sid: str) -> bytes:
    return hashlib.sha256(sid.encode()).digest()


def _mac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


class Deferred:
    """The session table of `backend`, found at its first use: a warming server (api/warming)
    has its store only once its graph is built, and the app is made before that."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend
        self._table: SessionTable | None = None
        self._lock = threading.Lock()

    def _found(self) -> SessionTable:
        with self._lock:
            if self._table is None:
                self._table = table_of(self._backend)
            return self._table

    def put(self, key: bytes, row: Row, now: float) -> None:
        self._found().put(key, row, now)

    def get(self, key: bytes) -> Row | None:
        return self._found().get(key)

    def drop(self, key: bytes) -> None:
        self._found().drop(key)

    def secret(self) -> bytes:
        return self._found().secret()


def table_of(backend: Any) -> SessionTable:
    """The embedded store's SQLite file when it is writable, the Neo4j database's
    (:WebSession) nodes, else this process's memory."""
    try:
        found = store_of(backend)
    except NoSupervisionStore:
        return MemorySessions()
    if not isinstance(found, SqliteSupervision):
        on_neo4j: SessionTable = getattr(found, "sessions")()  # noqa: B009 (Neo4jSupervision)
        return on_neo4j
    if found.store.read_only:
        return MemorySessions()
    return SqliteSessions(found.store.conn, exclusive(backend))


def fingerprint(token: str | None) -> str:
    """Binds a server-token session to that token: a new DUTYGRAPH_TOKEN ends the old ones."""
    return hashlib.sha256((token or "").encode()).hexdigest()[:16]


class Sessions:
    """Sessions in a SessionTable, and failed log-ins by client address (thread-safe)."""

    def __init__(self, table: SessionTable | None = None) -> None:
        self.table = table or MemorySessions()
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def start(self, account_id: int, bound: str = "") -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        now = time.time()
        s = Session(account_id, self._csrf(sid), now + SESSION_SECONDS, bound)
        self.table.put(_key(sid), (account_id, bound, s.expires), now)
        return sid, s

    def _csrf(self, sid: str) -> str:
        return _mac(sid.encode(), "csrf", "session")

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        row = self.table.get(_key(sid))
        if row is None:
            return None
        account_id, bound, expires = row
        if expires < time.time():
            self.table.drop(_key(sid))
            return None
        return Session(account_id, self._csrf(sid), expires, bound)

    def end(self, sid: str | None) -> None:
        if sid:
            self.table.drop(_key(sid))

    def login_form(self) -> tuple[str, str]:
        """(nonce for LOGIN_COOKIE, token for the form): the token is the nonce signed with
        the table's secret, so another site can neither read nor forge the pair."""
        nonce = secrets.token_urlsafe(24)
        return nonce, _mac(self.table.secret(), "login", nonce)

    def login_ok(self, nonce: str | None, token: str) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(
            token.encode(), _mac(self.table.secret(), "login", nonce).encode()
        )

    def wait(self, client: str) -> float:
        """Seconds this client must wait before the next log-in attempt (0: may try now)."""
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        delay = min(2.0 ** (count - FREE_FAILURES), MAX_WAIT)
        return max(0.0, last + delay - time.time())

    def failed(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, time.time())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
