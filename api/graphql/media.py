"""GraphQL over HTTP media types: application/graphql-response+json when the client accepts it.

With that type a request error (parse, validation, variable coercion: nothing executed) is
HTTP 400 and its body has no `data` entry; with plain application/json it stays 200 as before.
"""

from collections.abc import Mapping, Sequence

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _accepted(accept: str) -> dict[str, float]:
    """{media type: q} of an Accept header; a malformed q counts as 0 (not acceptable)."""
    out: dict[str, float] = {}
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if kind:
            out[kind.lower()] = max(q, out.get(kind.lower(), 0.0))
    return out


def wants_graphql_response(accept: str | None) -> bool:
    """True when the client accepts graphql-response+json at least as much as plain JSON.

    No Accept header (or only */*) means application/json: legacy clients keep the old answer.
    """
    q = _accepted(accept or "")
    ours = q.get(GRAPHQL_RESPONSE, 0.0)
    return ours > 0 and ours >= max(q.get(JSON, 0.0), q.get("application/*", 0.0))


def is_request_error(data: object, errors: Sequence[object] | None) -> bool:
    """A result that never executed: no data and errors without a path (field errors have one)."""
    return (
        data is None
        and bool(errors)
        and all(isinstance(e, Mapping) and e.get("path") is None for e in errors or ())
    )
