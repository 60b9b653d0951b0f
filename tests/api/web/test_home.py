"""The pages clerks and leaders start from, on the samples with the example progress and
liaison spreadsheets: what is red today, search, the gaps page, the unit page, the 404s."""

import datetime as dt
import html as html_mod
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import cast
from urllib.parse import unquote

import networkx as nx
import openpyxl
import pytest
from starlette.applications import Starlette

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.api.web import pages
from dutygraph.graph.backends import Embedded
from dutygraph.graph.gaps import KIND_ZH, SEVERITY_ZH, find_gaps
from dutygraph.graph.gaps.report import HEADER_ROW
from dutygraph.graph.imports import import_liaisons, import_progress
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice

from ..conftest import Api

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
DAY = "2024-12-10"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with Embedded(Store(tmp_path_factory.mktemp("home") / "g.sqlite")) as db:
        db.load([read_notice(p) for p in NOTICES])
        import_progress(db, ROOT / "examples/progress/shizhong_progress_example.xlsx")
        import_liaisons(db, ROOT / "examples/liaisons/chunsun_liaisons_example.xlsx")
        yield TestClient(create_app(db, Settings(reads="open")), base_url="http://localhost")


def _graph(client: TestClient) -> nx.MultiDiGraph:
    """The snapshot the client's app answers from."""
    app = cast(Starlette, client.app)
    g: nx.MultiDiGraph = app.state.backend.snapshot()
    return g


