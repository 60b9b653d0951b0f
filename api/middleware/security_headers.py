"""Security headers on every response: CSP, nosniff, no framing, no referrer to other sites."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dutygraph.api.settings import Settings

_FIXED = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def _encoded(csp: str) -> list[tuple[bytes, bytes]]:
    """The headers as ASGI raw pairs (lower-case names, as MutableHeaders writes them)."""
    pairs = (("Content-Security-Policy", csp), *_FIXED)
    return [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in pairs]


_NAMES = frozenset(name for name, _ in _encoded(""))


class SecurityHeaders:
    """Add the headers to each HTTP response; the GraphiQL page (GET `ide_path`) gets its own
    Content-Security-Policy, the one place that may name an external host (settings.py)."""

    def __init__(self, app: ASGIApp, settings: Settings, ide_path: str) -> None:
        self.app = app
        self.settings = settings
        self.ide_path = ide_path
        self._pages = _encoded(settings.csp)
        self._ide = _encoded(settings.graphiql_csp)

    def _headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        if scope["method"] == "GET" and scope["path"] == self.ide_path:
            return self._ide
        return self._pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours = self._headers(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # ours replace any the app set (raw pairs: MutableHeaders scans per header)
                kept = [h for h in message.get("headers", ()) if h[0].lower() not in _NAMES]
                message["headers"] = kept + ours
            await send(message)

        await self.app(scope, receive, send_with_headers)
