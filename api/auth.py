"""Bearer-token checks: mutations always need the token; reads as Settings.reads says."""

import functools
import hmac
import ipaddress
import json
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from dutygraph.api.accounts import scope_account
from dutygraph.api.errors import FORBIDDEN, UNAUTHENTICATED, ApiError, error_body
from dutygraph.api.settings import Settings
from dutygraph.graph.supervision import Account

NO_TOKEN_MESSAGE = (
    "mutations are disabled: the server was started without a token"
    " (set DUTYGRAPH_TOKEN or --token-file)"
)


@dataclass(frozen=True)
class Access:
    """What one request proved: a bearer header was sent, it matched, it came from loopback."""

    sent: bool
    valid: bool
    local: bool
    account: Account | None = None
    """The account the bearer token belongs to (api.accounts.Identify), if any."""


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return None


def access_of(scope: Scope, settings: Settings) -> Access:
    """Check the request's `Authorization: Bearer …` against the token in constant time."""
    sent = _bearer(scope.get("headers", []))
    valid = (
        sent is not None
        and settings.token is not None
        and hmac.compare_digest(sent.encode("utf-8"), settings.token.encode("utf-8"))
    )
    account = scope_account(scope)
    valid = valid or account is not None
    client = scope.get("client")
    return Access(sent is not None, valid, is_loopback(str(client[0]) if client else ""), account)


@functools.lru_cache(maxsize=1024)  # a client asks many times from one address; ~10 us each
def is_loopback(host: str) -> bool:
    """The client address is 127.0.0.0/8, ::1 or ::ffff:127.x — an address check, so '::1a:2b'
    or '127.evil.example' is not local; a name or no address is not either."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])  # fe80::1%eth0: drop the zone
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def reads_allowed(access: Access, settings: Settings) -> bool:
    if settings.reads == "open" or access.valid:
        return True
    return settings.reads == "local" and access.local


def require_write(access: Access, settings: Settings) -> None:
    """Raise the coded error that refuses a mutation, unless the token was sent and matched."""
    if settings.token is None and access.account is None:
        raise ApiError(FORBIDDEN, NO_TOKEN_MESSAGE)
    if not access.sent:
        raise ApiError(
            UNAUTHENTICATED, "mutations need a token: send the header Authorization: Bearer <token>"
        )
    if not access.valid:
        raise ApiError(FORBIDDEN, "the bearer token does not match the server's token")


class ReadGate:
    """Answer 401 to requests that may not read; the GraphiQL page itself stays open.

    `ide=False` gates every GET too (the leaders' web pages, which are reads themselves).
    """

    def __init__(self, app: ASGIApp, settings: Settings, ide: bool = True) -> None:
        self.app = app
        self.settings = settings
        self.ide = ide

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        ide_page = (
            self.ide
            and scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope["query_string"]
        )
        if scope["type"] != "http" or ide_page:
            await self.app(scope, receive, send)
            return
        if reads_allowed(access_of(scope, self.settings), self.settings):
            await self.app(scope, receive, send)
            return
        body = error_body(
            UNAUTHENTICATED,
            "this server needs a token for every request: send Authorization: Bearer <token>",
        )
        await send_json(send, 401, body)


async def send_json(send: Send, status: int, body: dict[str, object]) -> None:
    """A complete JSON response through raw ASGI messages."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