def text(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    return html_mod.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def hrefs(page: str) -> list[str]:
    return [unquote(html_mod.unescape(h)) for h in re.findall(r'href="([^"]+)"', page)]


def test_home_answers_what_is_red_today(client: TestClient) -> None:
    r = client.get("/", params={"as_of": DAY})
    assert r.status_code == 200
    t = text(r.text)
    assert f"今天哪里亮红灯 截至{DAY}： 红灯24 黄灯100 绿灯4" in t
    # by unit, reddest first, each linked to its unit page
    assert "枣庄市市中区光明路街道 4 4 0" in t
    assert t.index("枣庄市市中区光明路街道 4 4 0") < t.index("枣庄市市中区税郭镇")
    assert "枣市监中心字〔2019〕1号 6 0 0" in t and "na3a8e7f37d" not in t
    links = hrefs(r.text)
    assert "/map/unit/u:枣庄市市中区光明路街道" in links
    assert {"/gaps", "/gaps?kind=progress", "/graphql"} <= set(links)
    assert 'action="/search"' in r.text


def test_search_links_and_did_you_mean(client: TestClient) -> None:
    r = client.get("/search", params={"q": "税郭镇"})
    assert r.status_code == 200 and "/map/unit/u:枣庄市市中区税郭镇" in hrefs(r.text)
    r = client.get("/search", params={"q": "税国镇"})
    assert "没有找到“税国镇”。您是不是要找： 税郭镇 ？" in text(r.text)
    assert "/search?q=税郭镇" in hrefs(r.text)


def test_gaps_page_filters_by_kind_and_unit(client: TestClient) -> None:
    r = client.get("/gaps", params={"kind": "progress", "unit": "光明路街道", "as_of": DAY})
    assert r.status_code == 200
    t = text(r.text)
    rows = re.findall(r'<tr class="sev-[a-z]+">(.*?)</tr>', r.text, re.S)
    assert len(rows) == 8 and all("进度" in row and "光明路街道" in row for row in rows)
    assert '<td class="status red">红灯</td>' in r.text and "na3a8e7f37d" not in r.text
    assert "枣庄市市中区创建国家知识产权强县建设试点县工作实施方案" in t
    r = client.get("/gaps", params={"unit": "税国镇"})
    assert r.status_code == 400 and "您是不是要找：税郭镇？" in text(r.text)


def test_gaps_page_of_one_unit_on_both_stores(both_api: Api) -> None:
    """On Neo4j the page reads only the unit's part (gaps_graph) and lists what find_gaps
    finds on the whole graph."""
    r = both_api.client.get("/gaps", params={"unit": "税郭镇", "as_of": DAY})
    assert r.status_code == 200
    rows = re.findall(r'<tr class="sev-[a-z]+">(.*?)</tr>', r.text, re.S)
    whole = find_gaps(both_api.backend.snapshot(), dt.date(2024, 12, 10), unit="税郭镇")
    assert len(rows) == len(whole) > 0
    r = both_api.client.get("/gaps", params={"unit": "税国镇"})
    assert r.status_code == 400 and "您是不是要找：税郭镇？" in text(r.text)


def test_gaps_page_counts_every_finding_and_pages_them(client: TestClient) -> None:
    """The page shows counts per kind and severity of all the findings, then GAPS_ROWS of them
    a page: page after page they are find_gaps' list, in its order."""
    whole = find_gaps(_graph(client), dt.date(2024, 12, 10))
    r = client.get("/gaps", params={"as_of": DAY})
    assert r.status_code == 200
    pages_n = -(-len(whole) // pages.GAPS_ROWS)
    assert pages_n > 3
    t = text(r.text)
    assert f"共{len(whole)}项" in t and f"第1页 / 共{pages_n}页（第1–{pages.GAPS_ROWS}项）" in t
    # a column per kind with findings, a row per severity and the totals
    table = text(re.findall(r'<table class="counts gap-counts">.*?</table>', r.text, re.S)[0])
    kinds = [k for k in KIND_ZH if any(f.kind == k for f in whole)]
    assert table.split("严重")[0].split() == ["按类型", *(KIND_ZH[k] for k in kinds)]
    for sev in ("warning", "info"):
        n = [sum(f.kind == k and f.severity == sev for f in whole) for k in kinds]
        assert f" {SEVERITY_ZH[sev]} {' '.join(map(str, n))} " in table
    n = [sum(f.kind == k for f in whole) for k in kinds]
    assert table.rstrip().endswith(f"合计 {' '.join(map(str, n))}")
    assert "/gaps?kind=progress&as_of=2024-12-10" in hrefs(r.text)
    assert f"/gaps?as_of={DAY}&page=2" in hrefs(r.text)
    assert f"/gaps.xlsx?as_of={DAY}" in hrefs(r.text)
    shown: list[str] = []
    for page in range(1, pages_n + 1):
        r = client.get("/gaps", params={"as_of": DAY, "page": str(page)})
        rows = re.findall(r'<tr class="sev-[a-z]+"><td class="n">(\d+)</td>(.*?)</tr>', r.text)
        assert [int(n) for n, _ in rows][:1] == [(page - 1) * pages.GAPS_ROWS + 1]
        shown += [html_mod.unescape(re.findall(r"<td>([^<]*)</td>$", row)[0]) for _, row in rows]
    assert shown == [f.explanation_zh for f in whole]
    # past the last page: the last page; not a number: the first
    r = client.get("/gaps", params={"as_of": DAY, "page": "999"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"page={pages_n}")
    r = client.get("/gaps", params={"as_of": DAY, "page": "二"})
    assert r.status_code == 200 and f"第1页 / 共{pages_n}页" in text(r.text)


def test_gaps_workbook_holds_every_finding_of_the_filter(
    client: TestClient, tmp_path: Path
) -> None:
    """/gaps.xlsx: what `dutygraph gaps --format xlsx` writes, every finding, not one page."""
    whole = find_gaps(_graph(client), dt.date(2024, 12, 10))
    r = client.get("/gaps.xlsx", params={"as_of": DAY})
    assert r.status_code == 200 and r.headers["content-type"].endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    (tmp_path / "gaps.xlsx").write_bytes(r.content)
    book = openpyxl.load_workbook(tmp_path / "gaps.xlsx", read_only=True)
    rows = [
        row[1]
        for sheet in book.worksheets
        for row in sheet.iter_rows(HEADER_ROW + 1, values_only=True)
    ]
    assert rows == [f.explanation_zh for f in whole] and len(rows) > 2 * pages.GAPS_ROWS
    r = client.get("/gaps.xlsx", params={"unit": "税国镇"})
    assert r.status_code == 400 and "您是不是要找：税郭镇？" in text(r.text)


def test_unit_page_people_tasks_and_targets(client: TestClient) -> None:
    r = client.get(pages.map_path("unit", "u:枣庄市市中区市场监督管理局", as_of=DAY))
    assert r.status_code == 200
    t = text(r.text)
    assert "分管领导：冯某某（副局长）" in t
    r = client.get(pages.map_path("unit", "u:枣庄市市中区税郭镇", as_of=DAY))
    t = text(r.text)
    assert "三.(三).1 提升行政保护质效" in t
    # the 2024 licence target: 5 against 3 reported, yellow at 2024-12-10
    row = re.search(
        r'<tr><td>分解目标</td><td><a href="([^"]+)"> 知识产权专利开放许可 税郭镇 2024</a></td>'
        r"(.*?)</tr>",
        r.text,
    )
    assert row is not None and unquote(row.group(1)) == "/map/rollup/知识产权专利开放许可"
    row = re.search(r"</a></td>(.*?)$", row.group(0))
    assert row is not None
    assert "<td>5项</td><td>3</td>" in row.group(1) and 'class="status yellow">黄灯' in row.group(1)


@pytest.mark.parametrize(
    ("path", "words", "links"),
    [
        ("/nope/at/all", "没有这个页面：/nope/at/all", []),
        (
            pages.map_path("rollup", "知识产权专利开放许可", period="2099"),
            "《知识产权专利开放许可》没有2099期间的目标（已有期间：2024、2024-2026、2025、2026）",
            ["/map/rollup/知识产权专利开放许可?period=2024"],
        ),
        (
            pages.map_path("rollup", "知"),
            "“知”对应多个分解指标，请选择",
            ["/map/rollup/知识产权专利开放许可", "/map/rollup/知识产权培训次数"],
        ),
        (
            pages.map_path("unit", "税国镇"),
            "没有找到单位“税国镇”。您是不是要找",
            ["/map/unit/税郭镇"],
        ),
    ],
)
def test_every_404_is_the_chinese_page(
    client: TestClient, path: str, words: str, links: list[str]
) -> None:
    r = client.get(path)
    assert r.status_code == 404 and '<html lang="zh-CN">' in r.text
    assert words in text(r.text)
    assert set(links) <= set(hrefs(r.text))
