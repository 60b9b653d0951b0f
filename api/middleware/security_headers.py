"""Security headers on every response: CSP, nosniff, no framing, no referrer to other sites."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dutygraph.api.settings import Settings


class SecurityHeaders:
    """Add the headers to each HTTP response; the GraphiQL page (GET `ide_path`) gets its own
    Content-Security-Policy, the one place that may name an external host (settings.py)."""

    def __init__(self, app: ASGIApp, settings: Settings, ide_path: str) -> None:
        self.app = app
        self.settings = settings
        self.ide_path = ide_path

    def _csp(self, scope: Scope) -> str:
        if scope["method"] == "GET" and scope["path"] == self.ide_path:
            return self.settings.graphiql_csp
        return self.settings.csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self._csp(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, send_with_headers)
