"""Who is asking: a bearer token becomes an Account (the server token = the office).

`Identify` runs before the read gate and GraphQL; it puts the account in the ASGI scope, where
`auth.access_of` finds it. A verified account token is cached by its SHA-256 for a minute, so
the scrypt check is not paid per request; revocation is re-read from the store every time.
"""

import hashlib
import hmac
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from dutygraph.api.locking import Locked
from dutygraph.api.settings import Settings
from dutygraph.graph.errors import GraphError
from dutygraph.graph.supervision import SERVER_TOKEN, Account
from dutygraph.graph.supervision.accounts import PREFIX, account_by_id, check_token, token_row
from dutygraph.graph.supervision.tables import store_of

SCOPE_KEY = "dutygraph.account"
CACHE_SECONDS = 60.0
FAILURES_BEFORE_PAUSE = 10
"""Unknown account tokens one client may send before its next ones are refused unchecked."""
PAUSE_SECONDS = 60.0
"""How long such a client's account tokens are refused without the (costly) scrypt check."""


def exclusive(backend: Any) -> AbstractContextManager[Any]:
    """Hold the backend's one lock across a multi-step write (check, change, audit)."""
    lock = getattr(backend, "_lock", None) if isinstance(backend, Locked) else None
    return lock if lock is not None else nullcontext()


def scope_account(scope: Scope) -> Account | None:
    found = scope.get(SCOPE_KEY)
    return found if isinstance(found, Account) else None


class Accounts:
    """Token → Account for one backend, with a short cache of verified tokens."""

    def __init__(self, backend: Any, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings
        self._cache: dict[bytes, tuple[float, int]] = {}
        self._failures: dict[str, tuple[int, float]] = {}
        """Client address -> (failed account tokens, time of the last): each check costs
        ~0.1 s of CPU, so a client guessing tokens would otherwise keep the server busy."""

    def paused(self, client: str) -> bool:
        count, last = self._failures.get(client, (0, 0.0))
        if count >= FAILURES_BEFORE_PAUSE and time.monotonic() - last < PAUSE_SECONDS:
            return True
        if count >= FAILURES_BEFORE_PAUSE:
            self._failures.pop(client, None)  # the pause is over: start counting again
        return False

    def lookup(self, token: str, client: str = "") -> Account | None:
        """The account of `token`, or None (unknown, revoked, no supervision store, or a client
        paused after too many unknown tokens)."""
        if self.settings.token is not None and hmac.compare_digest(
            token.encode("utf-8"), self.settings.token.encode("utf-8")
        ):
            return SERVER_TOKEN
        if not token.startswith(PREFIX):
            return None
        key = hashlib.sha256(token.encode("utf-8")).digest()
        now = time.monotonic()
        with exclusive(self.backend):
            try:
                with store_of(self.backend).reading() as rec:
                    hit = self._cache.get(key)
                    if hit and now - hit[0] < CACHE_SECONDS:
                        account = account_by_id(rec, hit[1])
                        return account if account and not account.revoked else None
                    row = token_row(rec, token)
            except GraphError:
                return None
        if self.paused(client):
            return None
        try:
            account = check_token(row, token)  # scrypt, outside the lock: others go on meanwhile
        except GraphError:
            if len(self._failures) > 10_000:  # many addresses: forget, rather than grow
                self._failures.clear()
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, time.monotonic())
            return None
        self._failures.pop(client, None)
        self._cache[key] = (now, account.id)
        return account

    def by_id(self, account_id: int) -> Account | None:
        """An active account by id (sessions keep the id, not the token)."""
        if account_id == 0:
            return SERVER_TOKEN
        with exclusive(self.backend):
            try:
                with store_of(self.backend).reading() as rec:
                    account = account_by_id(rec, account_id)
            except GraphError:
                return None
        return account if account and not account.revoked else None


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


class Identify:
    """ASGI middleware: `Authorization: Bearer <account token>` → scope[SCOPE_KEY]."""

    def __init__(self, app: ASGIApp, accounts: Accounts) -> None:
        self.app = app
        self.accounts = accounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            token = _bearer(scope.get("headers", []))
            client = scope.get("client")
            host = str(client[0]) if client else ""
            account = self.accounts.lookup(token, host) if token else None
            if account is not None:
                scope[SCOPE_KEY] = account
        await self.app(scope, receive, send)
