"""Leaders and liaisons of responsible units, in the shape of 000's 附件7.

Columns 负责人员 (分管领导 / 联络员), 所在单位/部门, 姓名, 职务, 办公电话, 手机, 邮箱 are found
by their header words; a mobile number must have 11 digits and an e-mail an @.
"""

import re
from pathlib import Path

from dutygraph.loaders.sheets.columns import Field
from dutygraph.loaders.sheets.rowcheck import Rows, tables
from dutygraph.schema.liaison import Liaison

FIELDS = (
    Field("role", "负责人员", ("负责人员", "人员类别", "类别", "角色")),
    Field("unit", "单位", ("所在单位", "单位", "部门")),
    Field("name", "姓名", ("姓名",)),
    Field("title", "职务", ("职务",), required=False),
    Field("phone", "办公电话", ("办公电话", "电话", "座机"), required=False, exclude=("手机",)),
    Field("mobile", "手机", ("手机",), required=False),
    Field("email", "邮箱", ("邮箱", "电子邮件", "E-mail", "email"), required=False),
)
ROLES = ("分管领导", "联络员", "负责人", "主要负责人")
_MOBILE = re.compile(r"^1\d{10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def read_liaisons(path: str | Path) -> Rows[Liaison]:
    """Every leader and liaison row of every sheet with a 附件7 header, and the rows' problems."""
    out: Rows[Liaison] = Rows(str(path))
    for t in tables(path, FIELDS, "leaders and liaisons (附件7)"):
        seen: dict[tuple[str, str, str], int] = {}
        for r in t.rows:
            role, unit, name = (t.cell(r, k).strip() for k in ("role", "unit", "name"))
            if not (role or unit or name):
                continue
            before = len(out.problems)
            for value, label in ((role, "负责人员"), (unit, "单位"), (name, "姓名")):
                if not value:
                    out.problem(t.sheet, r.number, f"{label}为空 ({label} is empty)", label)
            if role and not any(x in role for x in ROLES):
                out.problem(
                    t.sheet,
                    r.number,
                    f"负责人员“{role}”应为分管领导或联络员 (role must be 分管领导 or 联络员)",
                    "负责人员",
                    role,
                )
            mobile = re.sub(r"[\s\-]", "", t.cell(r, "mobile"))
            if mobile and not _MOBILE.match(mobile):
                out.problem(
                    t.sheet,
                    r.number,
                    f"手机“{mobile}”应为11位数字 (not a mobile number)",
                    "手机",
                    mobile,
                )
            email = t.cell(r, "email").strip()
            if email and not _EMAIL.match(email):
                out.problem(
                    t.sheet,
                    r.number,
                    f"邮箱“{email}”格式不对 (not an e-mail address)",
                    "邮箱",
                    email,
                )
            key = (role, unit, name)
            if key in seen:
                out.problem(
                    t.sheet, r.number, f"与第{seen[key]}行重复 (duplicate of row {seen[key]})"
                )
            if len(out.problems) > before:
                continue
            seen[key] = r.number
            out.records.append(
                Liaison(
                    role=role,
                    unit=unit,
                    name=name,
                    title=t.cell(r, "title").strip() or None,
                    phone=t.cell(r, "phone").strip() or None,
                    mobile=mobile or None,
                    email=email or None,
                    row=r.number,
                    sheet=t.sheet,
                )
            )
    return out
