"""Log-in sessions for the pages: a random id in an HttpOnly, SameSite=Strict cookie, a CSRF
token per session, an expiry, and failed log-ins slowed down per client address.

Sessions live in the server's memory (a restart logs everyone out); they keep the account id,
never the token, and the account is re-read (revocation) on every request.
"""

import secrets
import threading
import time
from dataclasses import dataclass

COOKIE = "dg_session"
SESSION_SECONDS = 8 * 3600
"""One working day; the clerk logs in again the next morning."""
FREE_FAILURES = 3
"""Typos happen; after this many failures each further attempt waits longer (1, 2, 4 … s)."""
MAX_WAIT = 300.0


@dataclass
class Session:
    account_id: int
    csrf: str
    expires: float


class Sessions:
    """Sessions by id, and failed log-ins by client address (thread-safe)."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def start(self, account_id: int) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        s = Session(account_id, secrets.token_urlsafe(24), time.time() + SESSION_SECONDS)
        with self._lock:
            self._sessions[sid] = s
        return sid, s

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        with self._lock:
            s = self._sessions.get(sid)
            if s is not None and s.expires < time.time():
                del self._sessions[sid]
                return None
            return s

    def end(self, sid: str | None) -> None:
        with self._lock:
            self._sessions.pop(sid or "", None)

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
