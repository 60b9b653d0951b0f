"""Request limits: GraphQL depth, token and alias limits, and a cap on the request body."""

from collections.abc import Callable, Iterator

import anyio
from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from dutygraph.api.auth import send_json
from dutygraph.api.errors import REQUEST_TIMEOUT, REQUEST_TOO_LARGE, error_body
from dutygraph.api.settings import Settings

# Distinct query texts whose parsed document and validation result are kept (LRU): a front end
# sends a handful of texts over and over, and parsing plus validating one took ~2/3 of a
# whoOwns request.
QUERY_CACHE_SIZE = 256


class ParseCache(ParserCache):
    """strawberry's ParserCache, except that a text that does not parse is left to strawberry's
    own parse, which reports the syntax error as usual (GRAPHQL_PARSE_FAILED)."""

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query:
            try:
                ec.graphql_document = self.cached_parse_document(ec.query, **ec.parse_options)
            except GraphQLError:
                pass
        yield


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """strawberry's validators for query depth, document tokens and aliases, as factories
    (a fresh extension per request: an extension instance holds its request's context), and
    the parse and validation caches.

    The depth and alias rules are strawberry's (QueryDepthLimiter, MaxAliasesLimiter), made
    once here rather than per request, so the validation cache sees the same rules each time.
    """
    rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_depth, None, None),
        aliases_validator(settings.max_aliases),
    ]
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ParseCache(maxsize=QUERY_CACHE_SIZE),
        lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
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
