"""Who waits for whom at the backend: writers for each other, readers for nobody.

A write (load, import, edit) replaces the embedded store's graph object whole, never changes
it in place, so a reader needs no lock: it answers from the graph and the derived indexes as
they were after the last finished write (a shallow copy of the store, pinned to that pair:
mid-write the store may briefly hold a new graph beside the old graph's indexes). Calls that touch the
SQLite connection (writes, `notices`, `edits`) share one lock, since the connection is shared.
After a write that rebuilt the graph, the new graph is frozen away from the garbage collector
(graph.store.settle) when the process froze its graph before; a small write's is not (refreeze). Neo4j reads go to the driver, which is thread-safe.
"""

import copy
import threading
from collections.abc import Callable
from typing import Any, cast

from dutygraph.graph.backends import Embedded, GraphBackend
from dutygraph.graph.store import paused_gc, refreeze

WRITES = frozenset({"load", "load_facts", "record_edit"})
"""Backend methods that replace the graph."""
CONNECTION_READS = frozenset({"notices", "edits"})
"""Backend reads that go to the embedded store's SQLite connection."""


class Locked:
    """A proxy over a backend: writes and connection reads under one lock, graph reads free."""

    def __init__(self, backend: GraphBackend) -> None:
        self._backend = backend
        self._lock = threading.RLock()
        self._pinned = self._current()

    def _embedded(self) -> Embedded | None:
        """The embedded backend behind the proxy (a warming server's once its graph is built)."""
        b = self._backend
        b = getattr(b, "settled", b)  # api/warming.Warming: None while the graph is built
        return b if isinstance(b, Embedded) else None

    def _current(self) -> tuple[Any, Any] | None:
        b = self._embedded()
        return (b.store.graph, b.store.derived) if b is not None else None

    def _rebuilds(self) -> int:
        """Graphs the embedded store built whole so far (Neo4j keeps none in memory: 0)."""
        b = self._embedded()
        return b.store.rebuilds if b is not None else 0

    @property
    def where(self) -> str:
        return self._backend.where

    def _reader(self) -> Any:
        """The backend pinned to the current graph: an Embedded over a shallow copy of its store
        (same connection, the current graph and derived indexes), or the backend itself."""
        b, pinned = self._embedded(), self._pinned
        if b is not None and pinned is None:  # a warming server's graph has just been built
            self._pinned = pinned = self._current()
        if b is not None and pinned is not None:
            view = copy.copy(b.store)
            view.graph, view.derived = pinned
            return Embedded(view)
        return self._backend

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._backend, name)
        if not callable(attr):
            return attr
        if name in WRITES:

            def write(*args: Any, **kwargs: Any) -> Any:
                with self._lock:
                    rebuilds = self._rebuilds()
                    try:
                        with paused_gc():  # the write may rebuild the graph in one go
                            return attr(*args, **kwargs)
                    finally:
                        self._pinned = self._current()
                        refreeze(rebuilt=self._rebuilds() != rebuilds)

            return write
        if name in CONNECTION_READS:

            def read_connection(*args: Any, **kwargs: Any) -> Any:
                with self._lock:
                    return attr(*args, **kwargs)

            return read_connection

        def read(*args: Any, **kwargs: Any) -> Any:
            method = cast(Callable[..., Any], getattr(self._reader(), name))
            return method(*args, **kwargs)

        return read


def locked(backend: GraphBackend) -> GraphBackend:
    """`backend` behind the write lock, typed as a backend."""
    return cast(GraphBackend, Locked(backend))
