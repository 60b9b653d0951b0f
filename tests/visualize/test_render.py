"""SVG, PNG and PDF output, and the one-line error (plus .dot source) when dot is missing."""

from pathlib import Path

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.visualize.maps import build_map
from dutygraph.visualize.render import DotMissing, format_of, render_bytes, render_file, svg_text


def test_formats(samples: Embedded, tmp_path: Path) -> None:
    m = build_map(samples, "rollup", "知识产权专利开放许可")
    assert render_file(m.graph, tmp_path / "r.svg").read_text("utf-8").startswith("<?xml")
    assert render_file(m.graph, tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = render_file(m.graph, tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert svg_text(m.graph).startswith("<svg")
    assert not (tmp_path / "r.dot").exists()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format '.gif'"):
        format_of(Path("map.gif"))
    with pytest.raises(ValueError, match="unknown format 'jpg'"):
        render_bytes(__import__("graphviz").Digraph(), "jpg")


def test_dot_missing_says_so_and_writes_source(
    samples: Embedded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = build_map(samples, "org", "春笋行动")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DotMissing) as err:
        render_file(m.graph, tmp_path / "org.png")
    message = str(err.value)
    assert "\n" not in message and "Graphviz `dot` is not installed" in message
    assert str(tmp_path / "org.dot") in message
    source = (tmp_path / "org.dot").read_text("utf-8")
    assert source.startswith("digraph org {") and "王光明 组长" in source
    assert not (tmp_path / "org.png").exists()
