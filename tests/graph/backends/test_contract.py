"""One contract, two stores: the embedded store and Neo4j answer the same questions alike.

The Neo4j half runs when NEO4J_URI points at a server (make test starts one); otherwise it
is skipped with the reason shown in the test report.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.backends import GraphBackend as Contract
from dutygraph.graph.backends.neo4j import store as neo4j_store
from dutygraph.graph.store import embedded as store_mod
from dutygraph.schema import ParseResult

from ..conftest import BACKENDS, loaded_backend

N004 = "na3a8e7f37d"


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    results: list[ParseResult],
) -> Iterator[Contract]:
    path = tmp_path_factory.mktemp("contract") / "g.sqlite"
    with loaded_backend(request.param, path, results) as backend:
        yield backend


def _collective_tasks(r004: ParseResult) -> set[str]:
    return {
        f"t:{t.id}"
        for t in r004.tasks
        if t.path.startswith("三.") and any(o.unit == "各镇街" for o in t.owners)
    }


def test_all_five_notices_loaded(store: Contract) -> None:
    assert len(store.notices()) == 5
    nodes, edges = store.counts()
    assert nodes > 300 and edges > 600


def test_reload_leaves_counts_unchanged(store: Contract, results: list[ParseResult]) -> None:
    before = store.counts()
    store.load(results)
    assert store.counts() == before
    store.load(results[::-1])
    assert store.counts() == before


def test_township_duties_include_the_collective_tasks(store: Contract, r004: ParseResult) -> None:
    expected = _collective_tasks(r004)
    assert len(expected) == 11
    duties = {d.item_id: d for d in store.responsibilities("税郭镇")}
    assert expected <= set(duties)
    assert all(duties[t].via == "枣庄市市中区各镇街" for t in expected)
    assert f"t:{N004}:三.(四).1" not in duties


def test_failed_load_leaves_store_unchanged(
    store: Contract,
    results: list[ParseResult],
    r004: ParseResult,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure half-way inside the store's one write transaction leaves no trace."""
    counts, notices = store.counts(), store.notices()
    duties = store.responsibilities("税郭镇")
    revised = r004.model_copy(update={"tasks": r004.tasks[1:]})
    calls: list[str] = []
    # Each store's transaction calls its module's _write once per notice.
    embedded = isinstance(store, Embedded)
    mod: Any = store_mod if embedded else neo4j_store
    fail_at = 3 if embedded else 2
    real_write = mod._write

    def flaky(conn_or_tx: Any, facts: Any, *rest: Any) -> Any:
        calls.append(facts.notice_id)
        if len(calls) == fail_at:
            raise RuntimeError("injected failure")
        return real_write(conn_or_tx, facts, *rest)

    monkeypatch.setattr(mod, "_write", flaky)
    with pytest.raises(RuntimeError, match="injected"):
        store.load([*results, revised])
    monkeypatch.undo()
    assert len(calls) == fail_at  # earlier notices were written before the failure
    assert store.counts() == counts
    assert store.notices() == notices
    assert store.responsibilities("税郭镇") == duties


N000 = "n215db929d3"


@pytest.mark.parametrize("unit", ["枣庄市薛城区市场监督管理局", "薛城区市场监管局"])
def test_district_bureau_duties_through_district_collective(store: Contract, unit: str) -> None:
    duties = {d.item_id: d for d in store.responsibilities(unit)}
    task = duties[f"t:{N000}:二.(一)"]
    assert task.via == "枣庄市各区（市）市场监督管理局"
    assert task.path == "二.(一)"


def test_owners_of_a_task(store: Contract) -> None:
    found = [o for o in store.owners("三.(四).1") if o.notice == N004]
    assert len(found) == 1
    units = {r.unit for r in found[0].owners}
    assert "枣庄市市中区市场监督管理局" in units
    assert "枣庄市市中区各镇街" not in units


def test_rollup_open_licences(store: Contract) -> None:
    (r,) = store.rollup("知识产权专利开放许可", period="2024—2026")
    assert r.computed == 165 == r.stated
    assert r.diff_stated == 0
    assert r.headline == ("专利开放许可", 200)
    assert r.diff_headline == -35


def test_rollup_region_filter(store: Contract) -> None:
    (r,) = store.rollup("新增有效发明专利数量", region="市中区", period="2024")
    assert r.computed == 140 == r.stated
    assert store.rollup("新增有效发明专利数量", region="邹城市") == []


