"""One place that turns failures into GraphQL error codes (`extensions.code`), never a trace.

Typed library errors keep their one-line message; anything unexpected is logged on the server
and answered as INTERNAL_SERVER_ERROR with a fixed message.
"""

import logging

from graphql import GraphQLError

from dutygraph.graph.errors import Ambiguous, EditRefused, GraphError, NotFound, StoreError
from dutygraph.graph.supervision import Forbidden
from dutygraph.loaders import NoticeError
from dutygraph.loaders.sheets import ImportRejected

log = logging.getLogger("dutygraph.api")

NOT_FOUND = "NOT_FOUND"
BAD_INPUT = "BAD_INPUT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
NOTICE_UNREADABLE = "NOTICE_UNREADABLE"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_REQUEST = "BAD_REQUEST"
READ_TIMEOUT = "READ_TIMEOUT"
COMPUTE_TIMEOUT = "COMPUTE_TIMEOUT"
COMPUTE_FAILED = "COMPUTE_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
STORE_ERROR = "STORE_ERROR"

INTERNAL_MESSAGE = "internal error; the server log has the details"


class ApiError(Exception):
    """An error the API raises itself, with its code (bad argument combination, no token…)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def _validation_code(message: str) -> str:
    """Errors raised before execution carry no exception: tell them apart by their text."""
    if "exceeds maximum operation depth" in message:
        return QUERY_TOO_DEEP
    if "tokens" in message and "more than" in message:
        return QUERY_TOO_LARGE
    if "aliases found. Allowed" in message:
        return QUERY_TOO_LARGE
    if message.startswith("Syntax Error"):
        return PARSE_FAILED
    return VALIDATION_FAILED


def classify(error: GraphQLError) -> tuple[str, str]:
    """(code, message) for one error of a GraphQL result."""
    exc = error.original_error
    if exc is None:
        return _validation_code(error.message), error.message
    if isinstance(exc, ApiError):
        return exc.code, exc.message
    if isinstance(exc, NoticeError):
        return NOTICE_UNREADABLE, str(exc)
    if isinstance(exc, StoreError):  # the fault, not the server's file path
        return STORE_ERROR, f"store: {exc.fault}"
    if isinstance(exc, ImportRejected):  # recordProgress: one row, so its reasons, not the file's
        return BAD_INPUT, "; ".join(p.reason for p in exc.problems)
    if isinstance(exc, Forbidden):  # may(): a unit writing for another unit, a leader writing
        return FORBIDDEN, str(exc)
    if isinstance(exc, NotFound):
        return NOT_FOUND, str(exc)
    if isinstance(exc, Ambiguous | EditRefused | GraphError):
        return BAD_INPUT, str(exc)
    # lineage and impact raise LookupError itself when no notice / unit matches; a KeyError or
    # IndexError is a fault inside the server, not a missing thing (issue 17: "kind" NOT_FOUND).
    if isinstance(exc, LookupError) and not isinstance(exc, KeyError | IndexError):
        return NOT_FOUND, str(exc.args[0]) if exc.args else str(exc)
    if isinstance(exc, GraphQLError):  # argument coercion inside execution
        return BAD_INPUT, exc.message
    log.error("unexpected error in %s", error.path, exc_info=exc)
    return INTERNAL, INTERNAL_MESSAGE


def coded(error: GraphQLError) -> GraphQLError:
    """The same error with `extensions.code` set and the message made safe to show; a NotFound
    with near names carries them as `extensions.suggestions` (did you mean)."""
    code, message = classify(error)
    near = getattr(error.original_error, "suggestions", None)
    extra = (
        {"suggestions": list(near)} if isinstance(error.original_error, NotFound) and near else {}
    )
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code, **extra},
    )


def error_body(code: str, message: str) -> dict[str, object]:
    """A GraphQL-shaped response body for errors answered before GraphQL runs (HTTP level)."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
