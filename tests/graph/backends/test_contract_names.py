"""Imports, recordProgress, hand edits, the clash check and orphans match names without reading
the whole graph: the same results, errors and did-you-means on both stores, with the store's
snapshot() made to fail (on Neo4j it reads every node over Bolt: ~50 s on a province)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.errors import NotFound
from dutygraph.graph.imports import (
    import_enterprises,
    import_liaisons,
    import_progress,
    record_progress,
)
from dutygraph.graph.imports.edits import assign_owner
from dutygraph.graph.imports.liaisons import liaison_facts
from dutygraph.graph.queries.browse import OtherInfo
from dutygraph.graph.store import NoticeClash
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.audit import AuditFilter, records
from dutygraph.graph.supervision.tables import store_of
from dutygraph.loaders.sheets import ImportRejected
from dutygraph.schema import ParseResult

from ..conftest import BACKENDS, ROOT, loaded_without_snapshot

EXAMPLES = ROOT / "examples"
PROGRESS = EXAMPLES / "progress" / "shizhong_progress_example.csv"
ENTERPRISES = EXAMPLES / "enterprises" / "shizhong_enterprises_example.csv"
LIAISONS = EXAMPLES / "liaisons" / "chunsun_liaisons_example.csv"
LICENCE = "知识产权专利开放许可"
TASK = "t:na3a8e7f37d:三.(二).1"
SHUIGUO = "u:枣庄市市中区税郭镇"


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    results: list[ParseResult],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[GraphBackend]:
    """The samples in a fresh store whose snapshot() fails."""
    with loaded_without_snapshot(
        request.param, tmp_path / "g.sqlite", results, monkeypatch
    ) as backend:
        trail = neo4j_supervision(backend)  # Neo4j keeps its audit records between tests
        if trail is not None:
            trail.clear()
        yield backend


def _reasons(exc: pytest.ExceptionInfo[ImportRejected]) -> list[str]:
    return [p.reason for p in exc.value.problems]


def test_progress_import_matches_units_and_tables(store: GraphBackend) -> None:
    out = import_progress(store, PROGRESS)
    assert (out.imported, out.nodes, out.edges, out.problems) == (14, 14, 28, [])
    (r,) = store.rollup(LICENCE, period="2024")
    assert r.actual_total == 29


def test_progress_import_names_the_unit_meant(store: GraphBackend, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "序号,镇街,指标,年度,实际完成\n1,税国镇,知识产权专利开放许可,2024,3\n"
        "2,孟庄镇,贯标企业,2024,1\n",
        encoding="utf-8",
    )
    before = store.counts()
    with pytest.raises(ImportRejected) as exc:
        import_progress(store, sheet)
    assert _reasons(exc) == [
        "单位“税国镇”不是枣庄市市中区的单位，或未出现在相关通知中，您是不是要找：税郭镇？"
        " (unknown unit for 《知识产权专利开放许可》)",
        "指标“贯标企业”不是已导入通知中的分解表或指标，您是不是要找：国家知识产权优势、示范企业？"
        " (no allocation table or indicator of that name in the store)",
    ]
    assert store.counts() == before


def test_record_progress_on_a_table_and_its_errors(store: GraphBackend) -> None:
    rid = record_progress(store, "税郭镇", LICENCE, "2024", 4)
    found = store.get_nodes([rid])[rid]
    assert isinstance(found, OtherInfo)
    assert found.label == "枣庄市市中区税郭镇 知识产权专利开放许可 2024 实际4"
    (r,) = store.rollup(LICENCE, period="2024")
    assert r.actual_total == 4
    with pytest.raises(ImportRejected) as exc:
        record_progress(store, "合计", LICENCE, "2023", 4)
    assert _reasons(exc) == [
        "期间2023不在《知识产权专利开放许可》的目标期间（2024、2024-2026、2025、2026）内"
        " (period outside the targets)"
    ]
    with pytest.raises(ImportRejected) as exc:
        record_progress(store, "税郭镇", "专利转化运用", "2024", 4)
    assert "您是不是要找：入库专利？" in _reasons(exc)[0]
    with pytest.raises(ImportRejected) as exc:
        record_progress(store, "税郭镇", "高价值专利", "2024", 4)
    assert _reasons(exc) == [
        "单位“税郭镇”不是邹城市的单位，或未出现在相关通知中 (unknown unit for 高价值专利)"
    ]


def test_audited_record_progress_keeps_the_value_before(store: GraphBackend) -> None:
    first = writes.record_progress(store, SERVER_TOKEN, "税郭镇", LICENCE, "2024", 4)
    again = writes.record_progress(store, SERVER_TOKEN, "税郭镇", LICENCE, "2024", 6)
    assert first == again
    trail = records(store_of(store), AuditFilter(action="record_progress"), 0, 10).items
    assert [(r.unit_id, r.before, r.after["value"]) for r in trail] == [
        (SHUIGUO, [4.0], 6),
        (SHUIGUO, None, 4),
    ]


def test_enterprises_count_toward_their_township(store: GraphBackend) -> None:
    out = import_enterprises(store, ENTERPRISES)
    assert (out.imported, out.nodes, out.edges, out.problems) == (4, 4, 10, [])
    (r,) = store.rollup("国家知识产权优势、示范企业")
    assert [(town, n) for town, n in r.actuals if n] == [
        ("枣庄市市中区光明路街道", 1.0),
        ("枣庄市市中区税郭镇", 2.0),
    ]


def test_liaisons_join_their_units(store: GraphBackend) -> None:
    facts, problems = liaison_facts(store.names_graph("unit"), str(LIAISONS), "liaisons:x")
    assert [(n.label, n.props["org"], n.props["role"]) for n in facts.nodes] == [
        ("钱某某", "枣庄市知识产权事业发展中心", "分管领导"),
        ("周某某", "枣庄市知识产权事业发展中心", "联络员"),
        ("吴某某", "枣庄市薛城区市场监督管理局", "分管领导"),
        ("郑某某", "枣庄市薛城区市场监督管理局", "联络员"),
        ("冯某某", "枣庄市市中区市场监督管理局", "分管领导"),
    ]
    assert problems == []
    out = import_liaisons(store, LIAISONS)
    assert (out.imported, out.nodes, out.edges, out.problems) == (5, 5, 5, [])


def test_hand_edit_names_the_unit_meant(store: GraphBackend) -> None:
    with pytest.raises(NotFound) as exc:
        assign_owner(store, TASK, "税国镇")
    assert exc.value.suggestions == ["税郭镇"]


def test_a_load_that_clashes_is_refused(store: GraphBackend, results: list[ParseResult]) -> None:
    first = results[0]
    other = first.model_copy(
        update={"notice": first.notice.model_copy(update={"title": "另一份通知"})}
    )
    before = store.counts()
    with pytest.raises(NoticeClash, match="--replace"):
        store.load([other])
    assert store.counts() == before
    assert store.orphans() == []
