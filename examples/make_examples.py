"""Write the example spreadsheets (progress, enterprises, liaisons) and the malformed test file.

All enterprises, people, phone numbers and codes are fictional (示例（虚构数据）); the USCCs
are made by dutygraph.loaders.sheets.uscc so that their check digits are valid. Run from the repo
root:  .venv/bin/python examples/make_examples.py
"""

import csv
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from dutygraph.loaders.sheets import make_uscc

ROOT = Path(__file__).resolve().parents[1]
TITLE = "示例（虚构数据）"
TOWNS = [
    "税郭镇",
    "西王庄镇",
    "孟庄镇",
    "永安镇",
    "齐村镇",
    "光明路街道",
    "龙山路街道",
    "垎塔埠街道",
    "中心街街道",
    "文化路街道",
    "矿区街道",
]
# 2024 专利开放许可 reported by 2024-07-05 (targets: 5 each); the 合计 row is mistyped (30, not 29).
OPEN_LICENCE_2024 = [3, 2, 5, 1, 6, 2, 0, 4, 3, 2, 1]
NOTE = "填报单位（盖章）：示例        填报人：王某某        联系方式：13800000000"
PROGRESS_HEADER = ["序号", "镇街", "指标", "年度", "实际完成", "报送日期", "备注"]


def progress_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for i, (town, v) in enumerate(zip(TOWNS, OPEN_LICENCE_2024, strict=True), start=1):
        rows.append([i, town, "知识产权专利开放许可", "2024", v, "2024-07-05", ""])
    rows.append(
        ["", "合计", "知识产权专利开放许可", "2024", 30, "2024-07-05", "合计栏填报有误（示例）"]
    )
    for i, (town, v) in enumerate([("税郭镇", 9), ("光明路街道", 4)], start=len(rows) + 1):
        rows.append([i, town, "新增有效发明专利数量", "2024年上半年", v, "2024-07-05", ""])
    return rows


