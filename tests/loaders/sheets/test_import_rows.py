"""Progress, enterprise and liaison rows read from the example files and a malformed file."""

from pathlib import Path

import openpyxl
import pytest

from dutygraph.loaders.sheets import (
    SpreadsheetError,
    is_valid,
    parse_period,
    read_enterprises,
    read_liaisons,
    read_progress,
)

ROOT = Path(__file__).resolve().parents[3]
EX = ROOT / "examples"
MALFORMED = Path(__file__).parent / "data" / "malformed_progress.xlsx"


def test_progress_csv_and_xlsx_hold_the_same_records() -> None:
    csv = read_progress(EX / "progress" / "shizhong_progress_example.csv")
    xlsx = read_progress(EX / "progress" / "shizhong_progress_example.xlsx")
    assert not csv.problems and not xlsx.problems
    assert len(csv.records) == 14
    fields = {"row", "sheet"}
    assert [r.model_dump(exclude=fields) for r in csv.records] == [
        r.model_dump(exclude=fields) for r in xlsx.records
    ]
    total = next(r for r in csv.records if r.stated_total)
    assert (total.unit, total.value, total.row) == ("合计", 30, 14)
    # The merged 报送日期 cell belongs to both rows under it.
    assert {str(r.reported) for r in xlsx.records} == {"2024-07-05"}
    assert xlsx.records[-1].period == "2024H1"


def test_malformed_progress_rows_are_reported_by_row_number() -> None:
    got = read_progress(MALFORMED)
    by_row = {p.row: p.reason for p in got.problems}
    assert set(by_row) == {5, 7}  # the unknown township (row 6) needs the store
    assert "'十二件' is not a number" in by_row[5]
    assert "duplicate of row 4" in by_row[7]
    assert [r.row for r in got.records] == [4, 6, 8]


def test_progress_header_is_required(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("名称,数量\n甲,1\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="no sheet has a progress header"):
        read_progress(path)


@pytest.mark.parametrize(
    ("text", "name", "days"),
    [
        ("2024年", "2024", 366),
        ("2024年上半年", "2024H1", 182),
        ("2024年第三季度", "2024Q3", 92),
        ("2024—2026年", "2024-2026", 1096),
        ("2024年3月", "2024M03", 31),
    ],
)
def test_periods(text: str, name: str, days: int) -> None:
    p = parse_period(text)
    assert p is not None and (p.name, p.days) == (name, days)


def test_enterprise_workbook_sheets() -> None:
    got = read_enterprises(EX / "enterprises" / "shizhong_enterprises_example.xlsx")
    assert not got.problems
    assert [e.name for e in got.records] == [
        "示例甲精密机械有限公司",
        "示例乙新材料有限公司",
        "示例丙医药科技有限公司",
        "示例丁信息服务有限公司",
    ]
    first, last = got.records[0], got.records[-1]
    assert first.uscc is not None and is_valid(first.uscc)
    assert (first.nature, first.scale, first.category, first.rd_team) == (
        "民营",
        "规模以上",
        "加工生产",
        True,
    )
    assert (
        first.contact == "王某某" and first.contact_title == "研发部经理"
    )  # under the merged header
    assert last.industries == [1, 10] and last.recognitions == []
    assert [p.number for p in got.patents] == ["ZL202310000001.X", "ZL202310000002.8"]
    assert [p.name for p in got.projects] == ["示例缓释制剂关键技术"]


def test_enterprise_csv_matches_the_workbook() -> None:
    csv = read_enterprises(EX / "enterprises" / "shizhong_enterprises_example.csv")
    xlsx = read_enterprises(EX / "enterprises" / "shizhong_enterprises_example.xlsx")
    fields = {"row", "sheet"}
    assert [e.model_dump(exclude=fields) for e in csv.records] == [
        e.model_dump(exclude=fields) for e in xlsx.records
    ]


def test_bad_enterprise_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "企业名称,统一社会信用代码,所属镇街,企业性质,所属产业领域,企业注册年份\n"
        "甲公司,91350100M000100Y44,税郭镇,2,1,2010\n"
        "乙公司,,税郭镇,3,11,二〇一〇\n"
        "甲公司,,税郭镇,2,1,2010\n",
        encoding="utf-8",
    )
    got = read_enterprises(path)
    reasons = {(p.row, p.column): p.reason for p in got.problems}
    assert "校验位应为3" in reasons[(2, "统一社会信用代码")]
    assert "unknown code" in reasons[(3, "企业性质")]
    assert "ten industries" in reasons[(3, "所属产业领域")]
    assert "not a year" in reasons[(3, "注册年份")]
    # Row 2 was refused, so row 4 is the first good 甲公司 (the import as a whole is refused).
    assert [e.row for e in got.records] == [4]


def test_liaison_rows() -> None:
    got = read_liaisons(EX / "liaisons" / "chunsun_liaisons_example.xlsx")
    assert not got.problems and len(got.records) == 5
    assert (got.records[0].role, got.records[0].unit, got.records[0].mobile) == (
        "分管领导",
        "市知识产权事业发展中心",
        "13900000001",
    )


def test_bad_liaison_rows(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "负责人员,单位,姓名,职务,手机,邮箱\n组员,市知识产权事业发展中心,甲,科员,1390000,a@b\n",
        encoding="utf-8",
    )
    got = read_liaisons(path)
    assert {p.column for p in got.problems} == {"负责人员", "手机", "邮箱"}
    assert all(p.row == 2 for p in got.problems)


def test_patent_and_project_rows_need_both_key_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    patents = wb.active
    assert patents is not None
    patents.append(["专利号", "专利权人", "专利名称"])
    patents.append(["ZL202310000001.X", "", "甲"])
    patents.append(["", "", "只有名称"])  # no key cell: not a patent row, no problem
    projects = wb.create_sheet("项目")
    projects.append(["申报单位", "项目名称"])
    projects.append(["", "示例项目"])
    wb.save(tmp_path / "p.xlsx")
    got = read_enterprises(tmp_path / "p.xlsx")
    assert [(p.sheet, p.row, p.column) for p in got.problems] == [
        ("Sheet", 2, "专利权人"),
        ("项目", 2, "申报单位"),
    ]
    assert got.patents == [] and got.projects == []


def test_progress_without_any_period_names_the_period_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("镇街,指标,实际完成\n税郭镇,专利,1\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=r"missing columns: 年度/期间\)"):
        read_progress(path)


def test_liaison_header_is_required(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("姓名,手机\n甲,13900000001\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=r"附件7\) header \(missing columns: 负责人员、单位"):
        read_liaisons(path)
