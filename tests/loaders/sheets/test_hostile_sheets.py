"""Hostile spreadsheets (issue 17, items 4, 6, 9): bounded before materialising, one line naming
the sheet and the limit, absurd numbers are row errors, damaged files say what is wrong."""

import resource
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutygraph.api.cli import app
from dutygraph.loaders.sheets import SpreadsheetError, read_progress, read_sheets
from dutygraph.loaders.sheets.spreadsheet import MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from tests.loaders.sheets.hostile_xlsx import (
    HEADER,
    far_row,
    many_rows,
    missing_shared_string,
    wide_merges,
    write_xlsx,
    xfd_rows,
)

ROOT = Path(__file__).resolve().parents[3]
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "row 99,999,999,999": (far_row, f"row 99999999999 is past the limit of {MAX_ROWS:,} rows"),
    "column XFD on 20,000 rows": (
        xfd_rows,
        f"has a cell in column 16,384, past the limit of {MAX_COLUMNS} columns",
    ),
    "wide merged ranges": (wide_merges, f"over {MAX_CELLS:,} cells"),
    "200,000 rows": (many_rows, f"past the limit of {MAX_ROWS:,} rows"),
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("case", HOSTILE)
def test_oversized_sheets_are_refused_before_reading(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    path = make(tmp_path / "hostile.xlsx")
    assert path.stat().st_size < 2_000_000  # small files, as in the red-team run
    before = _peak_mb()
    with pytest.raises(SpreadsheetError) as err:
        read_sheets(path)
    message = str(err.value)
    assert message.startswith(f"{path}: sheet “进度”: ") and expected in message, message
    assert "\n" not in message
    # Refused, not materialised: the process's peak grew by less than 200 MB (it was > 4 GB).
    assert _peak_mb() - before < 200


def test_a_merged_range_past_the_last_column_is_refused(tmp_path: Path) -> None:
    merge = '<mergeCells><mergeCell ref="A2:XFD3"/></mergeCells>'
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, merge)
    with pytest.raises(SpreadsheetError, match="merged range A2:XFD3 reaches past"):
        read_sheets(path)


def test_a_sheet_inside_the_limits_still_reads(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>税郭镇</t></is></c>'
        f'<c r="D{r}"><v>{r}</v></c></row>'
        for r in range(2, 1002)
    )
    merge = '<mergeCells><mergeCell ref="A2:A3"/></mergeCells>'
    (sheet,) = read_sheets(write_xlsx(tmp_path / "ok.xlsx", HEADER + rows, merge))
    assert len(sheet.rows) == 1001
    assert sheet.rows[1].cells == ("税郭镇", "", "", "2")
    assert sheet.rows[-1].number == 1001


def test_a_csv_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("镇街,指标,年度,实际完成\n" + "税郭镇,x,2024,1\n" * (MAX_ROWS + 5), "utf-8")
    with pytest.raises(SpreadsheetError, match=f"row {MAX_ROWS + 1}: past the limit"):
        read_sheets(path)


def test_a_damaged_workbook_says_what_is_wrong(tmp_path: Path) -> None:
    path = missing_shared_string(tmp_path / "s.xlsx")
    with pytest.raises(SpreadsheetError) as err:
        read_sheets(path)
    assert "list index out of range" not in str(err.value)
    assert "refers to a shared text" in str(err.value)


def test_400_nines_are_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "镇街,指标,年度,实际完成\n税郭镇,知识产权专利开放许可,2024," + "9" * 400 + "\n"
        "齐村镇,知识产权专利开放许可,2024,12\n",
        "utf-8",
    )
    read = read_progress(path)
    assert [r.value for r in read.records] == [12.0]
    (problem,) = read.problems
    assert problem.row == 2 and "数值过大" in problem.reason and "400位" in problem.reason
    assert len(problem.reason) < 120


def test_cli_refusal_is_one_nonempty_line(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite"
    notice = ROOT / "examples/notices/004_bb86f7f5d52695f3.txt"
    assert CliRunner().invoke(app, ["load", "--store", str(store), str(notice)]).exit_code == 0
    path = far_row(tmp_path / "far.xlsx")
    result = CliRunner().invoke(app, ["progress", "import", "--store", str(store), str(path)])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "past the limit of 100,000 rows" in lines[0], result.stderr


def test_a_zip_asking_for_an_unknown_version_is_refused(tmp_path: Path) -> None:
    # Found by `make fuzz`: zipfile raised NotImplementedError("zip file version 23.5").
    data = bytearray((ROOT / "examples/liaisons/chunsun_liaisons_example.xlsx").read_bytes())
    at = data.index(b"PK\x01\x02")  # the first central directory record
    data[at + 6 : at + 8] = (235).to_bytes(2, "little")  # version needed to extract: 23.5
    path = tmp_path / "v.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(SpreadsheetError, match="not a readable .xlsx workbook"):
        read_sheets(path)


def test_a_spreadsheet_error_is_never_blank() -> None:
    # A MemoryError has no message: the CLI printed "import failed, store unchanged: ".
    assert str(SpreadsheetError("p.xlsx", " \n ")) == "p.xlsx: the file could not be read"
