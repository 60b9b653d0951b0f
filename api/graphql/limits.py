"""Request limits: GraphQL depth, token and alias limits, and a cap on the request body."""

from collections.abc import Callable, Iterator

import anyio
from graphql import DocumentNode
from graphql.validation import ASTValidationRule
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from dutygraph.api.auth import send_json
from dutygraph.api.errors import REQUEST_TIMEOUT, REQUEST_TOO_LARGE, coded, error_body
from dutygraph.api.settings import Settings

# Distinct query texts whose parsed and validated document is kept (LRU): a front end sends a
# handful of texts over and over, and parsing plus validating one took ~2/3 of a whoOwns request.
QUERY_CACHE_SIZE = 256


class CheckedQueries:
    """Query text -> its document, for texts that parsed and validated without an error under
    one schema's rules (one instance per schema: never shared across schema versions). A text
    that fails is not kept, so it is parsed and validated, and fails, every time."""

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self.size = size
        self._documents: dict[str, DocumentNode] = {}

    def get(self, query: str) -> DocumentNode | None:
        document = self._documents.pop(query, None)
        if document is not None:
            self._documents[query] = document  # most recently used last
        return document

    def add(self, query: str, document: DocumentNode) -> None:
        self._documents[query] = document
        while len(self._documents) > self.size:
            del self._documents[next(iter(self._documents))]  # the least recently used

    def __len__(self) -> int:
        return len(self._documents)


class RequestChecks(SchemaExtension):
    """One extension per request for what every request needs: the token limit on parsing,
    the depth and alias rules on validation (strawberry's own parse and validation run them),
    a document checked before for the same text taken from `checked` instead, and every error
    of the result given its code (api.errors.coded).

    One extension rather than strawberry's five (MaxTokensLimiter, AddValidationRules,
    ParserCache, ValidationCache, our error codes): each costs hook wrappers per request,
    and its validation cache hashed the whole document tree per request.
    """

    def __init__(
        self,
        settings: Settings,
        rules: tuple[type[ASTValidationRule], ...],
        checked: CheckedQueries,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.rules = rules
        self.checked = checked
        self._cached = False

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        ec.parse_options["max_tokens"] = self.settings.max_tokens
        ec.validation_rules = ec.validation_rules + self.rules
        yield
        result = ec.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [coded(e) for e in errors]

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query and ec.graphql_document is None:
            ec.graphql_document = self.checked.get(ec.query)
            self._cached = ec.graphql_document is not None
        yield  # not cached: strawberry parses it (a syntax error reported as usual)

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if self._cached:
            ec.pre_execution_errors = []  # validated without an error before, same rules
        yield
        if not self._cached and ec.query and ec.graphql_document is not None:
            if ec.pre_execution_errors == []:
                self.checked.add(ec.query, ec.graphql_document)


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The request checks of one schema, as a factory (strawberry makes one extension per
    request: it holds its request's context).

    The depth and alias rules are strawberry's (QueryDepthLimiter, MaxAliasesLimiter), made
    once here; the cache of checked documents belongs to this schema alone.
    """
    rules: tuple[type[ASTValidationRule], ...] = (
        depth_validator(settings.max_depth, None, None),
        aliases_validator(settings.max_aliases),
    )
    checked = CheckedQueries()
    return [lambda: RequestChecks(settings, rules, checked)]


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
