"""Enterprises in the shape of 附件3 (重点帮扶企业), with their patents (附件4) and projects (附件5)."""

from pydantic import BaseModel

# The ten 十强产业 of Shandong, in the order of their codes 1-10 (附件3 ★ note).
INDUSTRIES: tuple[str, ...] = (
    "新一代信息技术",
    "高端装备",
    "新能源新材料",
    "现代海洋",
    "医养健康",
    "绿色化工",
    "现代高效农业",
    "文化创意",
    "精品旅游",
    "现代金融",
)


class Patent(BaseModel):
    """附件4: 专利号, 专利名称, 专利权人, 授权时间."""

    number: str
    name: str | None = None
    holder: str
    granted: str | None = None
    row: int
    sheet: str | None = None


class Project(BaseModel):
    """附件5: 申报单位, 项目名称, 所属技术领域, 发明专利数量."""

    applicant: str
    name: str
    field: str | None = None
    patents: float | None = None
    row: int
    sheet: str | None = None


class Enterprise(BaseModel):
    """One row of 附件3, plus the township it is in and the recognitions it holds."""

    name: str
    uscc: str | None = None
    township: str | None = None
    nature: str | None = None
    scale: str | None = None
    category: str | None = None
    industries: list[int] = []
    rd_team: bool | None = None
    registered: int | None = None
    contact: str | None = None
    contact_title: str | None = None
    contact_phone: str | None = None
    recognitions: list[str] = []
    recognized: int | None = None
    """The year of the recognitions (认定年份), used to place them in a target's period."""
    row: int
    sheet: str | None = None
