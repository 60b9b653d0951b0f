"""Queries on the five samples: owners, duties through collectives, township roll-ups."""

import pytest

from dutygraph.graph.queries import owners, responsibilities, rollup
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

N004 = "na3a8e7f37d"


def _collective_tasks(r004: ParseResult) -> set[str]:
    return {
        f"t:{t.id}"
        for t in r004.tasks
        if t.path.startswith("三.") and any(o.unit == "各镇街" for o in t.owners)
    }


def test_township_duties_include_the_collective_tasks(store: Store, r004: ParseResult) -> None:
    expected = _collective_tasks(r004)
    assert len(expected) == 11
    duties = {d.item_id: d for d in responsibilities(store, "税郭镇")}
    assert expected <= set(duties)
    assert all(duties[t].via == "枣庄市市中区各镇街" for t in expected)
    assert f"t:{N004}:三.(四).1" not in duties


def test_township_duties_include_its_own_targets(store: Store) -> None:
    duties = responsibilities(store, "税郭镇")
    targets = [d for d in duties if d.kind == "Target"]
    assert targets and all(d.via is None for d in targets)
    assert {d.label.split()[0] for d in targets} >= {"新增有效发明专利数量", "知识产权专利开放许可"}


def test_merged_spelling_finds_the_same_township(store: Store) -> None:
    assert responsibilities(store, "各塔埠街道") == responsibilities(store, "垎塔埠街道")


def test_owners_of_a_task_resolved_in_the_jurisdiction(store: Store) -> None:
    found = [o for o in owners(store, "三.(四).1") if o.notice == N004]
    assert len(found) == 1
    units = {r.unit for r in found[0].owners}
    assert "枣庄市市中区市场监督管理局" in units
    assert "枣庄市市中区各镇街" not in units


def test_owners_carry_groups_and_leaders(store: Store) -> None:
    (found,) = owners(store, "t:n215db929d3:附件1.row3")
    (row,) = found.owners
    assert row.unit == "枣庄市知识产权事业发展中心"
    assert row.groups == ["枣庄市“春笋行动”工作领导小组"]
    assert any("李军" in leader for leader in row.leaders)


def test_unknown_text_has_no_owners(store: Store) -> None:
    assert owners(store, "没有这样的任务") == []


def test_rollup_new_invention_patents_2024(store: Store) -> None:
    (r,) = rollup(store, "新增有效发明专利数量", period="2024")
    assert len(r.children) == 11
    assert r.computed == 140 == r.stated
    assert r.diff_stated == 0
    assert r.region == "枣庄市市中区"


def test_rollup_open_licences_against_headline(store: Store) -> None:
    (r,) = rollup(store, "知识产权专利开放许可", period="2024—2026")
    assert r.computed == 165 == r.stated
    assert r.headline == ("专利开放许可", 200)
    assert r.diff_headline == -35


@pytest.mark.parametrize(
    "table",
    [
        "新增有效发明专利数量",
        "国家知识产权优势、示范企业",
        "知识产权专利开放许可",
        "知识产权商标品牌培育指导站",
        "知识产权培训次数",
    ],
)
def test_all_004_tables_match_their_totals(store: Store, table: str) -> None:
    found = rollup(store, table)
    assert found
    for r in found:
        assert r.stated is not None
        assert r.computed == r.stated, (r.table, r.period)


def test_rollup_region_filter(store: Store) -> None:
    assert rollup(store, "新增有效发明专利数量", region="市中区", period="2024")[0].computed == 140
    assert rollup(store, "新增有效发明专利数量", region="邹城市") == []


def test_rollup_unknown_table(store: Store) -> None:
    assert rollup(store, "不存在的表") == []


def test_duties_by_abbreviated_name(store: Store) -> None:
    duties = responsibilities(store, "区市场监管局")
    assert f"t:{N004}:三.(四).1" in {d.item_id for d in duties}
    # Its own notice's tasks directly; the city's 各区（市）市场监督管理局 tasks through that collective.
    assert all(d.via is None for d in duties if d.notice == N004)
    assert {d.via for d in duties if d.notice != N004} == {"枣庄市各区（市）市场监督管理局"}


def test_district_collective_has_one_member_per_district(store: Store) -> None:
    g = store.graph
    cid = "u:枣庄市各区（市）市场监督管理局"
    members = sorted(u for u, _, k in g.in_edges(cid, keys=True) if k.startswith("MEMBER_OF"))
    districts = ["市中区", "薛城区", "峄城区", "台儿庄区", "山亭区", "滕州市"]
    assert members == sorted(f"u:枣庄市{d}市场监督管理局" for d in districts)
    for d in districts:
        assert g.has_edge(f"u:枣庄市{d}", "u:枣庄市", "PART_OF")


def test_rollup_index_cached_until_next_load(store: Store, r004: ParseResult) -> None:
    from dutygraph.graph.queries import RollupIndex

    (before,) = rollup(store, "新增有效发明专利数量", period="2024")
    index = RollupIndex.for_store(store)
    assert RollupIndex.for_store(store) is index
    first = next(t for t in r004.targets if t.table == before.table and t.period == "2024")
    revised = r004.model_copy(update={"targets": [t for t in r004.targets if t is not first]})
    store.load([revised])
    assert RollupIndex.for_store(store) is not index
    (after,) = rollup(store, "新增有效发明专利数量", period="2024")
    assert after.computed == before.computed - first.value
    assert len(after.children) == len(before.children) - 1
