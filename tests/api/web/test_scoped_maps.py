"""Org and notice maps (page, DOT source) and the whole store's ledger, or a notice's by its
发文字号 (page, .xlsx, GraphQL), answer alike on both stores, and on Neo4j without reading
the whole graph: the store's snapshot() raises while they are served."""

import datetime as dt
import io
import os
import re
from typing import Any
from urllib.parse import quote

import networkx as nx
import openpyxl
import pytest

from dutygraph.api.web.pages import page_path
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.schema import ParseResult
from dutygraph.visualize.maps import build_map
from dutygraph.visualize.nodes import Link
from tests.api.conftest import AUTH, T004, TOKEN, Api, data
from tests.api.web.test_scoped_pages import _plain
from tests.api.web.test_supervision_pages import SHUIGUO, TASK, _client, _login
from tests.graph.conftest import NO_NEO4J, on_both_stores

DAY = "2024-12-10"
ORG = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"
N004 = "n:na3a8e7f37d"
DOC = "枣市监中心字〔2019〕1号"
_SVG = re.compile(r"<svg.*?</svg>", re.S)
LEDGER = """query($d: Date, $n: String) { ledger(asOf: $d, notice: $n, limit: 100) { totalCount
  items { no notice task unit lead co people due target actual status light why } } }"""
PAGES = [
    f"/map/org/{quote(ORG, safe='')}?as_of={DAY}",
    f"/map/org/{quote('春笋行动')}?as_of={DAY}",
    f"/map/notice/{quote(N004, safe='')}?as_of={DAY}",
    f"/map/notice/{quote(DOC)}?as_of={DAY}",
    f"/ledger?as_of={DAY}",
    f"/ledger?notice={quote(DOC)}&as_of={DAY}",
    f"/ledger?notice={quote(N004, safe='')}&status=%E5%B7%B2%E7%AD%BE%E6%94%B6&as_of={DAY}",
]


def _links(g: nx.MultiDiGraph) -> Link:
    return lambda kind, ident: page_path(g, kind, ident)


def _xlsx(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return repr([list(ws.iter_rows(values_only=True)) for ws in wb.worksheets])


def _served(backend: Any) -> dict[str, str]:
    api = Api(backend)
    # The loop in use: signed tasks change the lights the maps colour and the ledger's rows.
    writes.step(backend, SERVER_TOKEN, TASK, "已签收", unit=SHUIGUO)
    writes.step(backend, SERVER_TOKEN, T004, "已签收", unit=SHUIGUO)
    if neo4j_supervision(backend) is not None:

        def whole(*_: object) -> None:
            raise AssertionError("snapshot() read the whole Neo4j graph")

        backend.snapshot = whole
    office = _client(api)
    _login(office, TOKEN, follow_redirects=False)
    out: dict[str, str] = {}
    for path in PAGES:
        r = office.get(path)
        assert r.status_code == 200, path
        # dot lays out the same source differently from run to run: the DOT is compared below.
        out[path] = _SVG.sub("<svg/>", _plain(r.text))
    # The pages' DOT source (lights, links), and `dutygraph render`'s without --as-of.
    day = dt.date.fromisoformat(DAY)
    for kind, ident in (("org", ORG), ("org", "春笋行动"), ("notice", N004), ("notice", DOC)):
        m = build_map(backend, kind, ident, as_of=day, links=_links)
        out[f"dot {kind} {ident}"] = m.graph.source
        out[f"render {kind} {ident}"] = build_map(backend, kind, ident).graph.source
    for notice in (None, DOC):
        x = office.get("/ledger.xlsx", params={"as_of": DAY, **({"notice": notice} or {})})
        out[f"xlsx {notice}"] = _xlsx(x.content)
        found = data(api.gql(LEDGER, {"d": DAY, "n": notice}, AUTH))
        out[f"ledger {notice}"] = repr(found)
    return out


@pytest.fixture(scope="module")
def answers(
    tmp_path_factory: pytest.TempPathFactory, api_results: list[ParseResult]
) -> dict[str, dict[str, str]]:
    return on_both_stores(tmp_path_factory.mktemp("maps"), api_results, _served)


def test_the_answers_are_real(answers: dict[str, dict[str, str]]) -> None:
    got = answers["embedded"]
    org, chunsun, n004, n000, whole, by_doc, signed = (got[p] for p in PAGES)
    assert "组织架构：枣庄市市中区国家知识产权强县建设试点县工作领导小组" in org
    assert "组织架构：枣庄市“春笋行动”工作领导小组" in chunsun
    assert "任务分解" in n004 and f"任务分解：{DOC}" in n000
    dot = got[f"dot org {ORG}"]
    assert "枣庄市市中区税郭镇" in dot and "status-" in dot and "/map/unit/" in dot
    dot = got[f"dot notice {N004}"]
    assert "提升行政保护质效" in dot and "status-" in dot and "/task/" in dot
    assert "status-" not in got[f"render notice {N004}"]
    assert "共 348 条" in whole and "共 155 条" in by_doc and DOC in by_doc
    assert "共 2 条" in signed and "提升行政保护质效" in signed and "枣庄市市中区税郭镇" in signed
    assert "'totalCount': 348" in got["ledger None"]
    assert "'totalCount': 155" in got["ledger " + DOC]
    assert "枣庄市市中区税郭镇" in got["xlsx None"] and DOC in got[f"xlsx {DOC}"]
    assert "春笋行动" in got["render org 春笋行动"]


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_neo4j_serves_them_alike_without_snapshot(answers: dict[str, dict[str, str]]) -> None:
    for key, page in answers["embedded"].items():
        assert answers["neo4j"][key] == page, key
