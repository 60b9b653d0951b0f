"""`dutygraph render`: each kind to a file, `all` into a directory, one-line errors."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutygraph.api.cli import app
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice
from dutygraph.visualize.svg_doc import read_svg

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli_maps") / "g.sqlite"
    with Store(path) as s:
        s.load([read_notice(p) for p in NOTICES])
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_render_each_kind(store: Path, tmp_path: Path) -> None:
    code, _, err = invoke(
        "render",
        "rollup",
        "知识产权专利开放许可",
        "-o",
        str(tmp_path / "r.svg"),
        "--store",
        str(store),
    )
    assert code == 0, err
    assert "wrote" in err and "指标分解：知识产权专利开放许可（2024-2026）" in err
    (gap,) = read_svg((tmp_path / "r.svg").read_bytes()).with_class("gap")
    assert gap.text.startswith("缺口35项")
    code, _, err = invoke(
        "render", "org", "春笋行动", "-o", str(tmp_path / "o.pdf"), "--store", str(store)
    )
    assert code == 0 and (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = invoke(
        "render", "unit", "税郭镇", "-o", str(tmp_path / "u.png"), "--store", str(store)
    )
    assert code == 0 and (tmp_path / "u.png").read_bytes()[:4] == b"\x89PNG"
    code, _, err = invoke(
        "render",
        "notice",
        "枣市监中心字〔2019〕1号",
        "-o",
        str(tmp_path / "n.svg"),
        "--store",
        str(store),
    )
    assert code == 0
    doc = read_svg((tmp_path / "n.svg").read_bytes())
    # 24 tasks: 附件1's 17 table rows are capped at 12 with one 另有5项 node.
    assert len(doc.with_class("task")) == 19
    assert [n.text for n in doc.with_class("more")] == ["另有5项"]


def test_render_period(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r2024.svg"
    code, _, err = invoke(
        "render",
        "rollup",
        "知识产权专利开放许可",
        "--period",
        "2024",
        "-o",
        str(out),
        "--store",
        str(store),
    )
    assert code == 0, err
    doc = read_svg(out.read_bytes())
    assert doc.with_class("gap") == [] and doc.containing("分解合计 55项")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["unit", "不存在", "-o", "x.svg"], "error: no unit matches '不存在'"),
        (["rollup", "知", "-o", "x.svg"], "error: '知' matches 4 allocation tables"),
        (["org", "春笋行动", "-o", "x.gif"], "error: x.gif: unknown format '.gif'"),
        (["pie", "x", "-o", "x.svg"], "error: unknown map kind 'pie'"),
        (["unit"], "error: render unit needs an ID"),
    ],
)
def test_render_errors_one_line(store: Path, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = invoke("render", *args, "--store", str(store))
    assert code == 1
    lines = [ln for ln in err.splitlines() if not ln.startswith("note:")]
    assert len(lines) == 1 and lines[0].startswith(message)


def test_render_without_dot_writes_source(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = invoke(
        "render", "org", "春笋行动", "-o", str(tmp_path / "o.svg"), "--store", str(store)
    )
    assert code == 1
    (line,) = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert "Graphviz `dot` is not installed" in line and "o.dot" in line
    assert "王光明 组长" in (tmp_path / "o.dot").read_text("utf-8")


def test_render_all(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    code, stdout, err = invoke(
        "render", "all", "-o", str(out), "--formats", "svg", "--store", str(store)
    )
    assert code == 0, err
    files = sorted(p.name for p in out.iterdir() if p.name != "地图清单.csv")
    assert len(files) == 61 and all(f.endswith(".svg") for f in files)
    assert "rollup-知识产权专利开放许可.svg" in files and "unit-枣庄市市中区税郭镇.svg" in files
    assert "org-枣庄市“春笋行动”工作领导小组.svg" in files
    # stdout stays short; the list of maps is a file beside them
    assert stdout.startswith("已生成61张图（") and len(stdout.splitlines()) == 2
    assert f"地图清单：{out / '地图清单.csv'}" in stdout
    listing = (out / "地图清单.csv").read_text(encoding="utf-8-sig")
    assert (
        "指标分解,指标分解：知识产权专利开放许可（2024-2026）,rollup-知识产权专利开放许可.svg"
        in listing
    )
    assert f"wrote 61 files to {out}" in err
