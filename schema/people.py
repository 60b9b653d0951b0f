"""Leading groups (领导小组, 工作专班), their leaders, and contact persons (联系人)."""

from typing import Literal

from pydantic import BaseModel

from dutygraph.schema.provenance import Source

LeaderRole = Literal["组长", "常务副组长", "第一副组长", "副组长", "成员", "办公室主任"]


class Group(BaseModel):
    """A leading group and the unit its office (办公室) sits in."""

    id: str
    name: str
    office: str | None = None
    source: Source


class Leader(BaseModel):
    """A person or post in a group: 王光明, 局长 of 市市场监督管理局, 组长."""

    name: str | None = None
    title: str | None = None
    org: str | None = None
    role: LeaderRole
    group: str | None = None
    source: Source


class Contact(BaseModel):
    """A contact person with phones and e-mail, e.g. 联系人：魏成建 联系电话：3153360."""

    name: str
    org: str | None = None
    phones: list[str] = []
    email: str | None = None
    source: Source
