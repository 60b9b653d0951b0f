"""Org maps through the real app: every node opens a page that answers, and the group's member
list (/members/…) lists every unit a 另有K项 node stands for, each linked to its unit page."""

import html as html_mod
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.api.web import pages
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice
from dutygraph.visualize.svg_doc import read_svg

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SHIZHONG = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with Embedded(Store(tmp_path_factory.mktemp("org") / "g.sqlite")) as db:
        db.load([read_notice(p) for p in NOTICES])
        yield TestClient(create_app(db, Settings(reads="open")), base_url="http://localhost")


def _svg(page: str) -> str:
    return page[page.index("<svg") : page.index("</svg>") + 6]


def test_every_node_of_every_org_map_opens_a_page(client: TestClient) -> None:
    index = client.get("/").text
    groups = sorted({unquote(h) for h in re.findall(r'href="/map/org/([^"]+)"', index)}, key=str)
    assert len(groups) == 6
    for gid in groups:
        svg = _svg(client.get(pages.map_path("org", gid)).text)
        doc = read_svg(svg)
        assert [n.text for n in doc.nodes.values() if not n.href] == [], gid
        targets = {html_mod.unescape(h) for h in re.findall(r'<a xlink:href="([^"]+)"', svg)}
        assert len(targets) >= 3, gid
        for href in targets:
            assert client.get(href.partition("#")[0]).status_code == 200, unquote(href)
        # Tooltips are Chinese words: never a graph id (g:…, u:…, n:…).
        tips = [html_mod.unescape(t) for t in re.findall(r'xlink:title="([^"]*)"', svg)]
        assert tips and not [t for t in tips if re.search(r"\b[gun]:", t)], gid
    # The group node opens its member list.
    doc = read_svg(_svg(client.get(pages.map_path("org", SHIZHONG)).text))
    (group,) = doc.with_class("group")
    assert unquote(group.href or "") == f"/members/{SHIZHONG}"
    (nobody,) = doc.with_class("more")
    assert unquote(nobody.href or "") == f"/members/{SHIZHONG}#leaders"


def test_member_list_names_every_unit_linked_to_its_page(client: TestClient) -> None:
    r = client.get(pages.members_path(SHIZHONG))
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text and "<script" not in r.text
    assert "通知未列明组长、副组长" in r.text
    region = r.text[r.text.index('<h2 id="region">') :]
    towns = [unquote(h) for h in re.findall(r'href="(/map/unit/[^"]+)"', region)]
    # 市中区 and its 11 townships (the map draws them all: 11 is under the cap of 12).
    assert len(towns) == 12 and "/map/unit/u:枣庄市市中区税郭镇" in towns
    for href in towns:
        assert client.get(href).status_code == 200, href
    # By name, as the map pages take it; an unknown name is the Chinese 404 with suggestions.
    assert client.get("/members/春笋行动").status_code == 200
    r = client.get("/members/没有这个小组")
    assert r.status_code == 404 and "没有找到领导机构“没有这个小组”" in r.text
