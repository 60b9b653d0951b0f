"""One contract, two stores: the embedded store and Neo4j answer the same questions alike.

The Neo4j half runs when NEO4J_URI points at a server (docker compose up neo4j); otherwise it
is skipped with the reason shown in the test report.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest

from dutygraph.graph import neo4j_store
from dutygraph.graph import store as store_mod
from dutygraph.graph.backend import Embedded
from dutygraph.graph.backend import GraphBackend as Contract
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

N004 = "na3a8e7f37d"
NO_NEO4J = "NEO4J_URI is not set: no Neo4j server here"


@pytest.fixture(
    scope="module",
    params=[
        "embedded",
        pytest.param(
            "neo4j",
            marks=pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J),
        ),
    ],
)
def store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    results: list[ParseResult],
) -> Iterator[Contract]:
    if request.param == "embedded":
        with Store(tmp_path_factory.mktemp("contract") / "g.sqlite") as s:
            s.load(results)
            yield Embedded(s)  # closes the store on exit too
        return
    from dutygraph.graph.neo4j_store import Neo4jStore

    with Neo4jStore() as n:
        n.clear()
        n.load(results)
        yield n
        n.clear()


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

    def flaky(conn_or_tx: Any, facts: Any) -> Any:
        calls.append(facts.notice_id)
        if len(calls) == fail_at:
            raise RuntimeError("injected failure")
        return real_write(conn_or_tx, facts)

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
    from dutygraph.graph.neo4j_store import Neo4jStore

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
