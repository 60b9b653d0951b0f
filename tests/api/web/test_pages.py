"""The leaders' web pages (api/pages.py) through the real app (create_app), and the
same app in headless Chromium (tools/browser_check.mjs, playwright-core) served by uvicorn.
"""

import html as html_mod
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import uvicorn
from starlette.applications import Starlette

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.api.web import pages
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.loaders import parse_text, read_notice
from dutygraph.visualize.style import GAP_RED
from dutygraph.visualize.svg_doc import read_svg

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TABLE = "知识产权专利开放许可"
HOSTILE = """枣庄市市中区人民政府办公室
关于印发《测试工作方案》的通知
测试工作方案
一、重点任务
（一）强化"保护"<script>alert(1)</script>&协同。加强协作。（牵头单位：区市场监督管理局；配合单位：区司法局）
"""

LOCAL = "http://localhost"  # the server answers only to its allowed Host names


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with Embedded(Store(tmp_path_factory.mktemp("pages") / "g.sqlite")) as db:
        db.load([read_notice(p) for p in NOTICES] + [parse_text(HOSTILE, file="hostile.txt")])
        yield db


@pytest.fixture(scope="module")
def app(backend: Embedded) -> Starlette:
    return create_app(backend, Settings(reads="open"))


@pytest.fixture(scope="module")
def client(app: Starlette) -> TestClient:
    return TestClient(app, base_url=LOCAL)


def hrefs(html: str) -> list[str]:
    return [unquote(html_mod.unescape(h)) for h in re.findall(r'href="([^"]+)"', html)]


