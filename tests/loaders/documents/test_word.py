"""Word's automatic numbering and merged cells, read from the XML Word writes."""

import zipfile
from pathlib import Path

from lxml import etree

from bench.fixtures import ROOT, write_docx
from dutygraph.loaders.documents import read_document
from dutygraph.loaders.documents.numbering import Numbering, format_number
from dutygraph.loaders.documents.text import read_text_document

S004 = "004_bb86f7f5d52695f3"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _numbering(body: str) -> Numbering:
    return Numbering(etree.fromstring(f"<w:numbering {NS}>{body}</w:numbering>"))


def _lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def test_formats() -> None:
    assert format_number(11, "chineseCounting") == "十一"
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(27, "lowerLetter") == "aa"


def test_outline_levels_restart_under_their_parent() -> None:
    n = _numbering(
        '<w:abstractNum w:abstractNumId="1">'
        + _lvl(0, "chineseCounting", "%1、")
        + _lvl(1, "chineseCounting", "（%2）")
        + _lvl(2, "decimal", "%3.")
        + _lvl(3, "decimal", "%1.%2.%4", '<w:isLgl/><w:lvlRestart w:val="1"/>')
        + '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        + '<w:num w:numId="6"><w:abstractNumId w:val="1"/>'
        + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
    )
    seq = [(0, "一、"), (1, "（一）"), (2, "1."), (2, "2."), (1, "（二）"), (2, "1.")]
    # Level 4 restarts only after level 1 (lvlRestart 1), not after （二）.
    seq += [(3, "1.2.1"), (1, "（三）"), (3, "1.3.2"), (0, "二、"), (1, "（一）"), (3, "2.1.1")]
    for ilvl, want in seq:
        assert n.label("5", ilvl) == (want, "tab"), (ilvl, want)
    assert n.label("6", 0) == ("七、", "tab")  # a restarted list counts on its own
    assert n.label("5", 0) == ("三、", "tab")
    assert n.label("9", 0) is None


def test_fixture_numbers_come_from_numbering_xml(tmp_path: Path) -> None:
    sample = ROOT / "examples" / "notices" / f"{S004}.txt"
    doc = read_text_document(sample.read_text(encoding="utf-8"), sample.name)
    made = write_docx(doc, tmp_path / "n.docx")
    assert made.numbered >= 20 and made.merged_cells >= 5
    with zipfile.ZipFile(tmp_path / "n.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "一、指导思想" not in xml and "<w:t>指导思想" in xml and "<w:numPr>" in xml
    assert "w:gridSpan" in xml and 'w:vMerge w:val="restart"' in xml
    read = read_document(tmp_path / "n.docx")
    texts = [b.text for b in read.blocks if hasattr(b, "text")]
    assert "一、指导思想" in texts and "二、工作目标" in texts
    numbered = [b for b in read.blocks if getattr(b, "numbered", False)]
    assert len(numbered) == made.numbered
    merged = [
        c for t in read.tables() for r in t.rows for c in r if c.col_span > 1 or c.row_span > 1
    ]
    assert len(merged) == made.merged_cells


def test_text_box_is_a_note_not_doubled_text(tmp_path: Path) -> None:
    import docx as python_docx

    from dutygraph.loaders import read_notice

    word = python_docx.Document()
    word.add_paragraph("关于开展检查的通知")
    p = word.add_paragraph("一、各镇街要于2024年6月30日前完成自查。")
    box = etree.fromstring(
        f'<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>框内的批注文字</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    )
    p._p.append(box)
    word.save(str(tmp_path / "box.docx"))
    read = read_document(tmp_path / "box.docx")
    assert [b.text for b in read.blocks if hasattr(b, "text")][
        1
    ] == "一、各镇街要于2024年6月30日前完成自查。"
    result = read_notice(tmp_path / "box.docx")
    (note,) = [w for w in result.warnings if w.code == "unread-part"]
    assert note.message.startswith("文中有1处文本框，其中文字未读") and note.place == "box.docx"
