"""Re-importing a notice keeps the graph whole (issue 17, item 1).

Load the samples, import the example progress and enterprise files and make a hand edit, then
load 004 again: unchanged, with a table renamed, with a table removed, with lines and items
shifted. After each, every edge has two ends with a kind; facts whose item is gone are kept and
reported as orphans; facts whose item moved follow it.
"""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dutygraph.graph.store.embedded as store_mod
from dutygraph.api.cli.main import app
from dutygraph.graph.backends import Embedded
from dutygraph.graph.gaps import find_gaps
from dutygraph.graph.imports import import_enterprises, import_progress, record_progress
from dutygraph.graph.imports.edits import assign_owner
from dutygraph.graph.model import EDGE_KINDS, NODE_KINDS
from dutygraph.graph.queries.export import export
from dutygraph.graph.store import Store
from dutygraph.graph.store.integrity import Moves, reattach
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SAMPLE_004 = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"
PROGRESS = ROOT / "examples" / "progress" / "shizhong_progress_example.xlsx"
ENTERPRISES = ROOT / "examples" / "enterprises" / "shizhong_enterprises_example.xlsx"
TABLE_LINE = "三、知识产权专利开放许可（项）"
TASK_3 = "t:na3a8e7f37d:三.(一).3"
"""三.(一).3 推进贯标认证工作; 三.(一).4 once a corrected notice inserts an item before it."""


def _variant(tmp_path: Path, edit: str) -> Path:
    """A corrected copy of 004 under the same file name (so the same notice id)."""
    text = SAMPLE_004.read_text(encoding="utf-8")
    lines = text.split("\n")
    if edit == "same":
        pass
    elif edit == "renamed":
        assert lines[246] == TABLE_LINE
        lines[246] = "三、专利开放许可项目（项）"
    elif edit == "removed":
        start = lines.index(TABLE_LINE)
        end = next(k for k in range(start + 1, len(lines)) if lines[k].startswith("四、"))
        del lines[start:end]
    elif edit == "shifted":
        # A line inserted near the top moves every indicator's line; an item inserted before
        # 三.(一).1 renumbers the items after it (paths move, words stay).
        lines.insert(10, "（此件由区政府办公室更正后重新印发）")
        k = next(i for i, ln in enumerate(lines) if ln.startswith("1.培育和引进高价值专利"))
        lines[k + 2] = "4." + lines[k + 2].removeprefix("3.")
        lines[k + 1] = "3." + lines[k + 1].removeprefix("2.")
        lines[k] = "2." + lines[k].removeprefix("1.")
        lines.insert(
            k, "1.加强知识产权宣传。组织知识产权宣传周活动。（责任单位：区市场监督管理局）"
        )
    out = tmp_path / edit / SAMPLE_004.name
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


@pytest.fixture
def full(tmp_path: Path) -> Store:
    """Samples, progress, enterprises, one recorded indicator value and one hand edit."""
    s = Store(tmp_path / "g.sqlite")
    s.load([read_notice(p) for p in NOTICES])
    db = Embedded(s)
    assert import_progress(db, PROGRESS).imported == 14
    import_enterprises(db, ENTERPRISES)
    record_progress(db, "合计", "知识产权质押贷款", "2024", 1.5e8)
    assign_owner(db, TASK_3, "区财政局", "co")
    return s


def _walk(s: Store) -> None:
    """Every edge of the graph has both ends, each with a kind; every stored edge row is in
    the graph or listed as an orphan."""
    g = s.graph
    for u, v, key, a in g.edges(keys=True, data=True):
        assert u in g and v in g, (u, v, key)
        assert g.nodes[u].get("kind") in NODE_KINDS, (u, key)
        assert g.nodes[v].get("kind") in NODE_KINDS, (v, key)
        assert a["kind"] in EDGE_KINDS
    orphaned = {(o.src, o.dst, o.kind) for o in s.orphans()}
    rows = s.conn.execute("SELECT src, dst, key, kind FROM edges").fetchall()
    for src, dst, key, kind in rows:
        assert g.has_edge(src, dst, key) or (src, dst, kind) in orphaned, (src, dst, key)


def _reports(s: Store) -> dict[str, str]:
    """Report id -> the item its REPORTS edge reaches in the graph."""
    return {
        u: v
        for u, v, a in s.graph.edges(data=True)
        if a["kind"] == "REPORTS" and s.graph.nodes[u]["kind"] == "Report"
    }


