"""Notice metadata: 发文字号, title, issuer, date, 主送 units and cited documents."""

import datetime as dt

from pydantic import BaseModel

from dutygraph.schema.provenance import Source


class NoticeMeta(BaseModel):
    """The head of a notice, e.g. 枣市监中心字〔2019〕1号 issued 2019-11-05."""

    id: str
    file: str
    doc_number: str | None = None
    title: str | None = None
    issuer: str | None = None
    issuers: list[str] = []
    date: dt.date | None = None
    addressees: list[str] = []
    cites: list[str] = []
    implements: list[str] = []
    forwards: list[str] = []
    """发文字号 of the documents a 转发 notice forwards (关于转发《…》（X〔2024〕1号）的通知)."""
    traditional: bool = False
    source: Source | None = None