def test_index_lists_groups_notices_tables_and_units(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text
    links = hrefs(r.text)
    assert "/map/org/g:枣庄市“春笋行动”工作领导小组" in links
    assert "/map/notice/n:枣市监中心字〔2019〕1号" in links
    assert f"/map/rollup/{TABLE}" in links
    assert "/map/unit/u:枣庄市市中区税郭镇" in links
    # Ids are URL-encoded in the page: ':' and Chinese never appear raw in an href.
    assert all(
        not re.search(r"[:\u4e00-\u9fff]", h) for h in re.findall(r'href="(/map/[^"]+)"', r.text)
    )
    assert "cdn" not in r.text.lower() and "<script" not in r.text


def test_rollup_page_inline_svg_red_gap_clickable_townships(client: TestClient) -> None:
    r = client.get(pages.map_path("rollup", TABLE))
    assert r.status_code == 200
    assert "<title>指标分解：知识产权专利开放许可（2024-2026） · 责任图谱</title>" in r.text
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>") + 6]
    doc = read_svg(svg)
    (gap,) = doc.with_class("gap")
    assert gap.fill == GAP_RED and gap.text.startswith("缺口35项")
    towns = doc.with_class("target")
    assert len(towns) == 11
    assert {unquote(t.href or "") for t in towns} >= {"/map/unit/u:枣庄市市中区税郭镇"}
    links = hrefs(r.text)
    assert f"/map/rollup/{TABLE}?format=png&period=2024-2026" in links
    assert f"/map/rollup/{TABLE}?format=pdf&period=2024-2026" in links
    assert f"/map/rollup/{TABLE}?period=2024" in links


def test_every_index_link_opens(client: TestClient) -> None:
    links = [h for h in re.findall(r'href="(/map/[^"]+)"', client.get("/").text)]
    assert len(links) > 80
    for href in links:
        r = client.get(href)
        assert r.status_code == 200, href
        assert "<svg" in r.text, href


def test_downloads(client: TestClient) -> None:
    r = client.get(pages.map_path("unit", "u:枣庄市市中区税郭镇", format="png"))
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    r = client.get(pages.map_path("org", "春笋行动", format="pdf"))
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = client.get(pages.map_path("org", "春笋行动", format="gif"))
    assert r.status_code == 404 and "不支持的格式" in r.text


def test_unknown_ids_give_chinese_404(client: TestClient) -> None:
    for kind, ident, words in [
        ("unit", "不存在的单位", "没有找到单位“不存在的单位”"),
        ("org", "没有这个小组", "没有找到领导机构“没有这个小组”"),
        ("rollup", "知", "“知”对应多个分解指标"),
        ("pie", "x", "没有“pie”这种图"),
    ]:
        r = client.get(pages.map_path(kind, ident))
        assert r.status_code == 404, kind
        assert '<html lang="zh-CN">' in r.text and words in r.text


def test_hostile_task_text_is_text_in_the_page(client: TestClient) -> None:
    r = client.get(pages.map_path("notice", "测试工作方案"))
    assert r.status_code == 200
    assert "<script" not in r.text
    assert "&lt;script&gt;alert（1）&lt;/script&gt;" in r.text


def test_static_stylesheet(client: TestClient) -> None:
    r = client.get("/static/pages.css")
    assert r.status_code == 200 and "font-size" in r.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(app: Starlette) -> Iterator[str]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


def browser(script: str, *args: str, timeout: float = 90) -> dict[str, Any]:
    """What a tools/browser_*.mjs check saw (its JSON), after it exited 0."""
    out = subprocess.run(
        ["node", str(ROOT / "tools" / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    seen: dict[str, Any] = json.loads(out.stdout)
    return seen


CHROMIUM = Path("/usr/bin/chromium")
PLAYWRIGHT = ROOT / "node_modules" / "playwright-core"


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_follows_index_to_rollup_and_township(server: str, tmp_path: Path) -> None:
    out = subprocess.run(
        ["node", str(ROOT / "tools" / "browser_check.mjs"), server, TABLE, "税郭镇", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    seen = json.loads(out.stdout)
    assert seen["index_title"] == "首页 · 责任图谱"
    assert seen["rollup_url"] == f"{server}/map/rollup/{TABLE}"
    assert seen["gap_fill"] == GAP_RED and "gap-under" in seen["gap_classes"]
    assert seen["gap_text"].startswith("缺口35项")
    assert seen["unit_url"] == f"{server}/map/unit/u:枣庄市市中区税郭镇"
    assert seen["unit_h1"] == "单位责任：枣庄市市中区税郭镇"
    for shot in ("rollup.png", "unit.png"):
        assert (tmp_path / shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert seen["blocked"] == []


def test_pages_follow_the_read_gate(backend: Embedded) -> None:
    closed = TestClient(
        create_app(backend, Settings(token="s3cret", reads="token")), base_url=LOCAL
    )
    assert closed.get("/").status_code == 401
    assert closed.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_graphiql_page_uses_the_packaged_scripts(client: TestClient) -> None:
    r = client.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', r.text)
    assert (
        "/static/vendor/graphiql.min.js" in scripts and "/static/vendor/graphiql.min.css" in scripts
    )
    assert all(s.startswith("/static/") for s in scripts), scripts
    assert "unpkg" not in r.text and "cdn" not in r.text.lower() and "<script>" not in r.text


@pytest.mark.skipif(not (pages.VENDOR / "graphiql.min.js").is_file(), reason="run make node")
def test_vendored_graphiql_is_served_with_its_licences(client: TestClient) -> None:
    js = client.get("/static/vendor/graphiql.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    manifest = json.loads((pages.VENDOR / "manifest.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name, meta in manifest.items():
        assert meta["license"] == "MIT", name
        assert meta["version"] == lock[f"node_modules/{meta['package']}"]["version"], name
    licences = client.get("/static/vendor/LICENSES.txt").text
    assert "==== graphiql 3.8.3 (MIT)" in licences and "==== react 18.2.0 (MIT)" in licences


def test_graphiql_without_its_scripts_says_how_to_install_them(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pages, "VENDOR", tmp_path)
    r = client.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 503 and '<html lang="zh-CN">' in r.text
    assert "make node" in r.text and "graphiql.min.js" in r.text


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
@pytest.mark.skipif(not (pages.VENDOR / "graphiql.min.js").is_file(), reason="run make node")
def test_browser_graphiql_offline_runs_a_query(server: str, tmp_path: Path) -> None:
    """Every request outside the server is aborted: GraphiQL still renders and runs a query."""
    out = subprocess.run(
        ["node", str(ROOT / "tools" / "browser_graphiql.mjs"), server, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    seen = json.loads(out.stdout)
    assert seen["title"] == "GraphiQL · 责任图谱" and seen["editor"] is True
    result = json.loads(seen["result"])
    (item,) = result["data"]["whoOwns"]["items"]
    assert item["label"] == "提升行政保护质效"
    assert {"unit": "枣庄市市中区市场监督管理局", "role": "owner"} in item["owners"]
    assert seen["blocked"] == [] and seen["failed"] == []
    assert (tmp_path / "graphiql.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


NOTICE_004 = "n:na3a8e7f37d"
BIG_ORG = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"


def test_map_page_legend_lists_what_the_map_draws(client: TestClient) -> None:
    org = client.get(pages.map_path("org", BIG_ORG)).text
    legend = org[org.index('id="legend"') :]
    assert "粗红线" not in legend and "缺口" not in legend  # no lead edges, no gap on an org map
    rollup = client.get(pages.map_path("rollup", TABLE, as_of="2024-12-10")).text
    legend = rollup[rollup.index('id="legend"') :]
    assert "缺口：分解合计低于总目标" in legend and "进度截至2024-12-10" in legend
    assert "粗红线" not in legend


def test_pdf_download_is_one_sheet_with_legend(client: TestClient) -> None:
    r = client.get(pages.map_path("org", BIG_ORG, format="pdf"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    (box,) = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)", r.content)
    # a sheet of A4 or A3, landscape: the map is wider than high
    assert (round(float(box[0])), round(float(box[1]))) in {(842, 595), (842, 596), (1191, 842)}
    svg = client.get(pages.map_path("unit", "税郭镇", format="svg")).text
    assert "图例" in svg and "实线：责任单位" in svg and "粗红线" not in svg


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_maps_outline_order_label_size_and_print(server: str, tmp_path: Path) -> None:
    """Network cut: a task map's sections top to bottom in outline order, with headings; the
    large org map at its own size with labels ≥ 12 px at 100%; print preview one A3 sheet with
    the legend and the date."""
    seen = browser(
        "browser_maps.mjs",
        server,
        pages.map_path("notice", NOTICE_004),
        pages.map_path("org", BIG_ORG),
        str(tmp_path),
        timeout=120,
    )
    assert seen["sections"] == [
        "三.(一) 提升知识产权创造能力",
        "三.(二) 提升知识产权运用效益",
        "三.(三) 强化知识产权保护体系",
        "三.(四) 提升知识产权服务能力",
        "五 保障措施",
    ]
    assert seen["clusters"] == seen["sections"]
    assert not [t for t in seen["tooltips"] if re.match(r"^(u|t|n|g|section|tg):", t)]
    assert len(seen["org_font_px"]) > 20 and min(seen["org_font_px"]) >= 12
    shown, natural = seen["org_width"]
    assert abs(shown - natural) < 1 and natural > 1000  # its own size (the page scrolls)
    assert seen["pdf_pages"] == 1
    width, height = (float(x) for x in seen["pdf_mediabox"].split()[2:])
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape, in points
    assert seen["print_legend"].startswith("图例") and seen["print_hidden"] == "none"
    assert seen["blocked"] == []
    for shot in ("notice.png", "org.png", "org-print.png"):
        assert (tmp_path / shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "org-print.pdf").read_bytes().startswith(b"%PDF")


def test_headline_indicator_opens_its_rollup(client: TestClient) -> None:
    r = client.get(pages.map_path("notice", NOTICE_004))
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>") + 6]
    indicators = read_svg(svg).with_class("indicator")
    licence = next(n for n in indicators if n.text.startswith("专利开放许可"))
    assert unquote(licence.href or "") == f"/map/rollup/{TABLE}"
    assert client.get(licence.href or "").status_code == 200


T000 = "t:n215db929d3:二.(一)"
"""Task 二.(一) 培育知识产权优势企业 of 枣市监中心字〔2019〕1号: five indicators, due 2022-12-31."""
N000 = "n:枣市监中心字〔2019〕1号"


def test_task_page_notice_section_owners_indicators_deadline_status(client: TestClient) -> None:
    r = client.get(pages.task_path(T000), params={"as_of": "2024-12-10"})
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text
    assert "<h1>二.(一) 培育知识产权优势企业</h1>" in r.text
    links = hrefs(r.text)
    # notice by 发文字号 and title, its section with heading, each owner to its unit page
    assert f"/notice/{N000}" in links and f"/notice/{N000}?section=二" in links
    assert f"/map/notice/{N000}" in links and "二 指标分解" in r.text
    assert "枣市监中心字〔2019〕1号" in r.text and "春笋行动" in r.text
    assert "/map/unit/u:枣庄市知识产权机构" in links
    assert '<td class="due">2022-12-31</td>' in r.text
    assert '<td class="status red">红灯：任务“培育知识产权优势企业”：5项中5项红灯' in r.text
    rows = re.findall(r'<tr id="i-\d+">(.*?)</tr>', r.text, re.S)
    assert len(rows) == 5
    assert "<td>≥30家（2020年）</td><td>未报</td>" in rows[0] and "status red" in rows[0]


def test_task_page_roles_rollup_and_escaping(client: TestClient, backend: Embedded) -> None:
    r = client.get("/task/探索推进专利开放许可")
    assert r.status_code == 200 and "<h1>三.(二).1 探索推进专利开放许可</h1>" in r.text
    assert f"/map/rollup/{TABLE}" in hrefs(r.text)  # its roll-up, as the ledger measures it
    hostile = next(
        n
        for n, a in backend.snapshot().nodes(data=True)
        if a["kind"] == "Task" and "<script>" in a["label"]
    )
    r = client.get(pages.task_path(hostile))
    assert r.status_code == 200 and "<script" not in r.text
    owners = re.findall(r"<tr><td>(牵头|配合|责任)</td><td><a [^>]+>([^<]+)</a>", r.text)
    assert owners == [
        ("牵头", "枣庄市市中区市场监督管理局"),
        ("配合", "枣庄市市中区司法局"),
    ]


def test_task_names_answer_with_did_you_mean_or_candidates(client: TestClient) -> None:
    r = client.get("/task/提升行政保户质效")
    assert r.status_code == 404 and '<html lang="zh-CN">' in r.text
    assert "没有找到任务“提升行政保户质效”。您是不是要找：" in r.text
    assert "/task/提升行政保护质效" in hrefs(r.text)
    assert "<h1>三.(三).1 提升行政保护质效</h1>" in client.get("/task/提升行政保护质效").text
    r = client.get("/task/提升")  # words of four tasks in three notices: never one picked
    assert r.status_code == 404 and "“提升”对应多项任务，请选择：" in r.text
    candidates = [h for h in hrefs(r.text) if h.startswith("/task/t:")]
    assert len(candidates) == 4 and "/task/t:na3a8e7f37d:三.(三).1" in candidates
    r = client.get(pages.task_path("t:nope:一"))
    assert r.status_code == 404 and "没有找到任务“t:nope:一”。" in r.text


def test_more_and_section_nodes_open_the_lists_they_stand_for(client: TestClient) -> None:
    svg = client.get(pages.map_path("notice", N000)).text
    doc = read_svg(svg[svg.index("<svg") : svg.index("</svg>") + 6])
    (annex,) = [n for n in doc.with_class("more") if "section" in unquote(n.href or "")]
    assert annex.text == "另有5项" and unquote(annex.href or "") == f"/notice/{N000}?section=附件1"
    r = client.get(annex.href or "")
    assert r.status_code == 200 and "附件1" in r.text
    listed = [h for h in hrefs(r.text) if h.startswith("/task/")]
    assert len(listed) == 17 and listed[0].endswith("附件1.row1") and listed[-1].endswith("row17")
    # Every node of every task map opens a page that answers.
    for notice in ("n:枣市监中心字〔2019〕1号", "n:国知办发管字〔2017〕30号", NOTICE_004):
        svg = client.get(pages.map_path("notice", notice)).text
        doc = read_svg(svg[svg.index("<svg") : svg.index("</svg>") + 6])
        drawn = [n for n in doc.nodes.values() if n.classes & {"task", "section", "more"}]
        assert drawn and all(n.href for n in drawn), notice
        for href in {(n.href or "").partition("#")[0] for n in drawn}:
            assert client.get(href).status_code == 200, unquote(href)
    svg = client.get(pages.map_path("notice", NOTICE_004)).text
    doc = read_svg(svg[svg.index("<svg") : svg.index("</svg>") + 6])
    (headline,) = [n for n in doc.with_class("more") if "#indicators" in (n.href or "")]
    page = client.get(headline.href or "").text
    assert 'id="indicators"' in page and len(re.findall(r'<tr id="i-\d+">', page)) == 19
    rollup = client.get(pages.map_path("rollup", TABLE)).text
    (head,) = read_svg(rollup[rollup.index("<svg") : rollup.index("</svg>") + 6]).with_class(
        "headline"
    )
    assert unquote(head.href or "") == f"/notice/{NOTICE_004}#indicators"
    unit = client.get(pages.map_path("unit", "u:枣庄市市中区税郭镇")).text
    (more,) = read_svg(unit[unit.index("<svg") : unit.index("</svg>") + 6]).with_class("more")
    assert unquote(more.href or "") == "/map/unit/u:枣庄市市中区税郭镇#duties"
    assert '<h2 id="duties">' in unit


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_click_a_task_node_and_a_more_node(server: str, tmp_path: Path) -> None:
    """Network cut: a click on a task of a task map opens its page; one on a section's
    另有K项 opens the list of that section's tasks."""
    task = "二.(一) 培育知识产权优势企业"
    seen = browser("browser_task.mjs", server, pages.map_path("notice", N000), task, str(tmp_path))
    assert seen["task_url"] == f"{server}/task/{T000}"
    assert seen["task_h1"] == "二.(一) 培育知识产权优势企业"
    assert seen["task_owners"] == ["枣庄市各区（市）市场监督管理局", "枣庄市知识产权机构"]
    assert (
        seen["task_tooltip"].startswith("培育知识产权优势企业。")
        and "点击查看任务详情" in (seen["task_tooltip"])
    )
    assert seen["more_text"] == "另有5项"
    assert seen["more_url"] == f"{server}/notice/{N000}?section=附件1"
    assert seen["more_tasks"] == 17
    assert seen["blocked"] == []
    for shot in ("task.png", "more.png"):
        assert (tmp_path / shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_click_an_org_map_node_opens_the_member_list(server: str, tmp_path: Path) -> None:
    """Network cut: on the 市中区 group's org map, the node saying the notice names no leaders
    opens the group's member list, which lists the region and its 11 townships."""
    group = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"
    seen = browser("browser_org.mjs", server, pages.map_path("org", group), str(tmp_path))
    assert seen["more_text"] == "通知未列明组长、副组长"
    assert seen["more_tooltip"] == "通知未列明组长、副组长（点击查看成员名单）"
    assert seen["members_url"] == f"{server}/members/{group}#leaders"
    assert seen["members_h1"] == f"成员名单：{group.removeprefix('g:')}"
    assert seen["towns"] == 11
    assert seen["blocked"] == []
    assert (tmp_path / "members.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_gaps_page_pages_and_prints_one_a4_sheet(server: str, tmp_path: Path) -> None:
    """Network cut: the gaps page counts every finding by kind, shows GAPS_ROWS of them, pages
    with 下一页 / 上一页 and the page-number box; a page prints on one A4 sheet without the
    form and links (progress findings: the longest lines)."""
    seen = browser("browser_gaps.mjs", server, "/gaps?as_of=2024-12-10", "7", str(tmp_path))
    total = int(re.findall(r"共(\d+)项", seen["h1"])[0])
    pages_n = -(-total // pages.GAPS_ROWS)
    assert seen["counts"][0][:3] == ["按类型", "目标分解", "无责任单位"]
    assert seen["counts"][-1][0] == "合计" and sum(map(int, seen["counts"][-1][1:])) == total
    rows = pages.GAPS_ROWS
    assert seen["pager"] == f"第1页 / 共{pages_n}页（第1–{rows}项）"
    assert [r[0] for r in seen["first_rows"]] == [str(n) for n in range(1, rows + 1)]
    assert seen["next_url"] == f"{server}/gaps?as_of=2024-12-10&page=2"
    assert seen["next_pager"] == f"第2页 / 共{pages_n}页（第{rows + 1}–{2 * rows}项）"
    assert seen["next_first"][0] == str(rows + 1) and seen["prev_first"][0] == "1"
    assert seen["jump_pager"].startswith(f"第7页 / 共{pages_n}页")
    assert seen["export"] == "/gaps.xlsx?as_of=2024-12-10"
    assert seen["print_form"] == "none" and seen["pdf_pages"] == 1
    width, height = (float(x) for x in seen["pdf_mediabox"].split()[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    assert seen["blocked"] == []
    assert (tmp_path / "gaps.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
