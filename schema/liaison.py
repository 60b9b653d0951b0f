"""Leaders and liaisons of responsible units, in the shape of 附件7 (分管领导和联络员信息表)."""

from pydantic import BaseModel


class Liaison(BaseModel):
    """负责人员 分管领导, 单位 市知识产权事业发展中心, 姓名, 职务, 电话, 手机, 邮箱."""

    role: str
    unit: str
    name: str
    title: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    row: int
    sheet: str | None = None
