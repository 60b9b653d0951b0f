"""Spreadsheet imports into the store: atomic, all-or-nothing unless partial, replaceable, durable."""

import datetime as dt
from pathlib import Path

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.imports import (
    import_enterprises,
    import_liaisons,
    import_progress,
    record_progress,
)
from dutygraph.graph.progress import status
from dutygraph.graph.queries import owners, rollup
from dutygraph.graph.store import Store
from dutygraph.loaders.sheets import ImportRejected, SpreadsheetError

ROOT = Path(__file__).resolve().parents[3]
EX = ROOT / "examples"
PROGRESS = EX / "progress" / "shizhong_progress_example.xlsx"
MALFORMED = ROOT / "tests" / "loaders" / "sheets" / "data" / "malformed_progress.xlsx"
ENTERPRISES = EX / "enterprises" / "shizhong_enterprises_example.xlsx"
LIAISONS = EX / "liaisons" / "chunsun_liaisons_example.csv"


def test_malformed_file_changes_nothing(store: Store) -> None:
    before, notices = store.counts(), store.notices()
    with pytest.raises(ImportRejected) as err:
        import_progress(Embedded(store), MALFORMED)
    assert [(p.row, p.reason.split(" (")[-1]) for p in err.value.problems] == [
        (5, "'十二件' is not a number)"),
        (6, "unknown unit for 《知识产权专利开放许可》)"),
        (7, "duplicate of row 4)"),
    ]
    assert "幸福镇" in err.value.problems[1].reason
    assert "row(s) 5, 6, 7; nothing imported" in str(err.value)
    assert store.counts() == before and store.notices() == notices


def test_partial_keeps_the_good_rows(store: Store) -> None:
    before = store.counts()
    outcome = import_progress(Embedded(store), MALFORMED, partial=True)
    assert outcome.imported == 2 and [p.row for p in outcome.problems] == [5, 6, 7]
    assert store.counts() == (before[0] + 2, before[1] + 4)
    labels = sorted(a["label"] for _, a in store.graph.nodes(data=True) if a["kind"] == "Report")
    assert labels == [
        "枣庄市市中区永安镇 知识产权专利开放许可 2024 实际1",
        "枣庄市市中区税郭镇 知识产权专利开放许可 2024 实际3",
    ]


def test_reimport_replaces_and_survives_reopening(store: Store) -> None:
    db = Embedded(store)
    first = import_progress(db, PROGRESS)
    counts = store.counts()
    assert first.imported == 14 and first.source.startswith("progress:")
    assert import_progress(db, PROGRESS).source == first.source
    assert store.counts() == counts
    with Store(store.path) as again:
        assert again.counts() == counts
        (r,) = rollup(again, "知识产权专利开放许可", period="2024")
        assert r.actual_total == 29  # 3+2+5+1+6+2+0+4+3+2+1
        assert dict(r.actuals)["枣庄市市中区税郭镇"] == 3


def test_not_a_spreadsheet_is_refused_before_anything(store: Store, tmp_path: Path) -> None:
    before = store.counts()
    with pytest.raises(SpreadsheetError, match="not a spreadsheet"):
        import_progress(Embedded(store), ROOT / "README.md")
    assert store.counts() == before


def test_record_progress_one_value(store: Store) -> None:
    db = Embedded(store)
    rid = record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", 4, dt.date(2024, 7, 1))
    assert store.graph.nodes[rid]["props"]["value"] == 4
    again = record_progress(db, "税郭镇", "知识产权专利开放许可", "2024年", 5, dt.date(2024, 8, 1))
    assert again == rid and store.graph.nodes[rid]["props"]["value"] == 5
    before = store.counts()
    with pytest.raises(ImportRejected, match="recordProgress"):
        record_progress(db, "幸福镇", "知识产权专利开放许可", "2024", 1)
    with pytest.raises(ImportRejected):
        record_progress(db, "税郭镇", "知识产权专利开放许可", "明年", 1)
    assert store.counts() == before


def test_enterprises_count_toward_their_township(store: Store) -> None:
    outcome = import_enterprises(Embedded(store), ENTERPRISES)
    assert outcome.imported == 4 and not outcome.problems
    g = store.graph
    firms = {a["label"]: n for n, a in g.nodes(data=True) if a["kind"] == "Enterprise"}
    jia = firms["示例甲精密机械有限公司"]
    assert [v for _, v, k in g.out_edges(jia, keys=True) if k == "LOCATED_IN"] == [
        "u:枣庄市市中区税郭镇"
    ]
    counted = {
        g.nodes[v]["label"]
        for _, v, a in g.out_edges(jia, data=True)
        if a["kind"] == "CONTRIBUTES_TO"
    }
    assert counted == {
        "国家知识产权优势、示范企业 税郭镇 2024-2026",
        "新增有效发明专利数量 税郭镇 2024",
        "培育国家优势、示范企业",
    }
    assert g.nodes[jia]["props"]["patents"] == ["ZL202310000001.X 一种示例齿轮加工装置 2024-05-20"]
    (r,) = rollup(store, "国家知识产权优势、示范企业")
    assert dict(r.actuals)["枣庄市市中区税郭镇"] == 2 and r.actual_total == 3
    light = status(g, "i:na3a8e7f37d:二.(二).2:L23:1", dt.date(2024, 12, 31))
    assert light.actual == 2  # 甲 (2024) and 丙 (2024); 乙 is recognised in 2025
    assert status(g, "i:na3a8e7f37d:二.(二).2:L23:1", dt.date(2025, 12, 31)).actual == 3


def test_unknown_township_of_an_enterprise(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("企业名称,所属镇街\n甲公司,幸福镇\n乙公司,税郭镇\n", encoding="utf-8")
    before = store.counts()
    with pytest.raises(ImportRejected) as err:
        import_enterprises(Embedded(store), path)
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "所属镇街", "幸福镇")
    assert problem.reason == "所属镇街“幸福镇”不是已导入通知中的镇街 (unknown township)"
    assert store.counts() == before


def test_liaisons_become_people_of_their_units(store: Store) -> None:
    outcome = import_liaisons(Embedded(store), LIAISONS)
    assert outcome.imported == 5
    (row,) = [
        r
        for o in owners(store, "培育和引进高价值专利")
        for r in o.owners
        if r.unit.endswith("市场监督管理局")
    ]
    assert row.unit == "枣庄市市中区市场监督管理局" and row.leaders == ["冯某某副局长（分管领导）"]


def test_liaison_of_an_unknown_unit_rejects_the_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "负责人员,所在单位,姓名\n联络员,区市场监督管理局,甲\n联络员,区幸福局,乙\n",
        encoding="utf-8",
    )
    before = store.counts()
    with pytest.raises(ImportRejected) as err:
        import_liaisons(Embedded(store), path)
    assert [(p.row, p.column, p.reason) for p in err.value.problems] == [
        (3, "单位", "单位“区幸福局”不是已导入通知中的单位 (unknown unit)")
    ]
    assert store.counts() == before
