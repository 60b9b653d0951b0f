"""Tasks: numbered items or table rows that assign work, with their owning units."""

from typing import Literal

from pydantic import BaseModel

from dutygraph.schema.provenance import Source

Role = Literal["lead", "co", "owner"]


class Owner(BaseModel):
    """One responsible unit (责任单位) as written, with its role: lead 牵头, co 配合, owner 责任."""

    unit: str
    role: Role


class Task(BaseModel):
    """A unit of assigned work, e.g. path 三.(三).1 of a notice or 附件1.row7 of its annex table."""

    id: str
    path: str
    kind: Literal["item", "row", "step"]
    section: str | None = None
    section_title: str | None = None
    """The heading of `section` (强化知识产权保护 for 三.(三)), for maps and tables."""
    title: str | None = None
    text: str
    owners: list[Owner] = []
    mentions: list[str] = []
    source: Source
