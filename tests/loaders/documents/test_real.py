"""Real public notices in their original formats (examples/real/SOURCE.md), with concrete values."""

from pathlib import Path

from typer.testing import CliRunner

from dutygraph.api.cli.main import app
from dutygraph.loaders import read_notice

REAL = Path(__file__).resolve().parents[3] / "examples" / "real"


def test_gov_cn_page_123_head_and_tasks() -> None:
    result = read_notice(REAL / "gov_cn_guobanfa_2018_123.html")
    n = result.notice
    assert n.doc_number == "国办发〔2018〕123号"
    assert n.issuer == "国务院办公厅"
    assert str(n.date) == "2018-12-07"
    assert n.addressees == ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]
    paths = [t.path for t in result.tasks]
    assert paths[:5] == ["二", "三.(一)", "三.(二)", "三.(三)", "四.(一)"]
    assert len(paths) == 11
    # The 信息公开 box is the head, not a table: nothing is read as an annex row.
    assert not [t for t in result.tasks if t.kind == "row"]
    supervise = next(t for t in result.tasks if t.path == "五.(三)")
    assert ("国务院办公厅", "owner") in [(o.unit, o.role) for o in supervise.owners]
    assert supervise.source.paragraph is not None and supervise.source.place


def test_gov_cn_page_124_items_and_deadlines() -> None:
    result = read_notice(REAL / "gov_cn_guobanfa_2018_124.html")
    assert result.notice.doc_number == "国办发〔2018〕124号"
    assert str(result.notice.date) == "2018-12-18"
    assert len(result.tasks) == 52
    assert [t.path for t in result.tasks][:3] == ["一.(一)", "一.(二)", "一.(三)"]
    dues = {str(d.due) for d in result.deadlines if d.due}
    assert "2020-12-31" in dues


def test_real_scan_is_refused() -> None:
    out = CliRunner().invoke(app, ["parse", str(REAL / "scanned_notice.pdf")])
    assert out.exit_code == 1
    assert out.output.strip() == (
        "error: scanned_notice.pdf: 扫描件，无文字层: the PDF has 2 images and no text layer; "
        "OCR is not done here"
    )