def test_lineage_of_000(store: Contract) -> None:
    got = store.lineage("枣市监中心字〔2019〕1号")
    assert got.notice_id == "n:枣市监中心字〔2019〕1号"
    assert [c.doc_number for c in got.cites] == ["鲁市监办字〔2019〕310号", "鲁政办字〔2019〕115号"]
    assert [(c.doc_number, c.basis) for c in got.implements] == [
        ("鲁市监办字〔2019〕310号", "text")
    ]
    assert all(not c.known for c in got.cites)
    up = store.lineage("鲁市监办字〔2019〕310号")
    assert [c.notice_id for c in up.implemented_by] == ["n:枣市监中心字〔2019〕1号"]
    with pytest.raises(LookupError):
        store.lineage("没有这个通知")


def test_impact_of_a_township(store: Contract, r004: ParseResult) -> None:
    got = store.impact("税郭镇")
    assert "u:枣庄市市中区各镇街" in got.level("collectives").ids()
    tasks = {n.id: n for n in got.level("tasks").nodes}
    expected = _collective_tasks(r004)
    assert len(expected) == 11 and expected <= set(tasks)
    assert all(tasks[t].via == "枣庄市市中区各镇街" for t in expected)
    assert f"t:{N004}:三.(四).1" not in tasks
    assert len(got.level("rolls_up_into").nodes) == 14
    assert got.level("notices").ids() == [f"n:{N004}"]


