"""gc.freeze after a load: the frozen graph is skipped by the collector, and a replaced one freed."""

import gc
import weakref

import networkx as nx
import pytest

from dutygraph.graph.store import (
    freeze_long_lived,
    frozen_objects,
    let_go,
    paused_gc,
    refreeze,
    settle,
    thaw,
)


def test_a_replaced_frozen_graph_is_collected_at_the_next_freeze() -> None:
    thaw()
    try:
        refreeze()  # nothing frozen yet: does nothing
        assert frozen_objects() == 0
        old = nx.MultiDiGraph()
        old.add_edge("u:a", "t:1", key="OWNS")
        assert list(old.edges)  # the cached edge view refers back to the graph: a cycle
        gone = weakref.ref(old)
        freeze_long_lived()
        assert frozen_objects() > 0
        del old
        gc.collect()
        assert gone() is not None  # frozen: the collector does not see the cycle
        refreeze()  # after a write: unfreeze, collect the replaced graph, freeze again
        assert gone() is None
        assert frozen_objects() > 0
    finally:
        thaw()
    assert frozen_objects() == 0


def test_paused_gc_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()


def _cyclic() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_edge("u:a", "t:1", key="OWNS")
    assert list(g.edges)
    return g


def test_let_go_frees_a_replaced_graph_by_reference_counts() -> None:
    g = _cyclic()
    gone = weakref.ref(g)
    gc.disable()
    try:
        let_go(g)
        assert g.has_edge("u:a", "t:1") and list(g.edges)  # a reader may still use it
        let_go(g)
        del g
        assert gone() is None
    finally:
        gc.enable()


def test_small_writes_collect_only_every_so_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settle, "SMALL_WRITES_PER_COLLECT", 2)
    thaw()
    try:
        old = _cyclic()
        gone = weakref.ref(old)
        freeze_long_lived()
        del old
        refreeze(rebuilt=False)
        refreeze(rebuilt=False)
        assert gone() is not None  # two small writes: no collection walked the heap
        refreeze(rebuilt=False)
        assert gone() is None  # the third collects what cycles held
        old = _cyclic()
        gone = weakref.ref(old)
        freeze_long_lived()
        del old
        refreeze(rebuilt=True)
        assert gone() is None  # a rebuilt graph is collected at once
    finally:
        thaw()
