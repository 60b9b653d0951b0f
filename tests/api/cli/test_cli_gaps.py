"""`dutygraph gaps` and the spreadsheet imports: exit codes, row problems, reports as files."""

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dutygraph.api.cli import app
from dutygraph.graph.gaps import KIND_ZH, KINDS
from dutygraph.graph.store import Store

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
EX = ROOT / "examples"
MALFORMED = ROOT / "tests" / "loaders" / "sheets" / "data" / "malformed_progress.xlsx"

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "g.sqlite"
    result = runner.invoke(app, ["load", *map(str, NOTICES), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _counts(path: Path) -> tuple[int, int]:
    with Store(path) as s:
        return s.counts()


def test_rejected_import_exits_1_with_row_numbers(db: Path) -> None:
    before = _counts(db)
    result = runner.invoke(app, ["progress", "import", str(MALFORMED), "--store", str(db)])
    assert result.exit_code == 1
    assert "row 5 (进度): 实际完成“十二件”不是数字" in result.stderr
    assert "row 6 (进度): 单位“幸福镇”" in result.stderr
    assert "row 7 (进度): 与第4行重复" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("error: ")
    assert _counts(db) == before


def test_partial_import_exits_0_and_lists_skipped_rows(db: Path) -> None:
    args = ["progress", "import", str(MALFORMED), "--partial", "--store", str(db)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2条进度报告" in result.stdout and "跳过3行" in result.stdout
    assert result.stderr.count("skipped row") == 3


def test_imports_of_each_example(db: Path) -> None:
    for group, path in (
        ("progress", EX / "progress" / "shizhong_progress_example.csv"),
        ("enterprises", EX / "enterprises" / "shizhong_enterprises_example.csv"),
        ("liaisons", EX / "liaisons" / "chunsun_liaisons_example.xlsx"),
    ):
        result = runner.invoke(app, [group, "import", str(path), "--store", str(db)])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"已导入 {path}：")


def test_not_a_spreadsheet(db: Path) -> None:
    result = runner.invoke(app, ["enterprises", "import", str(NOTICES[0]), "--store", str(db)])
    assert result.exit_code == 1
    assert "not a spreadsheet" in result.stderr and "nothing imported" in result.stderr


def test_gaps_json_changes_with_as_of(db: Path) -> None:
    runner.invoke(
        app,
        [
            "progress",
            "import",
            str(EX / "progress" / "shizhong_progress_example.xlsx"),
            "--store",
            str(db),
        ],
    )

    def lights(day: str) -> dict[str, str | None]:
        result = runner.invoke(
            app, ["gaps", "--as-of", day, "--unit", "税郭镇", "-f", "json", "--store", str(db)]
        )
        assert result.exit_code == 0, result.output
        return {
            f["entities"][0]["label"]: f["status"]
            for f in json.loads(result.stdout)
            if f["kind"] == "progress"
        }

    key = "知识产权专利开放许可 税郭镇 2024"
    assert lights("2024-12-10")[key] == "yellow"
    assert lights("2025-01-10")[key] == "red"
    assert key not in lights("2024-08-01")  # green: not a finding


def test_gaps_xlsx_one_sheet_per_kind_numbers_as_numbers(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.xlsx"
    result = runner.invoke(
        app, ["gaps", "--as-of", "2024-12-10", "-f", "xlsx", "-o", str(out), "--store", str(db)]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [KIND_ZH[k] for k in KINDS]
    ws = wb["目标分解"]
    header = [c.value for c in ws[2]]  # row 1 is the dated title
    assert header[:5] == ["严重程度", "说明", "涉及对象", "通知", "状态"]
    rows = [dict(zip(header, (c.value for c in r), strict=False)) for r in ws.iter_rows(min_row=3)]
    licence = next(r for r in rows if "知识产权专利开放许可" in str(r["说明"]))
    assert licence["总目标"] == 200 and licence["分解合计"] == 165 and licence["差额"] == -35
    assert all(isinstance(licence[k], float | int) for k in ("总目标", "分解合计", "差额"))
    assert wb["无责任单位"].max_row > 29 and wb["合计核对"].max_row == 2  # title and header only


def test_gaps_csv_and_table(db: Path) -> None:
    csv = runner.invoke(app, ["gaps", "--as-of", "2024-12-10", "-f", "csv", "--store", str(db)])
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[0].startswith("\ufeffkind,类型,严重程度,说明")
    table = runner.invoke(app, ["gaps", "--notice", "004_bb86f7f5d52695f3.txt", "--store", str(db)])
    assert table.exit_code == 0 and "尚有35项未分解" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2024-13-01"], "is not a date"),
        (["-f", "pdf"], "unknown format"),
        (["-f", "xlsx"], "give the file with -o"),
        (["--unit", "幸福镇"], "no unit in the store matches"),
        (["--kind", "weather"], "unknown finding kind 'weather'; use one of allocation, totals,"),
    ],
)
def test_gaps_user_errors(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["gaps", *args, "--store", str(db)])
    assert result.exit_code == 1 and message in result.stderr


def test_gaps_table_names_each_notice_and_filters_kinds(db: Path) -> None:
    result = runner.invoke(
        app, ["gaps", "--kind", "unowned", "--store", str(db)], env={"COLUMNS": "240"}
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "无责任单位" in line]
    assert rows and all("目标分解" not in line for line in result.stdout.splitlines())
    # 001 (鲁知规字〔2018〕7号): its ten measures, each with the notice named beside it
    assert sum("鲁知规字〔2018〕7号" in line and "任务" in line for line in rows) == 10


def test_gaps_xlsx_is_ready_to_print(db: Path, tmp_path: Path) -> None:
    """Title with the as-of date, frozen header, filters, wrapped text, coloured 状态 cells,
    notices by 发文字号 or title, landscape and one page wide."""
    out = tmp_path / "gaps.xlsx"
    args = ["gaps", "--as-of", "2024-12-10", "-f", "xlsx", "-o", str(out), "--store", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    ws = openpyxl.load_workbook(out)["进度"]
    assert ws["A1"].value.startswith("问题清单：进度（截至2024-12-10），共")
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    header = [c.value for c in ws[2]]
    rows = list(ws.iter_rows(min_row=3))
    status = header.index("状态")
    red = [r for r in rows if r[status].value == "红灯"]
    assert red and all(r[status].fill.fgColor.rgb.endswith("FCA5A5") for r in red)
    assert {r[status].value for r in rows} <= {"红灯", "黄灯", "绿灯", "无目标"}
    assert all(r[header.index("说明")].alignment.wrap_text for r in rows)
    notices = {r[header.index("通知")].value for r in rows}
    assert "枣庄市市中区创建国家知识产权强县建设试点县工作实施方案（2024—2026年）" in notices
    assert not [n for n in notices if n and n.startswith("n") and n[1:].isalnum() and n.isascii()]


def test_gaps_csv_file_opens_as_chinese(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.csv"
    args = ["gaps", "--as-of", "2024-12-10", "-f", "csv", "-o", str(out), "--store", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkind,")
    text = raw.decode("utf-8-sig")
    assert "鲁知规字〔2018〕7号" in text and ",na3a8e7f37d," not in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_gaps_table_wraps_on_80_columns(db: Path) -> None:
    result = runner.invoke(
        app,
        ["gaps", "--as-of", "2024-12-10", "--kind", "allocation", "--store", str(db)],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    said = "".join(line.split("│")[-2].strip() for line in lines if line.count("│") >= 6)
    assert "尚有35项未分解。" in said and "…" not in said


def test_conditions_subsidies_and_old_plans_are_not_severe(db: Path) -> None:
    result = runner.invoke(app, ["gaps", "--as-of", "2024-12-10", "-f", "json", "--store", str(db)])
    found = json.loads(result.stdout)
    said = [(f["severity"], f["explanation_zh"]) for f in found]
    # 申报条件 of 001 (每万人口发明专利拥有量不低于48.4件) and subsidies (每项给予100万元) are nobody's target
    assert not [s for s in said if "48.4" in s[1] or "100万元" in s[1] or "6万元" in s[1]]
    old = [s for s in said if "期限2020-12-31已过" in s[1]]
    assert old and all(sev == "info" and "旧计划" in text for sev, text in old)
    assert all(sev != "error" for sev, text in said if "未报送进度" in text and "2022" in text)