def _queries_answer(s: Store) -> None:
    db = Embedded(s)
    assert db.owners("提升行政保护质效")[0].owners
    assert db.responsibilities("税郭镇")
    assert db.rollup("发明专利")
    find_gaps(s.graph)
    assert export(s.graph, "json")
    assert export(s.graph, "graphml")


def test_same_notice_again_keeps_everything(full: Store, tmp_path: Path) -> None:
    before = _reports(full)
    assert len(before) == 15
    full.load([read_notice(_variant(tmp_path, "same"))])
    _walk(full)
    assert full.orphans() == []
    assert _reports(full) == before
    _queries_answer(full)


def test_renamed_table_orphans_its_reports_and_keeps_them(full: Store, tmp_path: Path) -> None:
    full.load([read_notice(_variant(tmp_path, "renamed"))])
    _walk(full)
    orphans = full.orphans()
    # The 12 township reports on 知识产权专利开放许可 2024 lose their targets; the 合计 one and
    # the enterprises' patent links (other tables) stay attached.
    reports = [o for o in orphans if o.kind == "REPORTS"]
    assert len(reports) == 12
    assert all(o.source.startswith("progress:") and o.missing.startswith("tg:") for o in reports)
    assert {o.kind for o in orphans} == {"REPORTS"}
    assert len(_reports(full)) == 15 - 12
    # Kept: the Report nodes are still there, and their rows are still in the file.
    assert all(o.src in full.graph for o in reports)
    findings = [f for f in find_gaps(full.graph) if f.kind == "orphaned"]
    assert len(findings) == 12
    assert "重新导入通知后已不存在" in findings[0].explanation_zh
    assert findings[0].notice == "na3a8e7f37d"
    _queries_answer(full)
    # The corrected table is there under its new name, with 11 townships.
    assert len(Embedded(full).rollup("专利开放许可项目")[0].children) == 11
    # Loading the original again brings the targets back and the reports with them.
    full.load([read_notice(SAMPLE_004)])
    _walk(full)
    assert full.orphans() == []
    assert len(_reports(full)) == 15


def test_removed_table_orphans_reports_and_enterprise_links(full: Store, tmp_path: Path) -> None:
    full.load([read_notice(_variant(tmp_path, "removed"))])
    _walk(full)
    assert {o.kind for o in full.orphans()} == {"REPORTS"}
    assert len(full.orphans()) == 12
    assert not Embedded(full).rollup("知识产权专利开放许可")
    _queries_answer(full)
    full.close()
    with Store(full.path) as again:  # the orphans are kept in the file, found again on open
        _walk(again)
        assert len(again.orphans()) == 12


def test_shifted_items_keep_their_reports_edits_and_enterprises(
    full: Store, tmp_path: Path
) -> None:
    g = full.graph
    old_indicator = "i:na3a8e7f37d:二.(二).2:L23:3"  # 知识产权质押贷款
    assert g.nodes[old_indicator]["label"] == "知识产权质押贷款"
    contributes_before = sorted(
        (u, g.nodes[v]["label"]) for u, v, a in g.edges(data=True) if a["kind"] == "CONTRIBUTES_TO"
    )
    assert any(label == "培育国家优势、示范企业" for _, label in contributes_before)
    full.load([read_notice(_variant(tmp_path, "shifted"))])
    _walk(full)
    assert full.orphans() == []
    g = full.graph
    assert old_indicator not in g
    moved = "i:na3a8e7f37d:二.(二).2:L24:3"
    assert g.nodes[moved]["label"] == "知识产权质押贷款"
    (report,) = [r for r, item in _reports(full).items() if item == moved]
    assert g.nodes[report]["props"]["item"] == moved
    assert g.nodes[report]["props"]["value"] == 1.5e8
    contributes_after = sorted(
        (u, g.nodes[v]["label"]) for u, v, a in g.edges(data=True) if a["kind"] == "CONTRIBUTES_TO"
    )
    assert contributes_after == contributes_before
    # The hand edit followed 推进贯标认证工作 from 三.(一).3 to 三.(一).4.
    owners = {
        (r.unit, r.role)
        for r in Embedded(full).owners_of(["t:na3a8e7f37d:三.(一).4"])["t:na3a8e7f37d:三.(一).4"]
    }
    assert ("枣庄市市中区财政局", "co") in owners
    assert full.edits()[0].args["item"] == "t:na3a8e7f37d:三.(一).4"
    assert g.nodes[TASK_3]["label"].startswith("推进贯标认证工作") is False


