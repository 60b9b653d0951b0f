"""Maps coloured by traffic lights: the web pages' ?as_of= and `dutygraph render --as-of`,
on the five samples plus the example progress spreadsheet (税郭镇 reported 3 of 5 for 2024).
"""

import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from dutygraph.api.app import create_app
from dutygraph.api.cli import app as cli
from dutygraph.api.settings import Settings
from dutygraph.api.web import pages
from dutygraph.graph.backends import Embedded
from dutygraph.graph.imports import import_progress
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice
from dutygraph.visualize.labels import node_name
from dutygraph.visualize.style import STATUS_FILL
from dutygraph.visualize.svg_doc import SvgDoc, SvgNode, read_svg

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
PROGRESS = ROOT / "examples" / "progress" / "shizhong_progress_example.xlsx"
TABLE = "知识产权专利开放许可"
SHUIGUO = "u:枣庄市市中区税郭镇"
LONGSHAN = "u:枣庄市市中区龙山路街道"

LOCAL = "http://localhost"  # the server answers only to its allowed Host names


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("lights") / "g.sqlite"
    with Embedded(Store(path)) as db:
        db.load([read_notice(p) for p in NOTICES])
        assert import_progress(db, PROGRESS).imported > 0
    yield path


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with Embedded(Store(store)) as db:
        yield TestClient(create_app(db, Settings(reads="open")), base_url=LOCAL)


def _svg(html: str) -> SvgDoc:
    return read_svg(html[html.index("<svg") : html.index("</svg>") + 6])


def _node(doc: SvgDoc, graph_id: str) -> SvgNode:
    return doc.nodes[node_name(graph_id)]


def _light(n: SvgNode) -> tuple[str | None, str | None]:
    lights = [c.removeprefix("status-") for c in n.classes if c.startswith("status-")]
    return (lights[0] if lights else None), n.fill


def test_rollup_page_colours_townships_by_as_of(client: TestClient) -> None:
    page = pages.map_path("rollup", TABLE, period="2024", as_of="2024-08-01")
    r = client.get(page)
    assert r.status_code == 200 and "进度截至2024-08-01" in r.text
    doc = _svg(r.text)
    # 3 reported by July against a pro-rated 2.9: on track; 龙山路街道 reported 0.
    assert _light(_node(doc, SHUIGUO)) == ("green", STATUS_FILL["green"])
    assert _light(_node(doc, LONGSHAN)) == ("red", STATUS_FILL["red"])
    assert "target" in _node(doc, SHUIGUO).classes
    assert "实际 3项" in _node(doc, SHUIGUO).text  # the reported value beside the target
    total = next(n for n in doc.with_class("total"))
    assert _light(total)[0] == "yellow"  # 合计 30 against a pro-rated 32.2
    assert "实际完成 29项" in total.text  # the townships' reports add up to 29 (the file says 30)
    later = _svg(
        client.get(pages.map_path("rollup", TABLE, period="2024", as_of="2025-01-10")).text
    )
    assert _light(_node(later, SHUIGUO)) == ("red", STATUS_FILL["red"])  # the year is over, 2 short
    before = _svg(
        client.get(pages.map_path("rollup", TABLE, period="2024", as_of="2023-06-01")).text
    )
    assert _light(_node(before, SHUIGUO))[0] is None  # grey: the period has not started
    links = [unquote(html.unescape(h)) for h in re.findall(r'href="([^"]+)"', r.text)]
    assert f"/map/rollup/{TABLE}?format=png&period=2024&as_of=2024-08-01" in links
    assert f"/map/rollup/{TABLE}?period=2024-2026&as_of=2024-08-01" in links


def test_unit_page_colours_the_cards_targets(client: TestClient) -> None:
    r = client.get(pages.map_path("unit", LONGSHAN, as_of="2024-08-01"))
    assert r.status_code == 200
    doc = _svg(r.text)
    assert _light(_node(doc, LONGSHAN))[0] == "red"  # the worst of the targets it owns
    assert any(_light(n)[0] == "red" for n in doc.with_class("target"))


def test_a_bad_as_of_is_a_chinese_400(client: TestClient) -> None:
    r = client.get(pages.map_path("rollup", TABLE, as_of="2024-13-01"))
    assert r.status_code == 400 and "日期“2024-13-01”无法识别" in r.text


def test_render_as_of_colours_the_file(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.svg"
    args = ["render", "rollup", TABLE, "--period", "2024", "-o", str(out), "--store", str(store)]
    result = runner.invoke(cli, [*args, "--as-of", "2024-08-01"])
    assert result.exit_code == 0, result.stderr
    doc = read_svg(out.read_bytes())
    assert _light(_node(doc, SHUIGUO)) == ("green", STATUS_FILL["green"])
    assert _light(_node(doc, LONGSHAN)) == ("red", STATUS_FILL["red"])
    assert runner.invoke(cli, args).exit_code == 0  # without --as-of: no lights
    assert _light(_node(read_svg(out.read_bytes()), SHUIGUO))[0] is None
    result = runner.invoke(cli, [*args, "--as-of", "next week"])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "error: --as-of 'next week' is not a date; write it as 2024-12-31"
    )
