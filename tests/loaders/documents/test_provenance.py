"""`source` names the place in the original: paragraph, table row/column, page and line."""

from pathlib import Path

import pytest

from dutygraph.loaders import read_notice
from dutygraph.loaders.documents.legacy import soffice

S000 = "000_6aa9415291c6242f"


def test_docx_paragraph_and_cell_places(made: dict[str, dict[str, Path]]) -> None:
    result = read_notice(made[S000]["docx"])
    item = next(t for t in result.tasks if t.kind == "item")
    assert item.source.file == f"{S000}.docx"
    assert item.source.paragraph is not None and item.source.table is None
    assert item.source.place == f"第{item.source.paragraph}段"
    row = next(t for t in result.tasks if t.kind == "row")
    assert row.source.table == 1 and row.source.row is not None and row.source.row >= 2
    assert row.source.column == 1
    assert row.source.place == f"表1第{row.source.row}行第1列"


def test_html_places_are_paragraphs_and_cells(made: dict[str, dict[str, Path]]) -> None:
    result = read_notice(made[S000]["html"])
    assert result.notice.source is not None and result.notice.source.paragraph is not None
    assert all(t.source.table == 1 for t in result.tasks if t.kind == "row")


def test_pdf_places_are_pages_and_lines(made: dict[str, dict[str, Path]]) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixture")
    result = read_notice(made[S000]["pdf"])
    item = next(t for t in result.tasks if t.kind == "item")
    assert item.source.page is not None and item.source.page >= 1
    assert item.source.page_line is not None
    assert item.source.place == f"第{item.source.page}页第{item.source.page_line}行"
    rows = [t for t in result.tasks if t.kind == "row"]
    assert rows and all(t.source.page and t.source.table and t.source.row for t in rows)


def test_text_sources_stay_lines() -> None:
    result = read_notice(Path("examples/notices") / f"{S000}.txt")
    assert result.tasks[0].source.paragraph is None and result.tasks[0].source.place is None


def test_warnings_name_the_place(made: dict[str, dict[str, Path]]) -> None:
    result = read_notice(made["004_bb86f7f5d52695f3"]["docx"])
    headline = [w for w in result.warnings if w.code == "headline-mismatch"]
    assert headline and all(w.place and "段" in w.message for w in headline)


def test_pdf_tables_joined_across_pages(made: dict[str, dict[str, Path]]) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixture")
    from dutygraph.loaders.documents import read_document

    pdf = read_document(made[S000]["pdf"])
    txt = read_document(made[S000]["txt"])
    assert len(pdf.tables()) == len(txt.tables()) == 7
    first = pdf.tables()[0]
    assert len(first.rows) == len(txt.tables()[0].rows) == 19
    header = [(c.text, c.column, c.col_span) for c in first.rows[0]]
    assert header == [("序号", 0, 1), ("重点任务", 1, 2), ("责任单位", 3, 1)]
    pages = {c.place.page for row in first.rows for c in row if c.place}
    assert len(pages) > 1  # one table over several pages
    result = read_notice(made[S000]["pdf"])
    assert {t.source.table for t in result.tasks if t.kind == "row"} == {1}


def test_pdf_running_head_and_page_numbers_dropped(made: dict[str, dict[str, Path]]) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixture")
    import pdfplumber

    from dutygraph.loaders.documents import read_document, render

    with pdfplumber.open(made[S000]["pdf"]) as pdf:
        first = pdf.pages[0].extract_text().split("\n")
        assert first[0] == "春笋行动 内部资料" and first[-1] == "— 1 —"
    text = render(read_document(made[S000]["pdf"])).text
    assert "内部资料" not in text and "— 1 —" not in text and "— 12 —" not in text
