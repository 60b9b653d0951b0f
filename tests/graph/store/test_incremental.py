"""Small import writes update the graph by the facts they touch (issue 17, concurrency), and
give exactly the graph a full rebuild from the file gives, without changing the previous one."""

import copy
import gc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.derived import per_graph
from dutygraph.graph.imports import (
    import_enterprises,
    import_liaisons,
    import_progress,
    record_progress,
)
from dutygraph.graph.imports.edits import assign_owner
from dutygraph.graph.store import Store
from dutygraph.graph.store.incremental import same_graph
from dutygraph.schema import ParseResult

ROOT = Path(__file__).resolve().parents[3]
PROGRESS = ROOT / "examples" / "progress" / "shizhong_progress_example.xlsx"
PROGRESS_CSV = ROOT / "examples" / "progress" / "chunsun_progress_example.csv"
ENTERPRISES = ROOT / "examples" / "enterprises" / "shizhong_enterprises_example.xlsx"
LIAISONS = ROOT / "examples" / "liaisons" / "chunsun_liaisons_example.xlsx"


def _state(g: object) -> object:
    return copy.deepcopy(
        (
            sorted(g.nodes(data=True), key=lambda x: x[0]),  # type: ignore[attr-defined]
            sorted(
                (u, v, k, repr(d))
                for u, v, k, d in g.edges(keys=True, data=True)  # type: ignore[attr-defined]
            ),
        )
    )


@pytest.fixture
def counted(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many full rebuilds of `store` happened (a fresh Store's own opening not counted)."""
    calls: list[int] = []
    real = Store.refresh

    def counting(self: Store) -> None:
        if self is store:
            calls.append(1)
        real(self)

    monkeypatch.setattr(Store, "refresh", counting)
    return calls


def test_small_writes_match_a_full_rebuild(
    store: Store, counted: list[int], results: list[ParseResult]
) -> None:
    db = Embedded(store)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("progress", lambda: import_progress(db, PROGRESS)),
        ("progress csv", lambda: import_progress(db, PROGRESS_CSV)),
        ("record", lambda: record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", 7)),
        ("record again", lambda: record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", 8)),
        ("record 合计", lambda: record_progress(db, "合计", "知识产权质押贷款", "2024", 1e8)),
        ("enterprises", lambda: import_enterprises(db, ENTERPRISES)),
        ("liaisons", lambda: import_liaisons(db, LIAISONS)),
        ("same file again", lambda: import_progress(db, PROGRESS)),
    ]
    for name, step in steps:
        before_graph = store.graph
        before = _state(before_graph)
        step()
        assert store.graph is not before_graph, name
        assert _state(before_graph) == before, f"{name}: the previous graph changed"
        with Store(store.path) as fresh:
            assert list(same_graph(store.graph, fresh.graph)) == [], name
    assert counted == [], "every step above is a small import: no full rebuild"


def test_writes_near_a_hand_edit_or_a_notice_rebuild(
    store: Store, counted: list[int], results: list[ParseResult]
) -> None:
    db = Embedded(store)
    import_progress(db, PROGRESS)
    assert counted == []
    assign_owner(db, "t:na3a8e7f37d:三.(三).1", "税郭镇", "co")
    # The edit names 税郭镇, which this report names too: the whole graph is rebuilt.
    record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", 9)
    assert len(counted) == 1
    store.load(results[:1])
    assert len(counted) == 2
    with Store(store.path) as fresh:
        assert list(same_graph(store.graph, fresh.graph)) == []


def test_a_small_write_lets_the_old_graph_go_without_a_collection(
    store: Store, results: list[ParseResult]
) -> None:
    db = Embedded(store)
    rebuilds = store.rebuilds
    old = store.graph
    assert list(old.edges(keys=True))  # a reader's cached edge view: a cycle back to the graph
    gone = weakref.ref(old)
    del old
    gc.disable()  # as after gc.freeze: only reference counts may free it
    try:
        record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", 7)
        per_graph(store.graph, "next question", object)  # the one-slot index cache moves on
        assert gone() is None
    finally:
        gc.enable()
    assert store.rebuilds == rebuilds, "a small write is not a rebuild: the server skips gc"
    assign_owner(db, "t:na3a8e7f37d:三.(三).1", "税郭镇", "co")
    assert store.rebuilds == rebuilds + 1  # the edit copied the graph whole
    store.load(results[:1])
    assert store.rebuilds == rebuilds + 2