def write_csv(path: Path, title: str, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([title])
        w.writerow(header)
        w.writerows(rows)


def titled_workbook(
    sheet: str, title: str, header: list[str], note: str
) -> tuple[openpyxl.Workbook, Worksheet]:
    """A workbook whose first sheet starts as clerks' sheets do: merged title, 填报单位 line, header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append([note])
    ws.append(header)
    return wb, ws


def progress_files() -> None:
    rows = progress_rows()
    title = f"{TITLE}枣庄市市中区各镇街知识产权工作推进情况表"
    write_csv(
        ROOT / "examples/progress/shizhong_progress_example.csv", title, PROGRESS_HEADER, rows
    )
    wb, ws = titled_workbook("推进情况", title, PROGRESS_HEADER, NOTE)
    for r in rows:
        ws.append(r)
    # The two 新增有效发明专利数量 rows share one merged 报送日期 cell, as clerks lay them out.
    last = ws.max_row
    ws.cell(last, 6).value = None
    ws.merge_cells(start_row=last - 1, start_column=6, end_row=last, end_column=6)
    wb.save(ROOT / "examples/progress/shizhong_progress_example.xlsx")
    # 000 (春笋行动): district bureaus report half-yearly; two reports from 薛城区 only.
    write_csv(
        ROOT / "examples/progress/chunsun_progress_example.csv",
        f"{TITLE}“春笋行动”各区（市）工作推进情况",
        ["单位名称", "指标名称", "期间", "完成值", "报送日期"],
        [
            ["薛城区市场监督管理局", "知识产权标准化管理企业", "2019年下半年", 3, "2020-01-05"],
            ["薛城区市场监督管理局", "知识产权标准化管理企业", "2020年上半年", 4, "2020-07-06"],
            ["滕州市市场监督管理局", "知识产权标准化管理企业", "2019年下半年", 5, "2020-01-20"],
        ],
    )


ENTERPRISE_HEADER_1 = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所属镇街",
    "企业性质",
    "企业规模",
    "企业类别",
    "所属产业领域",
    "有无研发团队或研发人员",
    "企业注册年份",
    "认定称号",
    "认定年份",
    "企业联系人信息",
    "企业联系人信息",
    "企业联系人信息",
]
ENTERPRISE_HEADER_2 = [
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "姓名",
    "部门职务",
    "联系方式",
]
LEGEND = [
    "",
    "",
    "",
    "",
    "1国有\n2民营",
    "1规模以上2中小",
    "1加工生产2销售3服务4其它",
    "★依据省十强产业分类(1-10)",
    "1有2无",
    "",
    "",
    "",
    "",
    "",
    "",
]
ENTERPRISES: list[list[object]] = [
    [
        "示例甲精密机械有限公司",
        1,
        "税郭镇",
        2,
        1,
        1,
        "2",
        1,
        2008,
        "国家知识产权优势企业",
        2024,
        "王某某",
        "研发部经理",
        "13800000001",
    ],
    [
        "示例乙新材料有限公司",
        2,
        "税郭镇",
        2,
        2,
        1,
        "3",
        1,
        2015,
        "国家知识产权示范企业",
        2025,
        "李某某",
        "总经理",
        "13800000002",
    ],
    [
        "示例丙医药科技有限公司",
        3,
        "光明路街道",
        2,
        2,
        1,
        "5",
        1,
        2018,
        "国家知识产权优势企业",
        2024,
        "赵某某",
        "办公室主任",
        "13800000003",
    ],
    [
        "示例丁信息服务有限公司",
        4,
        "龙山路街道",
        2,
        2,
        3,
        "1、10",
        2,
        2020,
        "",
        "",
        "孙某某",
        "总经理",
        "13800000004",
    ],
]


def enterprise_rows() -> list[list[object]]:
    out: list[list[object]] = []
    for i, (name, serial, town, *rest) in enumerate(ENTERPRISES, start=1):
        out.append([i, name, make_uscc("370402", 20240000 + int(str(serial))), town, *rest])
    return out


def enterprise_files() -> None:
    title = f"{TITLE}2024年度“春笋行动”市中区重点帮扶企业信息统计表"
    rows = enterprise_rows()
    wb, ws = titled_workbook("企业", title, ENTERPRISE_HEADER_1, NOTE)
    ws.append(ENTERPRISE_HEADER_2)
    ws.merge_cells(start_row=3, start_column=13, end_row=3, end_column=15)
    for k in range(1, 13):
        ws.merge_cells(start_row=3, start_column=k, end_row=4, end_column=k)
    ws.append(LEGEND)
    for r in rows:
        ws.append(r)
    ws.append(
        [
            "备注：①企业、人员、电话均为虚构示例；②统一社会信用代码由 dutygraph.loaders.sheets.uscc 生成，校验位有效。"
        ]
    )
    patents = wb.create_sheet("专利")
    patents.append([f"{TITLE}企业首件授权发明专利信息统计表"])
    patents.append(["序号", "专利号", "专利名称", "专利权人", "授权时间"])
    patents.append(
        [1, "ZL202310000001.X", "一种示例齿轮加工装置", "示例甲精密机械有限公司", "2024-05-20"]
    )
    patents.append(
        [2, "ZL202310000002.8", "一种示例复合材料", "示例乙新材料有限公司", "2024-09-02"]
    )
    projects = wb.create_sheet("项目")
    projects.append([f"{TITLE}省关键技术核心知识产权项目申报统计表"])
    projects.append(
        [
            "序号",
            "申报单位",
            "单位类别",
            "企业规模",
            "项目名称",
            "所属技术领域",
            "国内有效发明专利数量（件）",
        ]
    )
    projects.append([1, "示例丙医药科技有限公司", 2, 2, "示例缓释制剂关键技术", "5", 6])
    wb.save(ROOT / "examples/enterprises/shizhong_enterprises_example.xlsx")
    flat = [
        h if not h.startswith("企业联系人") else n
        for h, n in zip(
            ENTERPRISE_HEADER_1,
            ["", "", "", "", "", "", "", "", "", "", "", "", "联系人姓名", "部门职务", "联系方式"],
            strict=True,
        )
    ]
    write_csv(ROOT / "examples/enterprises/shizhong_enterprises_example.csv", title, flat, rows)


LIAISON_HEADER = ["负责人员", "所在单位/部门", "姓名", "职务", "办公电话", "手机", "邮箱"]
LIAISONS = [
    [
        "分管领导",
        "市知识产权事业发展中心",
        "钱某某",
        "副主任",
        "0632-0000001",
        "13900000001",
        "qian@example.com",
    ],
    [
        "联络员",
        "市知识产权事业发展中心",
        "周某某",
        "科员",
        "0632-0000002",
        "13900000002",
        "zhou@example.com",
    ],
    [
        "分管领导",
        "薛城区市场监督管理局",
        "吴某某",
        "副局长",
        "0632-0000003",
        "13900000003",
        "wu@example.com",
    ],
    [
        "联络员",
        "薛城区市场监督管理局",
        "郑某某",
        "科员",
        "0632-0000004",
        "13900000004",
        "zheng@example.com",
    ],
    [
        "分管领导",
        "区市场监督管理局",
        "冯某某",
        "副局长",
        "0632-0000005",
        "13900000005",
        "feng@example.com",
    ],
]


def liaison_files() -> None:
    title = f"{TITLE}“春笋行动”各责任单位分管领导和联络员信息表"
    write_csv(
        ROOT / "examples/liaisons/chunsun_liaisons_example.csv", title, LIAISON_HEADER, LIAISONS
    )
    wb, ws = titled_workbook(
        "联络员", title, LIAISON_HEADER, "填报单位（盖章）：示例        填报人：王某某"
    )
    for r in LIAISONS:
        ws.append(r)
    wb.save(ROOT / "examples/liaisons/chunsun_liaisons_example.xlsx")


def malformed_file() -> None:
    """Row 5: text in 实际完成; row 6: a township not in 市中区; row 7 repeats row 4."""
    wb, ws = titled_workbook(
        "进度", f"{TITLE}有错误的进度表（测试用）", PROGRESS_HEADER, "填报单位：示例"
    )
    ws.append([1, "税郭镇", "知识产权专利开放许可", "2024", 3, "2024-07-05", ""])
    ws.append([2, "孟庄镇", "知识产权专利开放许可", "2024", "十二件", "2024-07-05", ""])
    ws.append([3, "幸福镇", "知识产权专利开放许可", "2024", 2, "2024-07-05", ""])
    ws.append([4, "税郭镇", "知识产权专利开放许可", "2024", 4, "2024-07-05", ""])
    ws.append([5, "永安镇", "知识产权专利开放许可", "2024", 1, "2024-07-05", ""])
    wb.save(ROOT / "tests/loaders/sheets/data/malformed_progress.xlsx")


def main() -> None:
    progress_files()
    enterprise_files()
    liaison_files()
    malformed_file()


if __name__ == "__main__":
    main()
