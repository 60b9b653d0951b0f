"""Lights and the `progress` gap kind: the same on both stores, on Neo4j from actuals that
Cypher computes on the server (graph/backends/neo4j/lights.py), without snapshot().

Needs a Neo4j server (NEO4J_URI; `make test` starts one when java and mvn are here).
"""

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.gaps import to_json as gaps_json
from dutygraph.graph.imports.progress import record_progress
from dutygraph.graph.model import Edge, Facts, Node
from dutygraph.schema import ParseResult

from ..conftest import NO_NEO4J, NOTICES, loaded_backend
from .test_parity import DATES, LIT_KINDS, _fill, _no_snapshot

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)

# 孟庄镇's 2024 开放许可 cell: 5 reported on 2024-07-05 (the example sheet), then 7 on
# 2024-09-01 for the same period, which supersedes it from that day.
MENGZHUANG_2024 = "tg:na3a8e7f37d:8e52727db1"
# 全区 2024 新增有效发明专利数量: a 合计 cell with no report of its own sums its rows.
TOTAL_2024 = "tg:na3a8e7f37d:364f4fc7d2"
# A 2024-2026 cell counted by its enterprises: one recognised in 2024, one in 2025.
ENTERPRISES = "tg:na3a8e7f37d:7295effcd9"
SCOPES = [(None, None), (NOTICES[4].name, None), (None, "税郭镇"), (None, "孟庄镇")]
# A 合计 whose rows are a township's own row and another 合计 (a county's) without a report,
# whose rows are reported: 3 + (4 + 5) once the reports are known.
NESTED_TOP = "tg:nest:市"


def _nested() -> Facts:
    """A made-up notice nesting totals (no sample does): 市 合计 <- 县 合计 <- 甲镇, 乙镇; 丙镇."""
    f = Facts(notice_id="nest")
    f.nodes.append(Node("n:nest", "Notice", "嵌套合计测试通知", {"notice": "nest"}))
    cells = [("市", True, None, 20), ("县", True, "市", 12), ("甲镇", False, "县", 6)]
    cells += [("乙镇", False, "县", 6), ("丙镇", False, "市", 8)]
    for unit, stated, total, value in cells:
        uid, tid = f"u:nest{unit}", f"tg:nest:{unit}"
        props: dict[str, Any] = {"notice": "nest", "table": "嵌套指标", "period": "2024"}
        props |= {"measure": "项", "unit": uid, "value": value, "stated": stated}
        f.nodes += [Node(uid, "Unit", f"嵌套{unit}"), Node(tid, "Target", f"嵌套 {unit}", props)]
        f.edges.append(Edge(uid, tid, "OWNS", "owner", {"role": "owner"}))
        if total:
            f.edges.append(Edge(tid, f"tg:nest:{total}", "CONTRIBUTES_TO"))
    for unit, done in (("甲镇", 4.0), ("乙镇", 5.0), ("丙镇", 3.0)):
        uid, item = f"u:nest{unit}", f"tg:nest:{unit}"
        props = {"value": done, "unit": uid, "item": item, "notice": "nest", "period": "2024"}
        props |= {"reported": "2024-08-01", "stated": False, "measure": "项"}
        f.nodes.append(Node(f"r:nest:{unit}", "Report", f"嵌套{unit} 2024 实际{done:g}", props))
        f.edges += [
            Edge(f"r:nest:{unit}", item, "REPORTS"),
            Edge(f"r:nest:{unit}", uid, "REPORTED_BY"),
        ]
    return f


def _answers(b: GraphBackend, ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with _no_snapshot(b):
        for day in DATES:
            found = b.lights(ids, day)
            out |= {f"{n} {day}": dataclasses.asdict(s) for n, s in found.items()}
            for notice, unit in SCOPES:
                findings = b.gaps(day, notice, unit, ["progress"])[0]
                out[f"progress {day} {notice} {unit}"] = json.loads(gaps_json(findings))
    return out


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, results: list[ParseResult]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    path: Path = tmp_path_factory.mktemp("lights") / "g.sqlite"
    answers = []
    ids: list[str] = []
    for kind in ("embedded", "neo4j"):
        with loaded_backend(kind, path, results) as b:
            _fill(b, results)
            record_progress(b, "孟庄镇", "知识产权专利开放许可", "2024", 7, dt.date(2024, 9, 1))
            b.load_facts([_nested()])
            if not ids:  # the embedded store's nodes: Neo4j is asked the same ids
                g = b.snapshot()
                ids = sorted(n for n, a in g.nodes(data=True) if a["kind"] in LIT_KINDS)
            answers.append(_answers(b, ids))
    yield answers[0], answers[1]


def test_the_lights_are_real(both: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """Guards the comparison below: the superseding report, the 合计 cells (one nesting
    another) and the enterprises
    carry their real numbers, and every colour occurs."""
    embedded, _ = both
    mid, after = DATES[1], DATES[2]
    assert embedded[f"{MENGZHUANG_2024} {mid}"]["actual"] == 7.0
    assert embedded[f"{MENGZHUANG_2024} {DATES[0]}"]["actual"] is None
    assert embedded[f"{TOTAL_2024} {mid}"]["actual"] == 22.0
    assert embedded[f"{NESTED_TOP} {mid}"]["actual"] == 12.0
    assert [embedded[f"{ENTERPRISES} {d}"]["actual"] for d in (mid, after)] == [1.0, 2.0]
    colours = {v["colour"] for k, v in embedded.items() if not k.startswith("progress")}
    assert colours == {"grey", "green", "yellow", "red"}
    kinds = {k.split(":")[0] for k in embedded if not k.startswith("progress")}
    assert kinds == {"t", "tg", "i", "u"}
    for day in DATES:
        assert embedded[f"progress {day} None 税郭镇"], day


def test_both_stores_light_alike(both: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """Colour, numbers and Chinese line of every target, indicator, task and unit at three
    dates, and the progress findings of the store, a notice and two units."""
    embedded, neo4j = both
    assert embedded.keys() == neo4j.keys()
    differ = [k for k in embedded if embedded[k] != neo4j[k]]
    assert not differ, f"{differ[0]}:\nembedded {embedded[differ[0]]}\nneo4j    {neo4j[differ[0]]}"
