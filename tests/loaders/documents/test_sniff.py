"""Formats are told by their bytes, not their names: a Word file called .txt is still read as Word."""

import shutil
from pathlib import Path

from dutygraph.loaders import read_notice
from dutygraph.loaders.documents import sniff

S004 = "004_bb86f7f5d52695f3"


def test_signatures(made: dict[str, dict[str, Path]]) -> None:
    files = made[S004]
    assert sniff(files["docx"].read_bytes()) == "docx"
    assert sniff(files["html"].read_bytes()) == "html"
    assert sniff(files["txt"].read_bytes()) == "text"
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "ole"


def test_misnamed_files_read_by_content(made: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    want = read_notice(made[S004]["docx"])
    renamed = tmp_path / "通知.txt"
    shutil.copy(made[S004]["docx"], renamed)
    got = read_notice(renamed)
    assert [t.title for t in got.tasks] == [t.title for t in want.tasks]
    assert got.tasks[0].source.paragraph is not None
    page = tmp_path / "page.dat"
    shutil.copy(made[S004]["html"], page)
    assert read_notice(page).notice.title == want.notice.title


def test_gbk_page_by_its_meta_charset(made: dict[str, dict[str, Path]]) -> None:
    page = made["001_bd88b21f1ceafb5b"]["html"].read_bytes()
    assert b'charset=gbk"' in page
    try:
        page.decode("utf-8")
        raise AssertionError("the page should be GBK bytes")
    except UnicodeDecodeError:
        pass
    result = read_notice(made["001_bd88b21f1ceafb5b"]["html"])
    assert result.notice.doc_number == "鲁知规字〔2018〕7号"
    assert "知识产权创新支持新旧动能转换" in (result.notice.title or "")
