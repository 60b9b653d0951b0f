"""GraphQL types over the library's dataclasses (graph.browse, graph.queries, lineage, impact).

Each type copies the fields of its library record (`from_*`); nested lists that need the
store (a task's owners, a unit's duties) resolve through the request's DataLoaders.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, cast

import strawberry

from dutygraph.api.errors import BAD_INPUT, ApiError
from dutygraph.api.graphql.context import Info
from dutygraph.api.graphql.lights import Light, light_of
from dutygraph.graph.imports import Imported
from dutygraph.graph.queries import Duty as DutyRecord
from dutygraph.graph.queries import Impact as ImpactRecord
from dutygraph.graph.queries import Lineage as LineageRecord
from dutygraph.graph.queries import Link as LinkRecord
from dutygraph.graph.queries import OwnerRow, browse
from dutygraph.graph.queries import Owners as OwnersRecord
from dutygraph.graph.queries import Rollup as RollupRecord

if TYPE_CHECKING:
    from dutygraph.api.graphql.supervision import TaskSupervision

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def field(description: str) -> Callable[[F], F]:
    """strawberry.field as a typed decorator (strawberry's own overload returns Any)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def mutation(description: str) -> Callable[[F], F]:
    """strawberry.mutation as a typed decorator."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


DEFAULT_LIMIT = 20


@strawberry.type(description="One page of a list: `items` from `offset`, out of `totalCount`.")
class Page(Generic[T]):
    items: list[T]
    total_count: int
    offset: int
    limit: int


def check_page(info: Info, offset: int, limit: int) -> None:
    """Refuse a negative offset or a limit outside 1..Settings.max_page (BAD_INPUT)."""
    most = info.context.settings.max_page
    if offset < 0 or not 1 <= limit <= most:
        raise ApiError(
            BAD_INPUT, f"limit must be 1..{most} and offset >= 0 (got {limit}, {offset})"
        )


def from_page(found: browse.Page[Any], make: Callable[[Any], T]) -> Page[T]:
    """A library page (list_nodes, search, page_of) with its items made GraphQL types."""
    return Page(
        items=[make(x) for x in found.items],
        total_count=found.total,
        offset=found.offset,
        limit=found.limit,
    )


def page(
    info: Info, items: Sequence[Any], offset: int, limit: int, make: Callable[[Any], T]
) -> Page[T]:
    """A checked page of a list already in memory (nested lists), only its items made."""
    check_page(info, offset, limit)
    return from_page(browse.page_of(items, offset, limit), make)


@strawberry.type(description="A responsible unit of an item, with its role, groups and leaders.")
class Owner:
    unit_id: str
    unit: str
    role: str
    groups: list[str]
    leaders: list[str]

    @staticmethod
    def from_row(r: OwnerRow) -> "Owner":
        return Owner(
            unit_id=r.unit_id, unit=r.unit, role=r.role, groups=r.groups, leaders=r.leaders
        )


async def _owners(info: Info, item_id: str) -> list[Owner]:
    rows = await info.context.loaders.owners.load(item_id)
    return [Owner.from_row(r) for r in rows]


@strawberry.type(description="A notice: loaded from a file, or only cited by one.")
class Notice:
    id: str
    title: str
    notice_id: str | None
    doc_number: str | None
    file: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    loaded: bool

    @staticmethod
    def from_info(n: browse.NoticeInfo) -> "Notice":
        return Notice(
            id=n.id,
            title=n.title,
            notice_id=n.notice,
            doc_number=n.doc_number,
            file=n.file,
            date=n.date,
            issuer=n.issuer,
            jurisdiction=n.jurisdiction,
            loaded=n.loaded,
        )


@strawberry.type(description="A task of a notice, e.g. 三.(三).1 提升行政保护质效.")
class Task:
    id: str
    label: str
    notice_id: str
    path: str | None
    title: str | None
    text: str
    kind: str | None
    section: str | None
    line: int | None

    @field("The units that own this task (batched per request).")
    async def owners(self, info: Info) -> list[Owner]:
        return await _owners(info, self.id)

    @field(
        "Its traffic light at asOf (default today): the worst of its indicators and dates and,"
        " once the office runs the supervision loop, of its open task × unit duties (overdue"
        " red, unsigned or unreported yellow); green when the office closed it for every unit."
    )
    async def status(self, info: Info, as_of: dt.date | None = None) -> Light:
        return await light_of(info, self.id, as_of)

    @field(
        "Its supervision status at asOf (default today): 已交办/已签收/进行中/已办结, overdue,"
        " unreported, 已催办 marks and each task × unit with its light; null when no unit owns it."
    )
    async def supervision(
        self, info: Info, as_of: dt.date | None = None
    ) -> Annotated["TaskSupervision", strawberry.lazy("dutygraph.api.graphql.supervision")] | None:
        from dutygraph.api.graphql.supervision import task_supervision

        return await task_supervision(info, self.id, as_of)

    @staticmethod
    def from_info(t: browse.TaskInfo) -> "Task":
        return Task(
            id=t.id,
            label=t.label,
            notice_id=t.notice,
            path=t.path,
            title=t.title,
            text=t.text,
            kind=t.kind,
            section=t.section,
            line=t.line,
        )


@strawberry.type(description="A number a notice states, e.g. 专利开放许可 200.")
class Indicator:
    id: str
    name: str
    notice_id: str
    value: float | None
    measure: str | None
    comparator: str | None
    year: int | None
    scope: str | None
    quote: str | None

    @field("Its owners (those of its task when it has none itself).")
    async def owners(self, info: Info) -> list[Owner]:
        return await _owners(info, self.id)

    @field("Its traffic light at asOf (default today): actual against the pro-rated value.")
    async def status(self, info: Info, as_of: dt.date | None = None) -> Light:
        return await light_of(info, self.id, as_of)

    @staticmethod
    def from_info(i: browse.IndicatorInfo) -> "Indicator":
        return Indicator(
            id=i.id,
            name=i.name,
            notice_id=i.notice,
            value=i.value,
            measure=i.measure,
            comparator=i.comparator,
            year=i.year,
            scope=i.scope,
            quote=i.quote,
        )


@strawberry.type(description="A task, indicator or target a unit owns, maybe via a collective.")
class Duty:
    item_id: str
    kind: str
    label: str
    role: str
    notice_id: str
    via: str | None
    path: str | None

    @staticmethod
    def from_record(d: DutyRecord) -> "Duty":
        return Duty(
            item_id=d.item_id,
            kind=d.kind,
            label=d.label,
            role=d.role,
            notice_id=d.notice,
            via=d.via,
            path=d.path,
        )


@strawberry.type(description="A unit: department, township, region or collective (各镇街).")
class Unit:
    id: str
    name: str
    aliases: list[str]
    collective: bool
    region: bool
    jurisdiction: str | None

    @field("What it owns, directly and through collectives (batched).")
    async def duties(self, info: Info, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[Duty]:
        rows = await info.context.loaders.duties.load(self.id)
        return page(info, rows, offset, limit, Duty.from_record)

    @field(
        "Its traffic light at asOf (default today): the worst of the targets it owns and, once"
        " the office runs the supervision loop, of its task × unit duties."
    )
    async def status(self, info: Info, as_of: dt.date | None = None) -> Light:
        return await light_of(info, self.id, as_of)

    @staticmethod
    def from_info(u: browse.UnitInfo) -> "Unit":
        return Unit(
            id=u.id,
            name=u.name,
            aliases=u.aliases,
            collective=u.collective,
            region=u.region,
            jurisdiction=u.jurisdiction,
        )


@strawberry.type(description="A group, leader or target node.")
class OtherNode:
    id: str
    kind: str
    label: str


Node = Annotated[Notice | Task | Unit | Indicator | OtherNode, strawberry.union("Node")]


def node_of(n: browse.NodeInfo) -> Notice | Task | Unit | Indicator | OtherNode:
    if isinstance(n, browse.NoticeInfo):
        return Notice.from_info(n)
    if isinstance(n, browse.TaskInfo):
        return Task.from_info(n)
    if isinstance(n, browse.UnitInfo):
        return Unit.from_info(n)
    if isinstance(n, browse.IndicatorInfo):
        return Indicator.from_info(n)
    return OtherNode(id=n.id, kind=n.kind, label=n.label)


@strawberry.type(description="A search result: the node, and where the text was found.")
class SearchHit:
    kind: str
    field: str
    snippet: str
    node: Node

    @staticmethod
    def from_hit(h: browse.SearchHit) -> "SearchHit":
        return SearchHit(kind=h.kind, field=h.field, snippet=h.snippet, node=node_of(h.node))


@strawberry.type(description="A task or indicator and who owns it.")
class Owners:
    item_id: str
    kind: str
    label: str
    notice_id: str
    owners: list[Owner]

    @staticmethod
    def from_record(o: OwnersRecord) -> "Owners":
        return Owners(
            item_id=o.item_id,
            kind=o.kind,
            label=o.label,
            notice_id=o.notice,
            owners=[Owner.from_row(r) for r in o.owners],
        )


@strawberry.type(description="One child of a roll-up: a unit (township), its target and actual.")
class RollupChild:
    unit: str
    value: float
    actual: float | None = strawberry.field(
        description="The reported actual (or enterprises counted), null when nothing is known."
    )
    target_id: str = strawberry.field(description="The Target node of this cell.")

    @field("The cell's traffic light at asOf (default today).")
    async def status(self, info: Info, as_of: dt.date | None = None) -> Light:
        return await light_of(info, self.target_id, as_of)


@strawberry.type(description="The indicator a roll-up is compared with, e.g. 专利开放许可 200.")
class Headline:
    name: str
    value: float


@strawberry.type(description="One table and period: children, their sum, the 合计, the headline.")
class Rollup:
    table: str
    measure: str | None
    notice_id: str
    period: str
    region: str | None
    children: list[RollupChild]
    computed: float
    stated: float | None
    headline: Headline | None
    diff_stated: float | None
    diff_headline: float | None
    actual_total: float | None = strawberry.field(
        description="The sum of the children's known actuals, null when none is known."
    )
    total_target_id: str | None = strawberry.field(
        description="The Target node of the stated 合计 cell (the region's), when there is one."
    )

    @field("The 合计 cell's traffic light at asOf (default today); null without a 合计 cell.")
    async def status(self, info: Info, as_of: dt.date | None = None) -> Light | None:
        if self.total_target_id is None or self.stated is None:
            return None
        return await light_of(info, self.total_target_id, as_of)

    @staticmethod
    def from_record(r: RollupRecord) -> "Rollup":
        actual = dict(r.actuals)
        return Rollup(
            table=r.table,
            measure=r.measure,
            notice_id=r.notice,
            period=r.period,
            region=r.region,
            children=[
                RollupChild(
                    unit=u,
                    value=v,
                    actual=actual.get(u),
                    target_id=r.cell_id(u),
                )
                for u, v in r.children
            ],
            computed=r.computed,
            stated=r.stated,
            headline=None
            if r.headline is None
            else Headline(name=r.headline[0], value=r.headline[1]),
            diff_stated=r.diff_stated,
            diff_headline=r.diff_headline,
            actual_total=r.actual_total,
            total_target_id=None if r.region is None else r.cell_id(r.region),
        )


@strawberry.type(description="A notice-to-document relation; `basis` says why IMPLEMENTS holds.")
class Link:
    notice_id: str
    label: str
    doc_number: str | None
    known: bool
    basis: str | None

    @staticmethod
    def from_record(k: LinkRecord) -> "Link":
        return Link(
            notice_id=k.notice_id,
            label=k.label,
            doc_number=k.doc_number,
            known=k.known,
            basis=k.basis,
        )


@strawberry.type(description="What a notice cites and implements, and who cites or implements it.")
class Lineage:
    notice_id: str
    label: str
    doc_number: str | None
    cites: list[Link]
    implements: list[Link]
    cited_by: list[Link]
    implemented_by: list[Link]

    @staticmethod
    def from_record(g: LineageRecord) -> "Lineage":
        def links(xs: list[LinkRecord]) -> list[Link]:
            return [Link.from_record(x) for x in xs]

        return Lineage(
            notice_id=g.notice_id,
            label=g.label,
            doc_number=g.doc_number,
            cites=links(g.cites),
            implements=links(g.implements),
            cited_by=links(g.cited_by),
            implemented_by=links(g.implemented_by),
        )


@strawberry.type(description="One node on an impact chain; `via` names the node it came from.")
class ImpactNode:
    id: str
    kind: str
    label: str
    via: str | None


@strawberry.type(description="One level of an impact chain, e.g. rolls_up_into.")
class ImpactLevel:
    name: str
    nodes: list[ImpactNode]


@strawberry.type(description="What depends on a unit's (or a target's) work, level by level.")
class Impact:
    start: str
    levels: list[ImpactLevel]

    @staticmethod
    def from_record(i: ImpactRecord) -> "Impact":
        return Impact(
            start=i.start,
            levels=[
                ImpactLevel(
                    name=lv.name,
                    nodes=[
                        ImpactNode(id=n.id, kind=n.kind, label=n.label, via=n.via) for n in lv.nodes
                    ],
                )
                for lv in i.levels
            ],
        )


@strawberry.type(description="A reader warning about the imported notice.")
class ParseWarning:
    code: str
    message: str
    line: int
    place: str | None = strawberry.field(
        default=None, description="In a Word/PDF/HTML notice: the place, e.g. 表1第15行第1列."
    )


@strawberry.type(description="What an import created: the notice, its task and indicator ids.")
class ImportResult:
    notice_id: str
    notice_node_id: str
    title: str | None
    task_ids: list[str]
    indicator_ids: list[str]
    warnings: list[ParseWarning]

    @staticmethod
    def from_record(r: Imported) -> "ImportResult":
        return ImportResult(
            notice_id=r.notice_id,
            notice_node_id=r.notice_node_id,
            title=r.title,
            task_ids=r.task_ids,
            indicator_ids=r.indicator_ids,
            warnings=[
                ParseWarning(code=w.code, message=w.message, line=w.line, place=w.place)
                for w in r.warnings
            ],
        )


@strawberry.input(description="Which tasks: words, a notice (parse or node id), owned or not.")
class TaskFilter:
    text: str | None = None
    notice: str | None = None
    owned: bool | None = None


@strawberry.input(description="Which indicators: words, a notice (parse or node id), owned or not.")
class IndicatorFilter:
    text: str | None = None
    notice: str | None = None
    owned: bool | None = None


@strawberry.input(description="Which units: words in the name or aliases, collectives or not.")
class UnitFilter:
    text: str | None = None
    notice: str | None = None
    collective: bool | None = None


@strawberry.input(description="Which notices: words, loaded from a file or only cited.")
class NoticeFilter:
    text: str | None = None
    loaded: bool | None = None
