"""Keep the garbage collector off the long-lived graph: gc.freeze() after each load or open.

A province graph is ~10^6 tracked objects; every full collection walks them all (~1 s), and
under load they ran every few seconds. Frozen objects are never walked. A graph frozen once
and later replaced can only be reclaimed after gc.unfreeze(), so a reload collects first.
"""

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_frozen = False
_small_writes = 0

SMALL_WRITES_PER_COLLECT = 1000
"""Small writes between two full collections (see `refreeze`)."""


def _new_lock_after_fork() -> None:
    # A process forked to compute on the graph (api.computing) has only the forking thread: a
    # lock another thread held at the fork would stay held there forever.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def freeze_long_lived() -> None:
    """Call after the server or CLI opened a store, and after every write that replaced its graph."""
    global _frozen, _small_writes
    with _lock:
        _small_writes = 0
        if _frozen:
            # The replaced graph (and anything cyclic it held) was frozen: make it collectable,
            # collect it now, once, rather than leak it or leave it to a later stall.
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        _frozen = True


def freeze_derived() -> None:
    """Freeze, with the graph, what a first analysis built to live as long as the graph (its
    graph.derived indexes, ~10^6 objects on a province), where the process froze the graph.

    Call inside `paused_gc`: otherwise the collection due when the pause ends walks them all
    (~0.15 s of a province's first find_gaps). Whatever else is young then is frozen too; the
    next load's freeze_long_lived unfreezes and collects it.
    """
    with _lock:
        if _frozen:
            gc.freeze()


_pauses = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic collection inside the block: building a graph allocates ~10^6 objects, and
    the collections they trigger walk the half-built graph again and again (~half of an open);
    a gap analysis allocates ~10^5, and a full collection in its middle stalls every thread.
    Nested and concurrent blocks (threads) count: the last one out restores the collector."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def refreeze(rebuilt: bool = True) -> None:
    """After a write replaced the graph: collect and freeze again if the process froze before.

    A small write (`rebuilt` False) makes a graph that shares nearly everything with the frozen
    one, and the store let go of the old graph's cycles (`let_go`), so reference counts free
    it: a full collection would walk the whole heap (~170 ms on the samples, ~1 s on the
    province) for a few facts. Every SMALL_WRITES_PER_COLLECT small writes it collects anyway,
    so whatever cycles still hold stays bounded.
    """
    global _small_writes
    if not _frozen:
        return
    with _lock:
        if not rebuilt and _small_writes < SMALL_WRITES_PER_COLLECT:
            _small_writes += 1
            return
        _small_writes = 0
    freeze_long_lived()


def let_go(graph: object) -> None:
    """Drop networkx's cached views of a replaced graph: each refers back to its graph (a cycle
    that only a full collection could free). A reader still holding it makes new ones."""
    cached = getattr(graph, "__dict__", {})
    for name in [k for k in cached if k not in _GRAPH_STATE]:
        cached.pop(name, None)


_GRAPH_STATE = frozenset({"graph", "_node", "_adj", "_succ", "_pred", "__networkx_cache__"})


def thaw() -> None:
    """Let the collector see everything again (tests; a process that stops serving)."""
    global _frozen
    with _lock:
        gc.unfreeze()
        _frozen = False


def frozen_objects() -> int:
    """How many objects the collector skips (gc.get_freeze_count), for /healthz and the bench."""
    return gc.get_freeze_count()
