"""Two notices must not silently become one (issue 17, item 2).

tests/graph/data/forward_chunsun.txt is a 转发 notice (our own text) of 枣庄市市中区市场监督管理局
that quotes the forwarded 枣市监中心字〔2019〕1号 (sample 000) alone on a line near its top.
"""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutygraph.api.cli.main import app
from dutygraph.graph.store import NoticeClash, Store
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

ROOT = Path(__file__).resolve().parents[3]
FORWARD = ROOT / "tests" / "graph" / "data" / "forward_chunsun.txt"
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
N000 = "n:枣市监中心字〔2019〕1号"


def _counts(s: Store, notice: str) -> dict[str, int]:
    """Tasks, leaders and groups that `notice` (a parse id) states."""
    out = {"Task": 0, "Leader": 0, "Group": 0}
    for _, a in s.graph.nodes(data=True):
        if a["kind"] in out and notice in a["notices"]:
            out[a["kind"]] += 1
    return out


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = FORWARD.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / "forward_variant.txt"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_forwarding_notice_gets_its_own_id() -> None:
    r = read_notice(FORWARD)
    n = r.notice
    assert n.doc_number is None
    assert n.id != read_notice(NOTICES[0]).notice.id
    assert n.issuer == "枣庄市市中区市场监督管理局"
    assert n.forwards == ["枣市监中心字〔2019〕1号"]
    assert n.cites == ["枣市监中心字〔2019〕1号"]
    assert n.implements == ["枣市监中心字〔2019〕1号"]  # 现转发给你们…请一并抓好落实
    assert [t.path for t in r.tasks] == ["一", "二", "三"]


def test_number_quoted_in_a_forwarding_title_is_not_its_own(tmp_path: Path) -> None:
    title = "关于转发《关于印发〈加快推进落实“春笋行动”大力培育具有自主知识产权企业实施方案〉的通知》的通知"
    path = _variant(tmp_path, title, title[:-3] + "（枣市监中心字〔2019〕1号）的通知")
    n = read_notice(path).notice
    assert n.doc_number is None
    assert n.forwards == ["枣市监中心字〔2019〕1号"]


def test_forwarding_for_information_only_does_not_implement(tmp_path: Path) -> None:
    path = _variant(tmp_path, "请一并抓好落实。", "供参阅。")
    n = read_notice(path).notice
    assert n.forwards == ["枣市监中心字〔2019〕1号"]
    assert n.implements == []


def test_own_number_above_the_title_is_kept(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "枣庄市市中区市场监督管理局\n",
        "枣庄市市中区市场监督管理局\n枣市中市监发〔2019〕35号\n",
    )
    n = read_notice(path).notice
    assert n.doc_number == "枣市中市监发〔2019〕35号"
    assert n.forwards == ["枣市监中心字〔2019〕1号"]


def test_loading_beside_the_forwarded_notice_keeps_both(
    tmp_path: Path, results: list[ParseResult]
) -> None:
    with Store(tmp_path / "g.sqlite") as s:
        s.load(results)
        before = _counts(s, "n215db929d3")
        assert before == {"Task": 24, "Leader": 4, "Group": 1}
        s.load([read_notice(FORWARD)])
        assert _counts(s, "n215db929d3") == before
        fwd = read_notice(FORWARD).notice.id
        assert _counts(s, fwd) == {"Task": 3, "Leader": 0, "Group": 0}
        assert len(s.notices()) == 6
        (src,) = [u for u, v, a in s.graph.in_edges(N000, data=True) if a["kind"] == "FORWARDS"]
        assert s.graph.nodes[src]["props"]["notice"] == fwd
        assert s.graph.has_edge(src, N000, "IMPLEMENTS")
        assert s.graph.has_edge(src, N000, "CITES")
        assert s.graph.nodes[N000]["props"]["stub"] is False  # still 000 itself, not a stub


def test_a_clashing_load_is_refused_unless_replace(
    tmp_path: Path, results: list[ParseResult]
) -> None:
    """A notice that prints 000's number as its own has 000's id: refused, store unchanged."""
    clash = _variant(
        tmp_path,
        "枣庄市市中区市场监督管理局\n",
        "枣庄市市中区市场监督管理局\n枣市监中心字〔2019〕1号\n",
    )
    assert read_notice(clash).notice.id == "n215db929d3"
    store = tmp_path / "g.sqlite"
    with Store(store) as s:
        s.load(results)
        counts = s.counts()
        with pytest.raises(NoticeClash, match="--replace"):
            s.load([read_notice(clash)])
        assert s.counts() == counts
    runner = CliRunner()
    res = runner.invoke(app, ["load", "--store", str(store), str(clash)])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {clash.name}: notice id n215db929d3 already belongs to")
    assert "--replace" in lines[0] and "nothing loaded" in lines[0]
    with Store(store) as s:
        assert s.counts() == counts
    res = runner.invoke(app, ["load", "--replace", "--store", str(store), str(clash)])
    assert res.exit_code == 0, res.output
    with Store(store) as s:
        assert _counts(s, "n215db929d3") == {"Task": 3, "Leader": 0, "Group": 0}


def test_same_notice_again_needs_no_replace(tmp_path: Path, results: list[ParseResult]) -> None:
    with Store(tmp_path / "g.sqlite") as s:
        s.load(results)
        s.load(results)  # the same titles and issuers: an ordinary re-load
        two = [read_notice(FORWARD), read_notice(FORWARD)]
        s.load(two)
        assert len(s.notices()) == 6
