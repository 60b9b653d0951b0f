"""Accounts: a role (督查室 office, unit, leader), a jurisdiction, and a token stored hashed.

A token is `dg_<selector>_<secret>`: the selector finds the row, the secret is checked against
its scrypt hash (per-token salt) in constant time. The token is shown once, at creation.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from dutygraph.graph.supervision.errors import NotAuthenticated, SupervisionError
from dutygraph.graph.supervision.records import Records

Role = Literal["office", "unit", "leader"]
ROLES: tuple[Role, ...] = ("office", "unit", "leader")
ROLE_ZH: dict[str, str] = {"office": "督查室", "unit": "责任单位", "leader": "领导"}
# scrypt cost: 16 MB and ~50 ms per check; the secret is 32 random bytes, so this only guards
# a stolen file against cheap offline guessing, and the API caches a verified token per process.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
PREFIX = "dg_"
NOT_AUTHENTICATED = "令牌无效或已停用 (the token is not valid)"


@dataclass(frozen=True)
class Account:
    """Who acts: id 0 is not stored (the server token or the command line, both the office)."""

    id: int
    name: str
    role: Role
    unit_id: str | None = None
    jurisdiction: str | None = None
    created: str = ""
    revoked: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}（{ROLE_ZH[self.role]}）"


SERVER_TOKEN = Account(0, "督查室（服务器令牌）", "office")
"""What DUTYGRAPH_TOKEN authenticates as: the office, everything."""


def command_line(user: str) -> Account:
    """The office as the person at the command line (the file's owner; no token needed)."""
    return Account(0, f"命令行 {user}", "office")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, **SCRYPT)


def _row(r: Any) -> Account:
    return Account(int(r[0]), str(r[1]), r[2], r[3], r[4], str(r[5]), r[6])


def check_role(role: str) -> Role:
    for r in ROLES:
        if role == r:
            return r
    raise SupervisionError(f"角色“{role}”无效，可用 office、unit、leader (unknown role)")


def insert_account(
    rec: Records,
    name: str,
    role: Role,
    unit_id: str | None,
    jurisdiction: str | None,
) -> tuple[Account, str]:
    """Insert an account (inside the caller's transaction); returns it and its one-time token."""
    if role == "unit" and not unit_id:
        raise SupervisionError("责任单位账号须对应一个单位 (a unit account needs a unit)")
    if rec.accounts("name", name, active=True):
        raise SupervisionError(f"账号“{name}”已存在，请先停用 (an active account has that name)")
    selector = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    created = _now()
    digest = _hash(secret, salt)
    new_id = rec.add_account((name, role, unit_id, jurisdiction, selector, salt, digest, created))
    account = Account(new_id, name, role, unit_id, jurisdiction, created)
    return account, f"{PREFIX}{selector}_{secret}"


def revoke_account(rec: Records, name_or_id: str) -> Account:
    """Mark an active account revoked (inside the caller's transaction); its token stops working."""
    found = find_accounts(rec, name_or_id, active=True)
    if not found:
        raise SupervisionError(f"没有启用中的账号“{name_or_id}” (no active account)")
    account = found[0]
    when = _now()
    rec.revoke(account.id, when)
    return Account(
        account.id,
        account.name,
        account.role,
        account.unit_id,
        account.jurisdiction,
        account.created,
        when,
    )


def find_accounts(rec: Records, name_or_id: str, active: bool) -> list[Account]:
    """Accounts by id (digits) or name, active ones only when asked."""
    if name_or_id.isdigit():
        return [_row(r) for r in rec.accounts("id", int(name_or_id), active)]
    return [_row(r) for r in rec.accounts("name", name_or_id, active)]


def list_accounts(rec: Records) -> list[Account]:
    return [_row(r) for r in rec.accounts(None, None, active=False)]


def account_by_id(rec: Records, account_id: int) -> Account | None:
    found = rec.accounts("id", account_id, active=False)
    return _row(found[0]) if found else None


def _split(token: str) -> tuple[str, str] | None:
    if not token.startswith(PREFIX):
        return None
    selector, sep, secret = token[len(PREFIX) :].partition("_")
    return (selector, secret) if sep and selector and secret else None


TokenRow = tuple[Any, ...] | None
"""An account row with its salt and hash, as `token_row` reads it (None: no such selector)."""


def token_row(rec: Records, token: str) -> TokenRow:
    """The row a token's selector names (a quick indexed read; the slow check is `check_token`)."""
    parts = _split(token.strip())
    if not parts:
        return None
    found = rec.accounts("selector", parts[0], active=False)
    return tuple(found[0]) if found else None


def check_token(row: TokenRow, token: str) -> Account:
    """The active account of `token` given its row; NotAuthenticated (one message) otherwise.

    An unknown selector is hashed against a dummy salt too, so timing does not tell whether an
    account exists. Needs no connection: callers run it outside their store lock.
    """
    parts = _split(token.strip())
    salt, want = (bytes(row[7]), bytes(row[8])) if row else (b"\0" * 16, b"")
    got = _hash(parts[1] if parts else token, salt)
    if row is None or not hmac.compare_digest(got, want) or row[6] is not None:
        raise NotAuthenticated(NOT_AUTHENTICATED)
    return _row(row)


def verify_token(rec: Records, token: str) -> Account:
    """The active account of `token`; NotAuthenticated (one message for every reason) otherwise."""
    return check_token(token_row(rec, token), token)
