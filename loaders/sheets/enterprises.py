"""Enterprise lists in the shape of 000's 附件3 (企业), 附件4 (专利) and 附件5 (项目) sheets.

Each sheet is recognised by its header words: 专利号 + 专利权人 is a patent list, 项目名称 +
申报单位 a project list, 企业名称 (or 单位名称) an enterprise list. Coded columns accept the
附件3 codes (企业性质 1国有 2民营 …) or the words, 所属产业领域 the ten 十强产业 codes 1-10
(several as 1、3) or their names, and a 统一社会信用代码 must pass its check digit.
"""

import re
from pathlib import Path

from dutygraph.loaders.numbers import sane
from dutygraph.loaders.sheets import cells
from dutygraph.loaders.sheets.cells import too_large
from dutygraph.loaders.sheets.columns import Field, Table, find_table
from dutygraph.loaders.sheets.rowcheck import Rows, no_table
from dutygraph.loaders.sheets.spreadsheet import Row, read_sheets
from dutygraph.loaders.sheets.uscc import normalize, uscc_problem
from dutygraph.schema.enterprise import INDUSTRIES, Enterprise, Patent, Project

ENTERPRISE_FIELDS = (
    Field("name", "企业名称", ("企业名称", "单位名称", "企业(单位)名称")),
    Field("uscc", "统一社会信用代码", ("统一社会信用代码", "信用代码"), required=False),
    Field(
        "township",
        "所属镇街",
        ("所属镇街", "所在镇街", "镇街", "镇(街)", "乡镇", "街道", "所在地"),
        required=False,
    ),
    Field("nature", "企业性质", ("企业性质", "单位性质"), required=False),
    Field("scale", "企业规模", ("企业规模",), required=False),
    Field("category", "企业类别", ("企业类别", "单位类别"), required=False),
    Field("industry", "所属产业领域", ("产业领域", "所属产业", "十强产业"), required=False),
    Field("rd", "研发团队", ("研发团队", "研发人员"), required=False),
    Field(
        "registered", "注册年份", ("注册年份", "成立年份", "注册时间", "成立时间"), required=False
    ),
    Field("contact", "联系人姓名", ("姓名", "联系人"), required=False, exclude=("信息",)),
    Field("contact_title", "部门职务", ("部门职务", "职务"), required=False),
    Field("contact_phone", "联系方式", ("联系方式", "联系电话", "手机", "电话"), required=False),
    Field(
        "recognitions",
        "认定称号",
        ("认定", "称号", "荣誉", "资质"),
        required=False,
        exclude=("年份", "时间", "日期"),
    ),
    Field("recognized", "认定年份", ("认定年份", "认定时间", "认定日期"), required=False),
)
PATENT_FIELDS = (
    Field("number", "专利号", ("专利号", "申请号")),
    Field("holder", "专利权人", ("专利权人", "权利人")),
    Field("name", "专利名称", ("专利名称",), required=False),
    Field("granted", "授权时间", ("授权时间", "授权日期", "授权公告日"), required=False),
)
PROJECT_FIELDS = (
    Field("applicant", "申报单位", ("申报单位", "项目单位", "承担单位"), exclude=("联系",)),
    Field("name", "项目名称", ("项目名称",)),
    Field("field", "所属技术领域", ("技术领域",), required=False),
    Field("patents", "发明专利数量", ("发明专利数量", "有效发明专利数量"), required=False),
)
# The codes printed under 附件3's headers.
NATURE = {"1": "国有", "2": "民营"}
SCALE = {"1": "规模以上", "2": "中小"}
CATEGORY = {"1": "加工生产", "2": "销售", "3": "服务", "4": "其它"}
_SPLIT = re.compile(r"[、，,；;/\s]+")


