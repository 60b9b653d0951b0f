"""Spreadsheet rows: xlsx (merged cells filled) and csv (UTF-8, BOM, GB18030), row numbers, errors."""

from pathlib import Path

import openpyxl
import pytest

from dutygraph.loaders.sheets import Row, SpreadsheetError, read_sheets


def test_xlsx_merged_cells_and_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["示例标题"])
    ws.merge_cells("A1:C1")
    ws.append([])  # a blank row keeps the numbers below it as Excel shows them
    ws.append(["镇街", "指标", "实际完成"])
    ws.append(["税郭镇", "甲", 3])
    ws.append([None, "乙", 4.0])
    ws.merge_cells("A4:A5")
    wb.save(tmp_path / "m.xlsx")
    (sheet,) = read_sheets(tmp_path / "m.xlsx")
    assert [r.number for r in sheet.rows] == [1, 3, 4, 5]
    assert sheet.rows[0].cells == ("示例标题", "示例标题", "示例标题")
    assert sheet.rows[3].cells == ("税郭镇", "乙", "4")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("镇街,实际完成\n\n税郭镇,3\n".encode(encoding))
    (sheet,) = read_sheets(path)
    assert [(r.number, r.cells) for r in sheet.rows] == [
        (1, ("镇街", "实际完成")),
        (3, ("税郭镇", "3")),
    ]


def test_not_a_spreadsheet_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x")
    with pytest.raises(SpreadsheetError, match="notes.txt: not a spreadsheet"):
        read_sheets(path)


def test_broken_xlsx_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(SpreadsheetError, match="broken.xlsx: not a readable .xlsx"):
        read_sheets(path)


def test_binary_csv_and_empty_file(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_bytes(b"\x00\x01\x02")
    with pytest.raises(SpreadsheetError, match="binary"):
        read_sheets(tmp_path / "b.csv")
    (tmp_path / "e.csv").write_bytes(b"\n,,\n")
    with pytest.raises(SpreadsheetError, match="empty"):
        read_sheets(tmp_path / "e.csv")
    with pytest.raises(SpreadsheetError, match="no such file"):
        read_sheets(tmp_path / "missing.xlsx")


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_entity_expansion_in_a_workbook_is_refused(tmp_path: Path, part: str) -> None:
    """A hostile workbook (billion laughs) is refused in one line, not expanded (defusedxml)."""
    import zipfile

    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active.append(["镇街", "实际完成"])
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = LAUGHS.encode() if item.filename == part else src.read(item.filename)
            dst.writestr(item, data)
    with pytest.raises(SpreadsheetError) as err:
        read_sheets(bad)
    message = str(err.value)
    assert "bad.xlsx" in message and "\n" not in message


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutygraph.loaders.sheets import spreadsheet

    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook()
    assert wb.active is not None
    for i in range(2000):
        wb.active.append(["税郭镇", "新增有效发明专利数量", 2024, i])
    wb.save(path)
    (sheet,) = read_sheets(path)  # fine under the real limit
    assert len(sheet.rows) == 2000
    assert sheet.rows[-1] == Row(2000, ("税郭镇", "新增有效发明专利数量", "2024", "1999"))
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 50_000)
    with pytest.raises(SpreadsheetError, match=r"big\.xlsx: the workbook unpacks to \d+ MB"):
        read_sheets(path)
