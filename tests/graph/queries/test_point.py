"""Point questions answered from slices of the store give the whole graph's JSON, question by
question: every task's and indicator's owners, every unit's duties, every table's roll-ups
(with actuals), did-you-mean names; on the samples with the example spreadsheets, and again
after hand edits (an owner assigned, one removed, two units merged) and a reload."""

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.imports import edits
from dutygraph.graph.queries import (
    did_you_mean,
    duties_view,
    find_units,
    name_pool,
    owners,
    owners_view,
    responsibilities,
    rollup,
    rollup_view,
)
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import PointStore, Store, open_points
from dutygraph.schema import ParseResult

from ..backends.test_parity import SHEETS, T004

TEXTS = ["提升行政保护质效", "三.(四).1", "知识产权专利开放许可", "春笋", "三.(三).1", "专利 开放"]
NAMES = ["税郭镇", "齐村镇", "区司法局", "区市场监管局", "各镇街", "区委组织部", "镇", ""]
REGIONS = [None, "税郭镇", "枣庄市市中区", "市中区"]
PERIODS = [None, "2024", "2024-2026", "2025年"]
NEAR: list[tuple[str, What]] = [
    ("税国镇", "unit"),
    ("西王庄", "unit"),
    ("知识产权专利开放", "table"),
    ("提升行政保护质校", "item"),
    ("春笋行动通知", "notice"),
]


def _json(found: Any) -> str:
    return json.dumps(
        [dataclasses.asdict(x) for x in found], ensure_ascii=False, sort_keys=True, default=str
    )


def _fill(store: Store, results: list[ParseResult], edited: bool) -> None:
    b = Embedded(store)
    b.load(results)
    for load_sheet, path in SHEETS:
        load_sheet(b, path)
    if edited:
        edits.assign_owner(b, T004, "税郭镇", "lead")
        edits.remove_owner(b, T004, "区司法局")
        edits.merge_units(b, "齐村镇", "税郭镇")
        b.load(results)


@pytest.fixture(scope="module", params=[False, True], ids=["sheets", "sheets+edits"])
def stores(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    results: list[ParseResult],
) -> Iterator[tuple[Store, PointStore]]:
    path = tmp_path_factory.mktemp("point") / "g.sqlite"
    with Store(path) as whole:
        _fill(whole, results, request.param)
        points = open_points(path)
        try:
            yield whole, points
        finally:
            points.close()


def _of_kind(store: Store, *kinds: str) -> list[str]:
    return sorted(n for n, a in store.graph.nodes(data=True) if a["kind"] in kinds)


def test_owners_of_every_task_and_indicator(stores: tuple[Store, PointStore]) -> None:
    whole, points = stores
    texts = _of_kind(whole, "Task", "Indicator") + TEXTS
    assert len(texts) > 100
    for text in texts:
        expected = _json(owners(whole, text))
        assert _json(owners(owners_view(points, text), text)) == expected, text
    assert "枣庄市市中区市场监督管理局" in _json(owners(owners_view(points, T004), T004))


def test_duties_of_every_unit(stores: tuple[Store, PointStore]) -> None:
    whole, points = stores
    labels = sorted({str(whole.graph.nodes[u]["label"]) for u in _of_kind(whole, "Unit")})
    for name in labels + NAMES:
        view = duties_view(points, name)
        assert find_units(view, name) == find_units(whole, name), name
        assert _json(responsibilities(view, name)) == _json(responsibilities(whole, name)), name
    assert "税郭镇" in _json(responsibilities(duties_view(points, "税郭镇"), "税郭镇"))


def test_every_rollup_with_actuals(stores: tuple[Store, PointStore]) -> None:
    whole, points = stores
    tables = sorted(
        {str(a["props"]["table"]) for _, a in whole.graph.nodes(data=True) if a["kind"] == "Target"}
    )
    assert tables
    for table in [*tables, "专利", "没有这张表"]:
        for region in REGIONS:
            view = rollup_view(points, table, region)
            for period in PERIODS:
                expected = _json(rollup(whole, table, region, period))
                assert _json(rollup(view, table, region, period)) == expected, (table, region)
    found = rollup(rollup_view(points, "知识产权专利开放许可", None), "知识产权专利开放许可")
    assert any(r.computed == 165 and r.actual_total is not None for r in found)


def test_did_you_mean_chooses_from_the_same_names(stores: tuple[Store, PointStore]) -> None:
    whole, points = stores
    for text, what in NEAR:
        expected = did_you_mean(whole.graph, text, what)
        assert did_you_mean(name_pool(points, what), text, what) == expected, text
    assert did_you_mean(name_pool(points, "unit"), "税国镇", "unit") == ["税郭镇"]


def test_an_older_store_gains_the_indexes_in_place(
    tmp_path: Path, results: list[ParseResult]
) -> None:
    path = tmp_path / "old.sqlite"
    with Store(path) as s:
        s.load(results)
    conn = sqlite3.connect(path)
    for name in ("nodes_kind", "edges_dst", "edges_src", "nodes_target_table"):
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.commit()
    conn.close()
    with open_points(path) as points:
        names = {r[0] for r in points.conn.execute("SELECT name FROM sqlite_master")}
        assert {"nodes_kind", "edges_dst", "edges_src", "nodes_target_table"} <= names
        plan = points.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM nodes WHERE kind = 'Target' AND json_valid(props)"
            " AND json_extract(props, '$.table') = ?",
            ("知识产权专利开放许可",),
        ).fetchall()
        assert "nodes_target_table" in str(plan)