class EnterpriseFile(Rows[Enterprise]):
    """Enterprises, patents and projects read from one file, and the rows' problems."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.patents: list[Patent] = []
        self.projects: list[Project] = []


def _coded(
    t: Table, r: Row, name: str, codes: dict[str, str], out: EnterpriseFile
) -> str | None | bool:
    raw = t.cell(r, name).strip()
    if not raw:
        return None
    if raw in codes:
        return codes[raw]
    if raw in codes.values():
        return raw
    label = next(f.label for f in ENTERPRISE_FIELDS if f.name == name)
    allowed = "、".join(f"{k}{v}" for k, v in codes.items())
    out.problem(
        t.sheet, r.number, f"{label}“{raw}”不在代码表（{allowed}）中 (unknown code)", label, raw
    )
    return False


def _industries(raw: str) -> list[int] | str:
    codes: list[int] = []
    for part in _SPLIT.split(raw.strip()):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(INDUSTRIES):
            codes.append(int(part))
        elif part in INDUSTRIES:
            codes.append(INDUSTRIES.index(part) + 1)
        else:
            return part
    return sorted(set(codes))


def _enterprise(t: Table, r: Row, out: EnterpriseFile, seen: dict[str, int]) -> None:
    name = t.cell(r, "name").strip()
    if not name:
        return  # a legend row (1国有 2民营 …) or a numbered blank row of the form
    before = len(out.problems)
    uscc = normalize(t.cell(r, "uscc")) or None
    if uscc and (why := uscc_problem(uscc)):
        out.problem(t.sheet, r.number, why, "统一社会信用代码", uscc)
    nature = _coded(t, r, "nature", NATURE, out)
    scale = _coded(t, r, "scale", SCALE, out)
    category = _coded(t, r, "category", CATEGORY, out)
    industries = _industries(t.cell(r, "industry"))
    if isinstance(industries, str):
        out.problem(
            t.sheet,
            r.number,
            f"所属产业领域“{industries}”不是十强产业代码1-10或名称 (not one of the ten industries)",
            "所属产业领域",
            industries,
        )
    registered = None
    if raw := t.cell(r, "registered").strip():
        registered = cells.year(raw)
        if registered is None:
            out.problem(t.sheet, r.number, f"注册年份“{raw}”不是年份 (not a year)", "注册年份", raw)
    recognized = None
    if raw := t.cell(r, "recognized").strip():
        recognized = cells.year(raw)
        if recognized is None:
            out.problem(t.sheet, r.number, f"认定年份“{raw}”不是年份 (not a year)", "认定年份", raw)
    key = uscc or name
    if key in seen:
        out.problem(
            t.sheet,
            r.number,
            f"企业“{name}”与第{seen[key]}行重复 (duplicate of row {seen[key]})",
            "企业名称",
            name,
        )
    if len(out.problems) > before:
        return
    seen[key] = r.number
    recognitions = [x for x in _SPLIT.split(t.cell(r, "recognitions")) if x]
    out.records.append(
        Enterprise(
            name=name,
            uscc=uscc,
            township=t.cell(r, "township").strip() or None,
            nature=nature if isinstance(nature, str) else None,
            scale=scale if isinstance(scale, str) else None,
            category=category if isinstance(category, str) else None,
            industries=industries if isinstance(industries, list) else [],
            rd_team=cells.flag(t.cell(r, "rd")),
            registered=registered,
            contact=t.cell(r, "contact").strip() or None,
            contact_title=t.cell(r, "contact_title").strip() or None,
            contact_phone=t.cell(r, "contact_phone").strip() or None,
            recognitions=recognitions,
            recognized=recognized,
            row=r.number,
            sheet=t.sheet,
        )
    )


def _key_pair(
    t: Table, r: Row, out: EnterpriseFile, fields: tuple[Field, ...]
) -> tuple[str, str] | None:
    """The row's two key cells (the first two fields); None, with a problem if only one is set."""
    a, b = (t.cell(r, f.name).strip() for f in fields[:2])
    if a and b:
        return a, b
    if a or b:
        missing = fields[0].label if not a else fields[1].label
        out.problem(t.sheet, r.number, f"{missing}为空 (missing {missing})", missing)
    return None


def _patent(t: Table, r: Row, out: EnterpriseFile) -> None:
    if (keys := _key_pair(t, r, out, PATENT_FIELDS)) is None:
        return
    number, holder = keys
    granted = t.cell(r, "granted").strip() or None
    if granted and cells.year(granted) is None:
        out.problem(
            t.sheet, r.number, f"授权时间“{granted}”不是日期 (not a date)", "授权时间", granted
        )
        return
    out.patents.append(
        Patent(
            number=number,
            name=t.cell(r, "name").strip() or None,
            holder=holder,
            granted=granted,
            row=r.number,
            sheet=t.sheet,
        )
    )


def _project(t: Table, r: Row, out: EnterpriseFile) -> None:
    if (keys := _key_pair(t, r, out, PROJECT_FIELDS)) is None:
        return
    applicant, name = keys
    patents = None
    if raw := t.cell(r, "patents").strip():
        patents = cells.number(raw)
        if patents is not None and sane(patents) is None:
            out.problem(t.sheet, r.number, too_large("发明专利数量", raw), "发明专利数量", raw[:40])
            return
        if patents is None:
            out.problem(
                t.sheet,
                r.number,
                f"发明专利数量“{raw}”不是数字 (not a number)",
                "发明专利数量",
                raw,
            )
            return
    out.projects.append(
        Project(
            applicant=applicant,
            name=name,
            field=t.cell(r, "field").strip() or None,
            patents=patents,
            row=r.number,
            sheet=t.sheet,
        )
    )


def read_enterprises(path: str | Path) -> EnterpriseFile:
    """Enterprises, patents and projects of every recognised sheet, and the rows' problems."""
    file = str(path)
    out = EnterpriseFile(file)
    sheets = read_sheets(path)
    found = False
    seen: dict[str, int] = {}
    for sheet in sheets:
        if (t := find_table(sheet, PATENT_FIELDS)) is not None:
            for r in t.rows:
                _patent(t, r, out)
        elif (t := find_table(sheet, PROJECT_FIELDS)) is not None:
            for r in t.rows:
                _project(t, r, out)
        elif (t := find_table(sheet, ENTERPRISE_FIELDS)) is not None:
            for r in t.rows:
                _enterprise(t, r, out, seen)
        else:
            continue
        found = True
    if not found:
        raise no_table(file, "enterprise (附件3), patent (附件4) or project (附件5)", ["企业名称"])
    return out
