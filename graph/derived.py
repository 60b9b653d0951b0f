"""Indexes computed from one graph object, kept while that object is the latest one asked about.

A store replaces its graph object on every load or edit, never changes it in place, so what is
computed from a graph object (gap indexes, traffic-light indexes, date-independent findings)
stays true for as long as the object lives. One slot: asking about another graph drops the
previous graph's indexes, so an old graph is not kept alive after a load.
"""

import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_slot: tuple[object | None, dict[Hashable, Any]] = (None, {})


def _new_lock_after_fork() -> None:
    # A process forked to compute on the graph (api.computing) has only the forking thread: a
    # lock another thread held at the fork would stay held there forever.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def per_graph(graph: object, key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, computed once for this graph object and key (by the first caller to ask)."""
    global _slot
    with _lock:
        owner, values = _slot
        if owner is not graph:
            values = {}
            _slot = (graph, values)
        if key in values:
            found: T = values[key]
            return found
    # Built outside the lock: a long build must not block readers of other keys. Two threads
    # asking at once may both build; both results are equal and the last one is kept.
    from dutygraph.graph.store.settle import freeze_derived, paused_gc  # settle's room uses us

    # It lives as long as the graph: frozen with it (where the process froze the graph), or
    # every full collection of a server walks it again (a county roll-up's light index left
    # whoOwns with 35-90 ms stalls at p99 against 8 ms without it).
    with paused_gc():
        value = make()
        freeze_derived()
    with _lock:
        if _slot[0] is graph:
            _slot[1][key] = value
    return value


def has(graph: object, key: Hashable) -> bool:
    """Whether `key` was computed for this graph object (and is still kept)."""
    with _lock:
        return _slot[0] is graph and key in _slot[1]


def forget() -> None:
    """Drop every kept index (the graph they were built from is being let go)."""
    global _slot
    with _lock:
        _slot = (None, {})


NodeList = list[tuple[str, dict[str, Any]]]


def nodes_by_kind(graph: Any) -> dict[str, NodeList]:
    """Kind -> (node id, attributes) in the graph's node order: the one pass over every node
    that the gap, light and actuals indexes of this graph object share."""

    def scan() -> dict[str, NodeList]:
        out: dict[str, NodeList] = {}
        for n, a in graph._node.items():  # networkx's own dict: 10^5 nodes, no view wrappers
            kind = str(a.get("kind"))
            found = out.get(kind)
            if found is None:
                found = out[kind] = []
            found.append((str(n), a))
        return out

    return per_graph(graph, "nodes_by_kind", scan)
