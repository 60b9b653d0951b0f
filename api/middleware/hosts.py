"""Answer only to the Host names in Settings.allowed_hosts: the DNS-rebinding guard.

A page on attacker.example.com that rebinds its name to 127.0.0.1 reaches a local server from
the user's own browser, so the loopback address proves nothing; the Host header it must send
(attacker.example.com) does. Starlette's TrustedHostMiddleware does the same but cuts
"[::1]:8000" at its first colon and answers in plain text; this one parses IPv6 literals and
answers with a coded JSON error like every other refusal.
"""

from starlette.types import ASGIApp, Receive, Scope, Send

from dutygraph.api.auth import send_json
from dutygraph.api.errors import BAD_REQUEST, error_body


def host_of(header: str) -> str:
    """The host name of a Host header, lower case, without port or IPv6 brackets."""
    h = header.strip().lower()
    if h.startswith("["):  # [::1]:8000
        return h[1:].split("]", 1)[0]
    if h.count(":") == 1:  # localhost:8000 (a bare IPv6 address has several colons)
        return h.split(":", 1)[0]
    return h.rstrip(".")


def allowed(host: str, patterns: tuple[str, ...]) -> bool:
    """`host` matches one of `patterns`: exactly, "*" (any), or "*.example.org" (subdomains)."""
    for p in patterns:
        p = p.lower()
        if p == "*" or host == p or (p.startswith("*.") and host.endswith(p[1:])):
            return True
    return False


class AllowedHosts:
    """Refuse (400, BAD_REQUEST) HTTP and WebSocket requests whose Host is not allowed."""

    def __init__(self, app: ASGIApp, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next(
            (v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), ""
        )
        host = host_of(header)
        if allowed(host, self.hosts):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        message = (
            f"this server does not answer to the host {header[:100]!r};"
            f" allowed: {', '.join(self.hosts)} (dutygraph serve --allowed-host adds one)"
        )
        await send_json(send, 400, error_body(BAD_REQUEST, message))
