"""The GraphQL schema: thin resolvers over the same library calls as the CLI.

Every list field takes `limit` (1..Settings.max_page, default 20) and `offset`, and returns a
page with `totalCount`. Quick resolvers call the backend on the event loop thread; heavy ones
(gaps, roll-ups, a date's first traffic lights) run in a worker thread (`off_loop`). Readers take
no lock (api/locking.py).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.file_uploads import Upload
from strawberry.types import ExecutionContext

from dutygraph.api.accounts import exclusive
from dutygraph.api.computing import store_gaps_window
from dutygraph.api.errors import BAD_INPUT, ApiError
from dutygraph.api.graphql.context import Info
from dutygraph.api.graphql.executor import PlainFieldsExecutor
from dutygraph.api.graphql.lights import Finding, Report
from dutygraph.api.graphql.limits import limit_extensions
from dutygraph.api.graphql.supervision import SupervisionMutation, SupervisionQuery, who
from dutygraph.api.graphql.types import (
    DEFAULT_LIMIT,
    Duty,
    Impact,
    ImportResult,
    Indicator,
    IndicatorFilter,
    Lineage,
    Notice,
    NoticeFilter,
    Owners,
    Page,
    Rollup,
    SearchHit,
    Task,
    TaskFilter,
    Unit,
    UnitFilter,
    check_page,
    field,
    from_page,
    mutation,
    page,
)
from dutygraph.api.reading import read_off_loop, readers, write_off_loop
from dutygraph.api.settings import Settings
from dutygraph.graph.errors import NotFound
from dutygraph.graph.gaps import KINDS, chosen_kinds
from dutygraph.graph.imports import Imported, edits
from dutygraph.graph.queries import NodeFilter, NodeInfo, browse, did_you_mean
from dutygraph.graph.queries import Rollup as RollupRecord
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import paused_gc
from dutygraph.graph.supervision import require, writes

T = TypeVar("T")
N = TypeVar("N")


async def off_loop(work: Callable[[], T]) -> T:
    """`work()` in a worker thread: heavy answers (gaps, a roll-up's first index) must not stop
    the event loop, which keeps serving the other clients meanwhile (readers take no lock)."""

    def paused() -> T:
        with paused_gc():  # its garbage is freed by reference counts; see graph.store.settle
            return work()

    return await anyio.to_thread.run_sync(paused)


def _one_of(**given: str | None) -> tuple[str, str]:
    """The one argument given among several alternatives; BAD_INPUT otherwise."""
    set_ = [(k, v) for k, v in given.items() if v]
    if len(set_) != 1:
        names = ", ".join(given)
        raise ApiError(BAD_INPUT, f"give exactly one of {names} (got {len(set_)})")
    return set_[0]


def _listed(
    info: Info,
    kind: str,
    f: NodeFilter,
    offset: int,
    limit: int,
    make: Callable[[Any], T],
) -> Page[T]:
    check_page(info, offset, limit)
    return from_page(info.context.backend.list_nodes([kind], f, offset, limit), make)


def _node(info: Info, node_id: str, want: type[N], kind: str) -> N:
    """The row of `node_id` when it is a node of `want`'s kind; NOT_FOUND otherwise."""
    found: NodeInfo | None = info.context.backend.get_nodes([node_id]).get(node_id)
    if not isinstance(found, want):
        raise NotFound(kind, node_id)
    return found


def _unknown(info: Info, kind: str, key: str, what: What) -> NotFound:
    """NOT_FOUND for a name that matched nothing, with the store's nearest names as
    extensions.suggestions (税国镇 -> 税郭镇); a suggestion is never used in its place."""
    return NotFound(kind, key, did_you_mean(info.context.backend.names_graph(what), key, what))


@strawberry.type
class Query(SupervisionQuery):
    @field("Notices in the store, loaded ones and those only cited.")
    def notices(
        self,
        info: Info,
        filter: NoticeFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Notice]:
        f = filter or NoticeFilter()
        nf = NodeFilter(text=f.text, loaded=f.loaded)
        return _listed(info, "Notice", nf, offset, limit, Notice.from_info)

    @field("One notice by node id (n:枣市监中心字〔2019〕1号).")
    def notice(self, info: Info, id: str) -> Notice:
        return Notice.from_info(_node(info, id, browse.NoticeInfo, "notice"))

    @field("Tasks, filtered by words, notice, owned or not.")
    def tasks(
        self,
        info: Info,
        filter: TaskFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Task]:
        f = filter or TaskFilter()
        nf = NodeFilter(text=f.text, notice=f.notice, owned=f.owned)
        return _listed(info, "Task", nf, offset, limit, Task.from_info)

    @field("One task by id (t:na3a8e7f37d:三.(三).1).")
    def task(self, info: Info, id: str) -> Task:
        return Task.from_info(_node(info, id, browse.TaskInfo, "task"))

    @field("Units, filtered by words in the name or aliases.")
    def units(
        self,
        info: Info,
        filter: UnitFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Unit]:
        f = filter or UnitFilter()
        nf = NodeFilter(text=f.text, notice=f.notice, collective=f.collective)
        return _listed(info, "Unit", nf, offset, limit, Unit.from_info)

    @field("One unit by id, or by name: full, alias, abbreviation or ending (税郭镇).")
    def unit(self, info: Info, id: str | None = None, name: str | None = None) -> Unit:
        _, key = _one_of(id=id, name=name)
        uid = key if id else edits.resolve_unit(info.context.backend, key)
        return Unit.from_info(_node(info, uid, browse.UnitInfo, "unit"))

    @field("Indicators, filtered by words, notice, owned or not.")
    def indicators(
        self,
        info: Info,
        filter: IndicatorFilter | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Indicator]:
        f = filter or IndicatorFilter()
        nf = NodeFilter(text=f.text, notice=f.notice, owned=f.owned)
        return _listed(info, "Indicator", nf, offset, limit, Indicator.from_info)

    @field("One indicator by id.")
    def indicator(self, info: Info, id: str) -> Indicator:
        return Indicator.from_info(_node(info, id, browse.IndicatorInfo, "indicator"))

    @field(
        "Who owns a task or indicator (by id), or the items whose path (三.(三).1) or words "
        "contain `text`. A look-up, not a search: an id or a text that matches nothing is a "
        "NOT_FOUND error with extensions.suggestions (the nearest task and indicator names); "
        "use `search` or `tasks(filter:)` to browse, where no match is an empty page."
    )
    def who_owns(
        self,
        info: Info,
        task_id: str | None = None,
        indicator_id: str | None = None,
        text: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Owners]:
        which, key = _one_of(task_id=task_id, indicator_id=indicator_id, text=text)
        if which == "task_id":
            _node(info, key, browse.TaskInfo, "task")
        elif which == "indicator_id":
            _node(info, key, browse.IndicatorInfo, "indicator")
        found = info.context.backend.owners(key)
        if which != "text":
            found = [o for o in found if o.item_id == key]
        elif not found:
            raise _unknown(info, "task or indicator", key, "item")
        return page(info, found, offset, limit, Owners.from_record)

    @field("What a unit owns, directly and through collectives (各镇街).")
    def duties(
        self, info: Info, unit: str, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[Duty]:
        found = info.context.backend.responsibilities(unit)
        if not found and not info.context.backend.find_units(unit):
            raise _unknown(info, "unit", unit, "unit")
        return page(info, found, offset, limit, Duty.from_record)

    @field(
        "Per table and period: children, their sum, the stated 合计, the headline. An "
        "`indicator` that names no allocation table (whole or in part) or a `region` that names "
        "no unit is a NOT_FOUND error with extensions.suggestions; a known table with no rows "
        "for that region or period is an empty page."
    )
    async def rollup(
        self,
        info: Info,
        indicator: str,
        region: str | None = None,
        period: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Rollup]:
        backend = info.context.backend

        def answer() -> list[RollupRecord]:
            found = backend.rollup(indicator, region, period)
            if not found and region and not backend.find_units(region):
                raise _unknown(info, "unit", region, "unit")
            if not found and not backend.rollup(indicator):
                raise _unknown(info, "allocation table", indicator, "table")
            return found

        # Off the loop: the first roll-up after a load builds the index (~0.5 s on a province).
        return page(info, await off_loop(answer), offset, limit, Rollup.from_record)

    @field(
        "What a notice cites and implements, and who cites it; an unknown notice is NOT_FOUND "
        "with extensions.suggestions."
    )
    def lineage(self, info: Info, notice: str) -> Lineage:
        try:
            return Lineage.from_record(info.context.backend.lineage(notice))
        except LookupError as exc:
            raise _unknown(info, "notice", notice, "notice") from exc

    @field(
        "What depends on a unit's (by name) or a target's (by id) work; an unknown unit is "
        "NOT_FOUND with extensions.suggestions."
    )
    def impact(self, info: Info, unit: str | None = None, target: str | None = None) -> Impact:
        which, key = _one_of(unit=unit, target=target)
        try:
            return Impact.from_record(info.context.backend.impact(key))
        except LookupError as exc:
            if which == "target":
                raise
            raise _unknown(info, "unit", key, "unit") from exc

    @field("Units, tasks, indicators and notices whose words contain text.")
    def search(
        self, info: Info, text: str, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[SearchHit]:
        if not text.strip():
            raise ApiError(BAD_INPUT, "search text is empty")
        check_page(info, offset, limit)
        return from_page(info.context.backend.search(text, offset, limit), SearchHit.from_hit)

    @field("Gap analysis at asOf (default today), as `dutygraph gaps`; kinds: " + ", ".join(KINDS))
    async def gaps(
        self,
        info: Info,
        as_of: dt.date | None = None,
        notice: str | None = None,
        unit: str | None = None,
        kinds: list[str] | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[Finding]:
        check_page(info, offset, limit)
        wanted = chosen_kinds(kinds)
        day = as_of or dt.date.today()
        backend, seconds = info.context.backend, info.context.settings.gaps_seconds
        found_page, _ = await anyio.to_thread.run_sync(
            lambda: store_gaps_window(backend, day, notice, unit, wanted, offset, limit, seconds)
        )
        found = browse.Page(found_page.items, found_page.total, offset, limit)
        return from_page(found, Finding.from_record)


async def _read_upload(upload: Any) -> bytes:
    """The bytes of one uploaded part (starlette's UploadFile under strawberry's Upload)."""
    data = await upload.read()
    if not isinstance(data, bytes):
        raise ApiError(BAD_INPUT, "an uploaded part is not a file")
    return data


def _upload_name(upload: Any, k: int) -> str:
    name = str(getattr(upload, "filename", "") or f"附件{k + 1}")
    return name.replace("\\", "/").rsplit("/", 1)[-1]


@strawberry.type
class Mutation(SupervisionMutation):
    @mutation(
        "Read a notice (as `dutygraph load` does) and load it atomically: its `text`, or an"
        " uploaded `file` (.docx, .doc/.wps, .pdf, .html, .txt, a .zip bundle; GraphQL multipart"
        " request; `filename` defaults to the upload's) with uploaded `annexes` (.docx, .xlsx …)."
    )
    async def import_notice(
        self,
        info: Info,
        text: str | None = None,
        filename: str = "",
        file: Upload | None = None,
        annexes: list[Upload] | None = None,
    ) -> ImportResult:
        account = who(info)
        require(account, "import")  # before the server spends time reading
        if file is not None and not filename:
            filename = _upload_name(file, 0)
        if not filename.strip() or "/" in filename or "\\" in filename:
            raise ApiError(BAD_INPUT, f"filename {filename!r} must be a plain file name")
        if (text is None) == (file is None):
            raise ApiError(BAD_INPUT, "give the notice as either `text` or `file`, not both")
        seconds = info.context.settings.read_seconds
        loaders = await readers()
        if file is not None:
            extra = [
                (await _read_upload(a), _upload_name(a, k)) for k, a in enumerate(annexes or [])
            ]
            data = await _read_upload(file)
            read = await read_off_loop(
                loaders.read_notice_bytes, (data, filename, extra), filename, seconds
            )
        else:
            if annexes:
                raise ApiError(BAD_INPUT, "annexes go with an uploaded `file`, not with `text`")
            data = (text or "").encode("utf-8")
            read = await read_off_loop(loaders.parse_bytes, (data, filename), filename, seconds)
        backend = info.context.backend

        def load() -> Imported:
            with exclusive(backend):
                return writes.import_notice(backend, account, filename, read)

        result = await write_off_loop(load)
        info.context.loaders.clear()
        return ImportResult.from_record(result)

    @mutation("Make a unit an owner of a task (role: lead, co or owner).")
    def assign_owner(self, info: Info, task_id: str, unit: str, role: str = "owner") -> Task:
        account = who(info)
        with exclusive(info.context.backend):
            writes.assign_owner(info.context.backend, account, task_id, unit, role)
        info.context.loaders.clear()
        return Task.from_info(_node(info, task_id, browse.TaskInfo, "task"))

    @mutation("Remove a unit from a task's owners (only as `role` if given).")
    def remove_owner(self, info: Info, task_id: str, unit: str, role: str | None = None) -> Task:
        account = who(info)
        with exclusive(info.context.backend):
            writes.remove_owner(info.context.backend, account, task_id, unit, role)
        info.context.loaders.clear()
        return Task.from_info(_node(info, task_id, browse.TaskInfo, "task"))

    @mutation("Confirm a near-duplicate: the variant unit's edges and name move to canonical.")
    def merge_units(self, info: Info, variant: str, canonical: str) -> Unit:
        account = who(info)
        with exclusive(info.context.backend):
            edit = writes.merge_units(info.context.backend, account, variant, canonical)
        info.context.loaders.clear()
        uid = edit.args["canonical"]
        return Unit.from_info(_node(info, uid, browse.UnitInfo, "unit"))

    @mutation(
        "Record one progress value (as a one-row progress import; the same unit, indicator and"
        " period again replaces it). asOf is the report date (default today)."
    )
    def record_progress(
        self,
        info: Info,
        unit: str,
        indicator: str,
        period: str,
        value: float,
        as_of: dt.date | None = None,
    ) -> Report:
        account = who(info)
        with exclusive(info.context.backend):
            rid = writes.record_progress(
                info.context.backend,
                account,
                unit,
                indicator,
                period,
                value,
                as_of or dt.date.today(),
            )
        info.context.loaders.clear()
        return Report.read(info.context.backend, rid)


class Schema(strawberry.Schema):
    """strawberry's schema, minus its log of every error with a trace: api.errors.classify
    logs the unexpected ones; a bad id or a missing token is the client's, not the server's."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with error codes and the depth, token and alias limits of `settings`."""
    s = settings or Settings()
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [*limit_extensions(s)]
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        execution_context_class=PlainFieldsExecutor,
    )


def sdl() -> str:
    """The schema in SDL, as written to schema.graphql."""
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    # `make schema`: python -m dutygraph.api.graphql.schema > schema.graphql
    import sys

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(sdl())