@pytest.mark.parametrize(
    ("uri", "driver"), [("bolt://db:7687", "BoltDriver"), ("neo4j://cluster:7687", "Neo4jDriver")]
)
def test_neo4j_store_takes_direct_and_routing_uris(
    uri: str, driver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No server needed: the driver connects lazily; schema set-up is skipped here."""
    from dutygraph.graph.backends import Neo4jStore

    monkeypatch.setattr(Neo4jStore, "ensure_schema", lambda self: None)
    monkeypatch.setenv("NEO4J_URI", uri)
    with Neo4jStore(password="x") as s:
        assert type(s.driver).__name__ == driver


def test_snapshot_matches_counts(store: Contract) -> None:
    g = store.snapshot()
    assert (g.number_of_nodes(), g.number_of_edges()) == store.counts()
    assert g.nodes["u:枣庄市市中区税郭镇"]["kind"] == "Unit"
    assert g.nodes["u:枣庄市市中区税郭镇"]["label"] == "枣庄市市中区税郭镇"


def test_maps_draw_alike_from_either_store(store: Contract) -> None:
    """The map builders use only backend methods and the snapshot (visualize.maps)."""
    from dutygraph.visualize.maps import build_map
    from dutygraph.visualize.style import GAP_RED

    assert store.find_units("税郭镇") == ["u:枣庄市市中区税郭镇"]
    assert store.find_notices("枣市监中心字〔2019〕1号") == ["n:枣市监中心字〔2019〕1号"]
    assert "王光明 组长" in build_map(store, "org", "春笋行动").graph.source
    rollup = build_map(store, "rollup", "知识产权专利开放许可").graph.source
    assert "缺口35项" in rollup and GAP_RED in rollup
    assert "另有2项" in build_map(store, "unit", "税郭镇").graph.source
    assert "三.(三).1 提升行政保护质效" in build_map(store, "notice", "n:na3a8e7f37d").graph.source


# -- browsing, batched look-ups and hand edits (graph/browse.py, graph/edits.py) ------------

T004 = f"t:{N004}:三.(三).1"
SHUIGUO = "u:枣庄市市中区税郭镇"


def test_get_nodes_gives_typed_rows_and_leaves_out_unknown_ids(store: Contract) -> None:
    from dutygraph.graph.queries import TaskInfo, UnitInfo

    got = store.get_nodes([T004, SHUIGUO, "t:no-such-task"])
    assert set(got) == {T004, SHUIGUO}
    task, unit = got[T004], got[SHUIGUO]
    assert isinstance(task, TaskInfo) and isinstance(unit, UnitInfo)
    assert (task.path, task.title, task.notice) == ("三.(三).1", "提升行政保护质效", N004)
    assert unit.name == "枣庄市市中区税郭镇" and "税郭镇" in unit.aliases


def test_list_nodes_filters_and_pages(store: Contract) -> None:
    from dutygraph.graph.queries import NodeFilter

    by_parse_id = store.list_nodes(["Task"], NodeFilter(notice=N004), 0, 100)
    by_node_id = store.list_nodes(["Task"], NodeFilter(notice=f"n:{N004}"), 0, 100)
    assert by_parse_id.total == by_node_id.total == 14
    assert [t.id for t in by_parse_id.items] == [t.id for t in by_node_id.items]
    first, second = (store.list_nodes(["Task"], NodeFilter(), off, 50) for off in (0, 50))
    assert first.total == second.total == 82
    assert len(first.items) == 50 and len(second.items) == 32
    ids = [t.id for t in first.items + second.items]
    assert ids == sorted(ids) and len(set(ids)) == 82
    unowned = store.list_nodes(["Task"], NodeFilter(owned=False), 0, 100)
    assert unowned.total == 31 and not any(store.owners_of([t.id for t in unowned.items]).values())
    assert store.list_nodes(["Unit"], NodeFilter(collective=True), 0, 100).total == 13
    assert store.list_nodes(["Notice"], NodeFilter(loaded=True), 0, 100).total == 5
    assert store.list_nodes(["Notice"], NodeFilter(loaded=False), 0, 100).total == 8


def test_search_finds_unit_names_and_task_text(store: Contract) -> None:
    hits = store.search("税郭镇", 0, 10)
    assert [(h.node.id, h.kind, h.field) for h in hits.items] == [(SHUIGUO, "Unit", "label")]
    words = store.search("铁拳", 0, 10)
    assert T004 in {h.node.id for h in words.items}
    hit = next(h for h in words.items if h.node.id == T004)
    assert hit.field == "text" and "铁拳" in hit.snippet


def test_batched_owners_and_duties_agree_with_the_single_questions(store: Contract) -> None:
    items = [T004, f"t:{N004}:三.(四).1"]
    batch = store.owners_of(items)
    for item in items:
        (one,) = [o for o in store.owners(item) if o.item_id == item]
        assert batch[item] == one.owners
    assert len(batch[T004]) == 9
    duties = store.duties_of([SHUIGUO])[SHUIGUO]
    assert duties == store.responsibilities("税郭镇")


@pytest.fixture(params=BACKENDS)
def fresh(
    request: pytest.FixtureRequest, tmp_path: Any, results: list[ParseResult]
) -> Iterator[Contract]:
    """A store of its own per test, for tests that edit it."""
    with loaded_backend(request.param, tmp_path / "g.sqlite", results) as backend:
        yield backend


def _owner_units(store: Contract, item: str) -> set[tuple[str, str]]:
    return {(r.unit, r.role) for r in store.owners_of([item])[item]}


def test_assign_and_remove_owner_survive_a_reload(
    fresh: Contract, results: list[ParseResult]
) -> None:
    from dutygraph.graph.imports import edits

    before = _owner_units(fresh, T004)
    edits.assign_owner(fresh, T004, "税郭镇", "lead")
    edits.remove_owner(fresh, T004, "区司法局")
    expected = (before - {("枣庄市市中区司法局", "owner")}) | {("枣庄市市中区税郭镇", "lead")}
    assert _owner_units(fresh, T004) == expected
    assert T004 in {d.item_id for d in fresh.responsibilities("税郭镇") if d.via is None}
    fresh.load(results)  # the notice says it again; the hand edits still apply
    assert _owner_units(fresh, T004) == expected
    assert [e.op for e in fresh.edits()] == ["assign_owner", "remove_owner"]


def test_merge_units_moves_edges_and_keeps_the_name_as_alias(fresh: Contract) -> None:
    from dutygraph.graph.imports import edits

    duties = {d.item_id for d in fresh.responsibilities("齐村镇")}
    edits.merge_units(fresh, "齐村镇", "税郭镇")
    assert fresh.get_nodes(["u:枣庄市市中区齐村镇"]) == {}
    from dutygraph.graph.queries import UnitInfo

    (unit,) = fresh.get_nodes([SHUIGUO]).values()
    assert isinstance(unit, UnitInfo) and "枣庄市市中区齐村镇" in unit.aliases
    assert duties <= {d.item_id for d in fresh.duties_of([SHUIGUO])[SHUIGUO]}


def test_bad_edits_are_typed_errors_and_change_nothing(fresh: Contract) -> None:
    from dutygraph.graph.errors import Ambiguous, EditRefused, NotFound
    from dutygraph.graph.imports import edits

    counts = fresh.counts()
    with pytest.raises(NotFound, match="没有这个镇"):
        edits.assign_owner(fresh, T004, "没有这个镇")
    with pytest.raises(NotFound, match="task"):
        edits.assign_owner(fresh, "t:no-such-task", "税郭镇")
    with pytest.raises(Ambiguous, match="镇"):
        edits.assign_owner(fresh, T004, "镇")
    with pytest.raises(EditRefused, match="already owns"):
        edits.assign_owner(fresh, T004, "区司法局")
    with pytest.raises(EditRefused, match="does not own"):
        edits.remove_owner(fresh, T004, "税郭镇")
    with pytest.raises(EditRefused, match="role"):
        edits.assign_owner(fresh, T004, "税郭镇", "boss")
    with pytest.raises(EditRefused, match="already one unit"):
        edits.merge_units(fresh, "税郭镇", SHUIGUO)
    assert fresh.counts() == counts and fresh.edits() == []
