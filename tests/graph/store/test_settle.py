"""gc.freeze after a load: the frozen graph is skipped by the collector, and a replaced one freed."""

import gc
import weakref

import networkx as nx

from dutygraph.graph.store import freeze_long_lived, frozen_objects, paused_gc, refreeze, thaw


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
