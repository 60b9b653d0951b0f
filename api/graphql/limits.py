"""Request limits: GraphQL depth, token and alias limits, and a cap on the request body."""

from collections.abc import Callable

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from dutygraph.api.auth import send_json
from dutygraph.api.errors import REQUEST_TIMEOUT, REQUEST_TOO_LARGE, error_body
from dutygraph.api.settings import Settings


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """strawberry's validators for query depth, document tokens and aliases, as factories
    (a fresh extension per request: an extension instance holds its request's context)."""
    return [
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
    ]


class BodyLimit:
    """Refuse (413) a request whose body is over `max_bytes`, declared or as it streams in.

    The body is read up to the limit before the app sees it, then handed on unchanged; a body
    still arriving after `seconds` is refused (408), so a client trickling bytes holds nothing.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    async def _refuse(self, send: Send) -> None:
        message = f"request body over {self.max_bytes} bytes; send a smaller request"
        await send_json(send, 413, error_body(REQUEST_TOO_LARGE, message))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(send)
                return
        body = bytearray()
        more = True
        with anyio.move_on_after(self.seconds):
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = bool(message.get("more_body", False))
                if len(body) > self.max_bytes:
                    await self._refuse(send)
                    return
        if more:
            late = f"the request body did not arrive within {self.seconds:g} s"
            await send_json(send, 408, error_body(REQUEST_TIMEOUT, late))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)
