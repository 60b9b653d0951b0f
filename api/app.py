"""The ASGI app: GraphQL (and GraphiQL) at /graphql, /healthz, and the leaders' web pages.

`create_app(backend, settings)` is all a server or a test needs; the pages (api/pages.py) and
GraphQL share one locked backend (`app.state.backend`) and one read gate.
"""

import json
from collections.abc import Sequence
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router, request_response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from dutygraph.api.accounts import Accounts, Identify
from dutygraph.api.auth import ReadGate, access_of
from dutygraph.api.errors import BAD_REQUEST, INTERNAL, INTERNAL_MESSAGE, error_body, log
from dutygraph.api.graphql import BodyLimit, Context, Loaders, build_schema, parse_body
from dutygraph.api.graphql.media import GRAPHQL_RESPONSE, is_request_error, wants_graphql_response
from dutygraph.api.locking import locked
from dutygraph.api.middleware import AllowedHosts, SecurityHeaders
from dutygraph.api.settings import Settings
from dutygraph.api.web import pages
from dutygraph.api.web import supervision as supervision_pages
from dutygraph.api.web.upload import upload_routes
from dutygraph.graph.backends import GraphBackend

GRAPHQL_PATH = "/graphql"
POST_OPERATIONS = frozenset(OperationType.from_http("POST"))


def _part(data: dict[str, Any], name: str, kind: type, what: str) -> Any:
    """`data[name]` when it is a `kind` or missing/null; else strawberry's 400 for it."""
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        raise HTTPException(
            400, f"The GraphQL operation's `{name}` must be {what} or null, if provided."
        )
    return value


class DutyGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view with our context, and JSON (not plain text) for HTTP errors."""

    def __init__(self, backend: GraphBackend, settings: Settings) -> None:
        # Multipart uploads (importNotice's file) are safe from cross-site forms here: every
        # mutation needs the Authorization bearer token, which a browser form cannot send.
        super().__init__(
            build_schema(settings), graphql_ide="graphiql", multipart_uploads_enabled=True
        )
        self.backend = backend
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        """The context of one request (`response`, strawberry's sub-response, is not used)."""
        scope: Scope = request.scope
        return Context(
            self.backend, self.settings, access_of(scope, self.settings), Loaders(self.backend)
        )

    def encode_json(self, data: object) -> bytes:
        """UTF-8 JSON with Chinese as itself (strawberry escapes it as \\uXXXX)."""
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL with its scripts served from the package (offline networks), not a CDN."""
        return pages.graphiql(request, str(request.scope.get("root_path", "")) + GRAPHQL_PATH)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        if wants_graphql_response(request.headers.get("accept")) and is_request_error(
            body.get("data"), body.get("errors")
        ):
            # GraphQL over HTTP: nothing executed, so no `data` entry, and HTTP 400 (in __call__).
            del body["data"]
            request.state.request_error = True
        return body

    async def post_json(self, request: Request, data: dict[str, Any]) -> Response:
        """A POSTed JSON request object, the one every client sends, answered as strawberry's
        `run` answers it (same checks, messages, execution and result), but without its
        request adapter, content-type parsing, transport lookup and second parse of the body
        (~1/10 of a whoOwns request)."""
        query = _part(data, "query", str, "a string")
        variables = _part(data, "variables", dict, "an object")
        extensions = _part(data, "extensions", dict, "an object")
        context = await self.get_context(request, None)
        try:
            result = await self.schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=data.get("operationName"),
                allowed_operation_types=POST_OPERATIONS,
                operation_extensions=extensions,
            )
        except CannotGetOperationTypeError as e:
            raise HTTPException(400, e.as_http_error_reason()) from e
        except InvalidOperationTypeError as e:
            raise HTTPException(400, e.as_http_error_reason("POST")) from e
        except MissingQueryError as e:
            raise HTTPException(400, "No GraphQL query found in the request") from e
        body = await self.process_result(request, result)
        return Response(self.encode_json(body), media_type="application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        modern = wants_graphql_response(request.headers.get("accept"))
        try:
            data, problem = None, None
            if scope["method"] == "POST" and request.headers.get("content-type", "").startswith(
                "application/json"
            ):
                data, problem = parse_body(await request.body())  # the body is kept for run()
            if problem is not None:
                body = error_body(BAD_REQUEST, problem)
                if modern:
                    del body["data"]
                response: Response = JSONResponse(body, 400)
            elif isinstance(data, dict):
                response = await self.post_json(request, data)
            else:  # GET, a multipart upload, a batch (refused by strawberry)
                response = await self.run(request)
        except HTTPException as e:  # not JSON, no query, wrong content type…
            body = error_body(BAD_REQUEST, e.reason)
            if modern:
                del body["data"]
            response = JSONResponse(body, e.status_code)
        except Exception as exc:  # never an uncoded 500: log it, answer coded JSON
            log.error("unexpected error answering %s", scope["path"], exc_info=exc)
            response = JSONResponse(error_body(INTERNAL, INTERNAL_MESSAGE), 500)
        if modern and response.headers.get("content-type", "").startswith("application/json"):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, "request_error", False):
                response.status_code = 400
        await response(scope, receive, send)


def create_app(
    backend: GraphBackend, settings: Settings, extra_routes: Sequence[BaseRoute] = ()
) -> Starlette:
    """GraphQL + GraphiQL at /graphql, /healthz and the web pages over `backend` (one lock)."""
    shared = locked(backend)
    accounts = Accounts(shared, settings)
    graphql = ReadGate(DutyGraphQL(shared, settings), settings)

    def healthz(request: Request) -> Response:
        # Counts only: the store's absolute path is the server's business, not a client's.
        # Sync, so Starlette runs it in a thread: waiting for the store's lock (an import
        # loading) does not hold up the event loop.
        if getattr(shared, "building", False):  # api/warming: point questions answer already
            return JSONResponse({"status": "ok", "graph": "building"})
        nodes, edges = shared.counts()
        return JSONResponse({"status": "ok", "nodes": nodes, "edges": edges})

    routes: list[BaseRoute] = [
        Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"]),
        Route(
            "/healthz", ReadGate(request_response(healthz), settings, ide=False), methods=["GET"]
        ),
        *extra_routes,
        *supervision_pages.routes(shared, accounts),
        # The upload form checks the token itself (it travels in the form, not a header).
        *upload_routes(shared, settings),
        Mount("", ReadGate(Router(pages.routes(shared)), settings, ide=False)),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            # Outermost first: headers go on every answer, refusals included.
            Middleware(SecurityHeaders, settings=settings, ide_path=GRAPHQL_PATH),
            Middleware(AllowedHosts, hosts=settings.allowed_hosts),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes, seconds=settings.body_seconds),
            Middleware(Identify, accounts=accounts),
        ],
    )
    app.state.backend = shared
    app.state.settings = settings
    return app