def test_cli_load_warns_of_orphans_and_queries_answer(full: Store, tmp_path: Path) -> None:
    path = full.path
    full.close()
    runner = CliRunner()
    res = runner.invoke(app, ["load", "--store", str(path), str(_variant(tmp_path, "renamed"))])
    assert res.exit_code == 0, res.output
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(warnings) == 12
    assert "进度报送" in warnings[0] and "已不存在" in warnings[0]
    for args in (
        ["owners", "提升行政保护质效"],
        ["duties", "税郭镇"],
        ["rollup", "专利开放许可"],
        ["gaps", "--kind", "orphaned"],
        ["export", "-f", "graphml", "-o", str(tmp_path / "g.graphml")],
    ):
        res = runner.invoke(app, [*args, "--store", str(path)])
        assert res.exit_code == 0, (args, res.output)
        assert "Traceback" not in res.output
    res = runner.invoke(
        app, ["gaps", "--kind", "orphaned", "--format", "json", "--store", str(path)]
    )
    assert res.stdout.count('"kind": "orphaned"') == 12
    # Loading the same corrected file again orphans nothing new: no warnings.
    res = runner.invoke(app, ["load", "--store", str(path), str(_variant(tmp_path, "renamed"))])
    assert res.exit_code == 0 and "warning" not in res.stderr


def test_pages_and_graphql_answer_after_a_renamed_table(full: Store, tmp_path: Path) -> None:
    from tests.api.conftest import Api

    full.load([read_notice(_variant(tmp_path, "renamed"))])
    api = Api(Embedded(full))
    assert api.client.get("/").status_code == 200
    for kind, ident in (
        ("unit", "税郭镇"),
        ("rollup", "专利开放许可项目"),
        ("notice", "na3a8e7f37d"),
    ):
        assert api.client.get(f"/map/{kind}/{ident}").status_code == 200, (kind, ident)
    body = api.gql(
        '{ gaps(kinds: ["orphaned"]) { totalCount } rollup(indicator: "专利开放许可") { items { table } } }'
    )
    assert "errors" not in body, body
    assert body["data"]["gaps"]["totalCount"] == 12
    assert {r["table"] for r in body["data"]["rollup"]["items"]} == {"专利开放许可项目"}


def test_failed_reimport_rolls_back_the_reattachment(
    full: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-attachment is part of the load's transaction: a later failure undoes it too."""

    def dump() -> list[tuple[object, ...]]:
        conn = sqlite3.connect(full.path)
        try:
            return [*conn.execute("SELECT * FROM edges ORDER BY 1, 2, 3, 4")] + [
                *conn.execute("SELECT * FROM edits ORDER BY seq")
            ]
        finally:
            conn.close()

    before = dump()
    real = reattach

    def then_fail(*args: Any) -> Moves:
        moves = real(*args)
        assert moves.moved  # the shifted notice did move facts before the failure
        raise RuntimeError("injected failure")

    monkeypatch.setattr(store_mod, "reattach", then_fail)
    with pytest.raises(RuntimeError, match="injected"):
        full.load([read_notice(_variant(tmp_path, "shifted"))])
    assert dump() == before
    _walk(full)


def test_enterprise_links_and_hand_edits_orphaned_then_back(full: Store) -> None:
    """A version of 004 without the 国家知识产权优势、示范企业 table and without 三.(一).3."""
    r = read_notice(SAMPLE_004)
    table = "国家知识产权优势、示范企业"
    cut = r.model_copy(
        update={
            "targets": [t for t in r.targets if t.table != table],
            "stated_totals": [t for t in r.stated_totals if t.table != table],
            "tasks": [t for t in r.tasks if t.path != "三.(一).3"],
        }
    )
    full.load([cut])
    _walk(full)
    kinds: dict[str, int] = {}
    for o in full.orphans():
        kinds[o.kind] = kinds.get(o.kind, 0) + 1
    assert kinds == {"CONTRIBUTES_TO": 3, "assign_owner": 1}  # 3 recognised enterprises
    (edit,) = [o for o in full.orphans() if o.kind == "assign_owner"]
    assert edit.source == "edit:1" and edit.missing == TASK_3
    assert edit.present_label == "枣庄市市中区财政局"
    texts = [f.explanation_zh for f in find_gaps(full.graph) if f.kind == "orphaned"]
    assert len(texts) == 4
    assert any(t.startswith("手工指定的责任单位“枣庄市市中区财政局”所指向的任务") for t in texts)
    assert any(t.startswith("企业贡献") for t in texts)
    full.load([r])
    _walk(full)
    assert full.orphans() == []
    owners = Embedded(full).owners_of([TASK_3])[TASK_3]
    assert ("枣庄市市中区财政局", "co") in {(o.unit, o.role) for o in owners}
