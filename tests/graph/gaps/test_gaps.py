"""Gap analysis on the five samples plus the example spreadsheets: each kind, with its numbers."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.gaps import Finding, GapQueryError, find_gaps
from dutygraph.graph.imports import import_enterprises, import_liaisons, import_progress
from dutygraph.graph.progress import Lights, status
from dutygraph.graph.store import Store, frozen_objects
from dutygraph.schema import ParseResult

from ..conftest import frozen_like_a_server

EX = Path(__file__).resolve().parents[3] / "examples"
DAY = dt.date(2024, 12, 10)
SHUIGUO_LICENCE_2024 = "tg:na3a8e7f37d:8a33c16d66"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, results: list[ParseResult]) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("gaps") / "g.sqlite") as s:
        s.load(results)
        b = Embedded(s)
        import_progress(b, EX / "progress" / "shizhong_progress_example.xlsx")
        import_progress(b, EX / "progress" / "chunsun_progress_example.csv")
        import_enterprises(b, EX / "enterprises" / "shizhong_enterprises_example.xlsx")
        import_liaisons(b, EX / "liaisons" / "chunsun_liaisons_example.xlsx")
        yield s


def _of(found: list[Finding], kind: str) -> list[Finding]:
    return [f for f in found if f.kind == kind]


@pytest.fixture(scope="module")
def found(db: Store) -> list[Finding]:
    return find_gaps(db.graph, DAY)


def test_allocation_200_vs_165(found: list[Finding]) -> None:
    by_table = {f.entities[1].label: f for f in _of(found, "allocation")}
    assert set(by_table) == {
        "知识产权专利开放许可",
        "国家知识产权优势、示范企业",
        "知识产权商标品牌培育指导站",
    }
    f = by_table["知识产权专利开放许可"]
    assert (f.severity, f.numbers["总目标"], f.numbers["分解合计"], f.numbers["差额"]) == (
        "warning",
        200,
        165,
        -35,
    )
    assert (
        f.explanation_zh
        == "知识产权专利开放许可：各镇街分解合计165项，低于总目标200项，尚有35项未分解。"
    )
    over = by_table["国家知识产权优势、示范企业"]
    assert (over.severity, over.numbers["差额"]) == ("info", 7)


def test_totals_of_the_progress_file(found: list[Finding]) -> None:
    (f,) = _of(found, "totals")  # the notices' own 合计 rows all add up
    assert (f.numbers["合计"], f.numbers["各行之和"], f.numbers["差额"]) == (30, 29, 1)
    assert "合计栏为30项，各行之和为29项，相差1项" in f.explanation_zh


def test_unowned_measures_of_001_and_tasks_of_002(found: list[Finding]) -> None:
    tasks = [f for f in _of(found, "unowned") if f.entities[0].kind == "Task"]
    per_notice = {n: sum(1 for f in tasks if f.notice == n) for n in {f.notice for f in tasks}}
    assert per_notice["nf92219446d"] == 10  # 001: all ten measures
    assert per_notice["n9f11265596"] == 18  # 002: 20 tasks, two with owners
    assert "na3a8e7f37d" not in per_notice  # 004 names an owner for every task
    assert any("任务一“提升专利创造能力”未明确责任单位" in f.explanation_zh for f in tasks)


def test_traffic_lights_change_with_as_of(db: Store) -> None:
    g = db.graph
    colours = {
        day: status(g, SHUIGUO_LICENCE_2024, dt.date.fromisoformat(day)).colour
        for day in ("2023-12-01", "2024-03-01", "2024-08-01", "2024-12-10", "2025-01-10")
    }
    assert colours == {
        "2023-12-01": "grey",  # the 2024 period has not started
        "2024-03-01": "yellow",  # started, the 3 reported on 2024-07-05 not yet known
        "2024-08-01": "green",  # 3 of 5 against a pro-rated 2.9
        "2024-12-10": "yellow",  # 3 against a pro-rated 4.7
        "2025-01-10": "red",  # the year is over, 2 short
    }
    s = status(g, SHUIGUO_LICENCE_2024, DAY)
    assert (s.target, s.actual, s.expected) == (5, 3, 4.7)  # pro rata, rounded as printed


def test_red_below_half_of_the_pro_rated_target(db: Store) -> None:
    lights = Lights(db.graph, dt.date(2024, 8, 1))
    longshan = next(
        n
        for n, a in db.graph.nodes(data=True)
        if a["label"] == "知识产权专利开放许可 龙山路街道 2024"
    )
    s = lights.status(longshan)  # reported 0 by July
    assert s.colour == "red" and s.actual == 0
    assert lights.status("u:枣庄市市中区龙山路街道").colour == "red"


def test_progress_findings_follow_the_lights(found: list[Finding], db: Store) -> None:
    progress = _of(found, "progress")
    mine = [f for f in progress if f.entities[0].id == SHUIGUO_LICENCE_2024]
    assert [(f.status, f.severity) for f in mine] == [("yellow", "warning")]
    later = _of(find_gaps(db.graph, dt.date(2025, 1, 10), kinds=["progress"]), "progress")
    assert [f.status for f in later if f.entities[0].id == SHUIGUO_LICENCE_2024] == ["red"]


def test_reports_half_yearly_per_unit(found: list[Finding], db: Store) -> None:
    half = [f for f in _of(found, "reports") if "每半年" in f.explanation_zh]
    by_unit = {f.entities[0].label: f.numbers for f in half}
    assert by_unit["枣庄市薛城区市场监督管理局"] == {"应报次数": 7, "已报次数": 2, "缺报次数": 5}
    assert by_unit["枣庄市峄城区市场监督管理局"] == {"应报次数": 7, "已报次数": 0, "缺报次数": 7}
    early = find_gaps(db.graph, dt.date(2020, 8, 1), kinds=["reports"])
    early_half = {f.entities[0].label: f.numbers for f in early if "每半年" in f.explanation_zh}
    assert "枣庄市薛城区市场监督管理局" not in early_half  # both reports on time
    assert early_half["枣庄市峄城区市场监督管理局"]["缺报次数"] == 2


def test_names_to_review(found: list[Finding]) -> None:
    texts = [f.explanation_zh for f in _of(found, "names")]
    assert "单位名称“各塔埠街道”已按“枣庄市市中区垎塔埠街道”合并，请核对。" in texts
    assert any(t.startswith("“枣庄市各区（市）”负责") for t in texts)


def test_people_before_and_after_liaisons(
    found: list[Finding], results: list[ParseResult], tmp_path: Path
) -> None:
    after = {f.entities[0].label: f for f in _of(found, "people")}
    assert "枣庄市知识产权事业发展中心" not in after  # leader and liaison in the example
    assert "枣庄市薛城区市场监督管理局" not in after
    f = after["枣庄市市中区市场监督管理局"]  # a leader, no liaison
    assert (f.severity, f.numbers["分管领导"], f.numbers["联络员"]) == ("info", 1, 0)
    with Store(tmp_path / "bare.sqlite") as bare:
        bare.load(results)
        before = {f.entities[0].label for f in find_gaps(bare.graph, DAY, kinds=["people"])}
    assert {"枣庄市知识产权事业发展中心", "枣庄市薛城区市场监督管理局"} <= before


def test_load_flags_the_market_regulator_of_004(found: list[Finding]) -> None:
    (f,) = _of(found, "load")
    assert f.entities[0].label == "枣庄市市中区市场监督管理局"
    assert (f.numbers["负责任务数"], f.numbers["同级单位数"], f.numbers["中位数"]) == (12, 18, 2)
    assert (f.numbers["负责任务数"] or 0) > (f.numbers["阈值"] or 0) > 2 * 2


def test_filters(db: Store) -> None:
    only = find_gaps(db.graph, DAY, notice="004_bb86f7f5d52695f3.txt")
    assert only and {f.notice for f in only if f.notice} == {"na3a8e7f37d"}
    town = find_gaps(db.graph, DAY, unit="税郭镇")
    assert town and all(
        any(e.label.endswith(("税郭镇", "各镇街")) for e in f.entities) for f in town
    )
    with pytest.raises(GapQueryError, match="no unit"):
        find_gaps(db.graph, DAY, unit="幸福镇")
    with pytest.raises(GapQueryError, match="no notice"):
        find_gaps(db.graph, DAY, notice="不存在的通知")


def test_a_first_call_freezes_the_indexes_it_built(store: Store) -> None:
    # Where the process froze its graph, the indexes a first find_gaps builds (which live as
    # long as the graph) are frozen with it; a repeated call builds none and freezes nothing.
    g = store.graph
    with frozen_like_a_server() as before:
        find_gaps(g, DAY)
        after = frozen_objects()
        assert after > before
        find_gaps(g, DAY)
        assert frozen_objects() == after
    find_gaps(store.graph, DAY)  # a process that never froze: nothing is frozen
    assert frozen_objects() == 0


def test_a_dates_findings_are_kept_for_the_next_call_at_that_date(db: Store) -> None:
    """A repeated whole-graph call at a date returns the findings kept from the last one (the
    /gaps page's next page); another date's are made again; one kind asked alone, or one
    notice, gives what the whole list gives of it."""
    first = find_gaps(db.graph, DAY)
    again = find_gaps(db.graph, DAY)
    assert again == first and all(a is b for a, b in zip(again, first, strict=True))
    later = find_gaps(db.graph, dt.date(2025, 3, 1))
    assert _of(later, "progress") != _of(first, "progress")
    back = find_gaps(db.graph, DAY)
    assert back == first
    # each kind's findings in the report's order: kinds in KINDS order, errors first
    rank = {"error": 0, "warning": 1, "info": 2}
    assert [rank[f.severity] for f in _of(first, "progress")] == sorted(
        rank[f.severity] for f in _of(first, "progress")
    )
    assert find_gaps(db.graph, DAY, kinds=["progress", "unowned"]) == [
        f for f in first if f.kind in ("unowned", "progress")
    ]
    assert find_gaps(db.graph, DAY, notice="na3a8e7f37d", kinds=["progress"]) == [
        f for f in first if f.kind == "progress" and f.notice == "na3a8e7f37d"
    ]
