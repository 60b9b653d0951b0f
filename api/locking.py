"""One lock around the backend: the embedded store (SQLite + networkx) is not thread-safe.

GraphQL resolvers run on the event loop thread, but Starlette runs sync routes in a thread
pool and other modules (web pages) may too; every backend call holds this lock, so no two
calls ever overlap, whichever thread makes them.
"""

import threading
from collections.abc import Callable
from typing import Any, cast

from dutygraph.graph.backends import GraphBackend


class Locked:
    """A proxy that calls the wrapped backend's methods while holding one lock."""

    def __init__(self, backend: GraphBackend) -> None:
        self._backend = backend
        self._lock = threading.RLock()

    @property
    def where(self) -> str:
        return self._backend.where

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._backend, name)
        if not callable(attr):
            return attr
        method = cast(Callable[..., Any], attr)

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return locked


def locked(backend: GraphBackend) -> GraphBackend:
    """`backend` behind one lock, typed as a backend."""
    return cast(GraphBackend, Locked(backend))
