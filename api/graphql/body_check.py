"""A POSTed GraphQL body read once, and what is wrong with it before strawberry sees it.

strawberry answers an uncoded 500 to invalid UTF-8, to JSON that is not an object (null, 42)
and to JSON nested past Python's recursion limit; a lone surrogate (\\ud800) in a variable
fails later, when the answer is encoded. Each is the client's fault: BAD_REQUEST, one line.
"""

import json
from typing import Any

MAX_NESTING = 64
"""Deepest JSON a request may hold; a query's variables are a few levels deep."""


def _nesting(data: bytes) -> int:
    """The deepest [ / { nesting of JSON text, strings skipped; linear and recursion-free."""
    if data.count(b"[") + data.count(b"{") <= MAX_NESTING:
        return 0  # cannot be deeper (counted in C; the walk below is Python, per byte)
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # "
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def parse_body(body: bytes) -> tuple[Any, str | None]:
    """(the JSON of `body`, None), or (None, one line saying why it is not a GraphQL request
    object)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"the request body is not UTF-8 (invalid byte at offset {exc.start})"
    if _nesting(body) > MAX_NESTING:
        return None, f"the request JSON is nested deeper than {MAX_NESTING} levels"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None, "the request body is not valid JSON"
    if isinstance(data, list):
        return data, None  # a batch: strawberry answers that batching is off
    if not isinstance(data, dict):
        kind = json.dumps(data)[:30]
        return None, f"the request body must be a JSON object with a query, not {kind}"
    # a lone surrogate can only come from a \u escape (strict UTF-8 refused raw ones above)
    if b"\\u" in body and _lone_surrogate(data):
        return None, "the request holds a lone UTF-16 surrogate (\\ud800-\\udfff) in a string"
    return data, None
