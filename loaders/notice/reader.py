"""Read a notice file into a ParseResult: the one entry point of the notice reader."""

import datetime as dt
import hashlib
import re

from dutygraph.loaders.errors import NoticeEmptyError
from dutygraph.loaders.notice.annex import (
    AnnexRead,
    check_name_variants,
    check_totals,
    read_allocation_table,
    read_task_table,
)
from dutygraph.loaders.notice.body_tasks import read_body_tasks
from dutygraph.loaders.notice.checks import check_headlines
from dutygraph.loaders.notice.deadlines import find_deadlines, find_phase, parse_due_cell
from dutygraph.loaders.notice.decode import decode_notice
from dutygraph.loaders.notice.head import read_head
from dutygraph.loaders.notice.indicators import FoundIndicator, find_indicators, scope_for_issuer
from dutygraph.loaders.notice.layout import split_layout
from dutygraph.loaders.notice.normalize import Line, to_lines
from dutygraph.loaders.notice.outline import Item, build_outline, title_of, walk
from dutygraph.loaders.notice.owners import find_actors, lead_first_scope
from dutygraph.loaders.notice.people import find_contacts, find_groups
from dutygraph.loaders.notice.tables import build_grid, period_of
from dutygraph.schema import (
    Contact,
    Deadline,
    Group,
    Indicator,
    Leader,
    ParseResult,
    ParseWarning,
    Source,
    StatedTotal,
    Target,
    Task,
)


def _plan_period(title: str | None) -> str | None:
    """The plan's span from its title, 工作方案（2024—2026年） -> '2024-2026'; a single year is not one."""
    period = period_of(title or "")
    return period if period and "-" in period else None


def parse_text(text: str, file: str = "<text>") -> ParseResult:
    """Parse the text of one notice; `file` names it in ids, sources and messages."""
    lines, traditional = to_lines(text)
    if not any(ln.text.strip() for ln in lines):
        raise NoticeEmptyError(file, "the file is empty: no notice text to read")
    by_no = {ln.no: ln for ln in lines}
    meta = read_head(lines, file, traditional)
    layout = split_layout(lines)
    root = build_outline(layout.body)
    lead_first = lead_first_scope([(ln.no, ln.text) for ln in lines])
    result = ParseResult(notice=meta)

    item_task: dict[int, str] = {}
    doubts: list[ParseWarning] = []
    for bt in read_body_tasks(root, lead_first):
        doubts += [ParseWarning(code="unsure-owner", message=m, line=bt.line_no) for m in bt.doubts]
        task_id = f"{meta.id}:{bt.path}"
        if bt.path == bt.item.path:
            item_task[id(bt.item)] = task_id
        result.tasks.append(
            Task(
                id=task_id,
                path=bt.path,
                kind=bt.kind,  # type: ignore[arg-type]
                section=bt.item.parent.path if bt.item.parent and bt.item.parent.path else None,
                section_title=title_of(bt.item.parent)
                if bt.item.parent and bt.item.parent.path
                else None,
                title=bt.title,
                text=bt.text,
                owners=bt.owners,
                mentions=bt.mentions,
                source=by_no[bt.line_no].source(),
            )
        )

    annex = AnnexRead()
    plan = _plan_period(meta.title)
    for block in layout.tables:
        grid = build_grid(block)
        if grid is None:
            continue
        has_owner = any(c.kind in ("lead", "co", "owner") for c in grid.columns)
        if has_owner and grid.all("task"):
            read_task_table(grid, lead_first.applies(block.line, block.line), annex)
        elif grid.first("unit") is not None:
            read_allocation_table(grid, plan, annex)
    for rt in annex.tasks:
        result.tasks.append(
            Task(
                id=f"{meta.id}:{rt.path}",
                path=rt.path,
                kind="row",
                section=rt.annex,
                title=rt.title,
                text=rt.text,
                owners=rt.owners,
                source=by_no[rt.line].source(),
            )
        )
    check_totals(annex)
    check_name_variants(annex)
    for c in annex.cells:
        cell: dict[str, object] = {"table": c.table, "measure": c.measure, "period": c.period}
        cell |= {"value": c.value, "source": by_no[c.line].source()}
        if c.total:
            result.stated_totals.append(StatedTotal.model_validate({**cell, "label": c.unit}))
        else:
            result.targets.append(Target.model_validate({**cell, "unit": c.unit}))

    scope = scope_for_issuer(meta.issuer)
    first_item = root.children[0].line if root.children else None
    for item in [root, *walk(root)]:
        item_task_id = item_task.get(id(item))
        for line, para in item.paragraphs:
            if item is root and (first_item is None or line.no < first_item):
                continue  # the preamble describes the notice; paragraphs between sections count
            for k, found in enumerate(find_indicators(para, scope)):
                ind_id = f"{meta.id}:{item.path}:L{line.no}:{k + 1}"
                result.indicators.append(_indicator(found, ind_id, item_task_id, line.source()))
    for rt in annex.tasks:
        cells = [(by_no[rt.line].source(), t) for t in rt.amounts]
        _add_indicators(result, f"{meta.id}:{rt.path}", cells, scope, f"{meta.id}:{rt.path}")
    notes = [
        (ln.source(), ln.text.strip()) for ln in layout.annex_notes if _NOTE.match(ln.text.strip())
    ]
    _add_indicators(result, f"{meta.id}:notes", notes, scope, None)
    result.deadlines = _deadlines(root, layout.annex_notes, item_task, meta.date)
    for rt in annex.tasks:
        due = parse_due_cell(rt.deadline) if rt.deadline else None
        if due is not None:
            result.deadlines.append(
                Deadline(
                    what=(rt.title or rt.text)[:120],
                    due=due.due,
                    owner=rt.owners[0].unit if rt.owners else None,
                    task_id=f"{meta.id}:{rt.path}",
                    quote=due.quote,
                    source=by_no[rt.line].source(),
                )
            )
    _people(result, root, lines, meta.id)
    result.warnings = sorted(
        annex.warnings + doubts + check_headlines(result), key=lambda w: w.line
    )
    return result


# An annex line that states amounts beside a table: 备注：补贴标准为每户2000元.
_NOTE = re.compile(r"^备注\s*\d*\s*[：:]")


def _add_indicators(
    result: ParseResult,
    prefix: str,
    texts: list[tuple[Source, str]],
    scope: str | None,
    task_id: str | None,
) -> None:
    """Indicators stated in table cells or annex notes, each traced to its line."""
    for n, (source, text) in enumerate(texts, start=1):
        for k, found in enumerate(find_indicators(text, scope)):
            ind_id = f"{prefix}:L{source.line}:{n}:{k + 1}"
            result.indicators.append(_indicator(found, ind_id, task_id, source))


def _indicator(
    found: FoundIndicator, ind_id: str, task_id: str | None, source: Source
) -> Indicator:
    """The record of one indicator the rules found, with its id, task and place."""
    q = found.quantity
    return Indicator(
        id=ind_id,
        name=found.name,
        value=q.value,
        measure=q.measure,
        comparator=found.comparator,  # type: ignore[arg-type]
        year=found.year,
        per=found.per,  # type: ignore[arg-type]
        scope=found.scope,
        task_id=task_id,
        quote=found.quote,
        source=source,
    )


def _deadlines(
    root: Item, notes: list[Line], item_task: dict[int, str], date: dt.date | None
) -> list[Deadline]:
    year = date.year if date else None
    out: list[Deadline] = []
    sources: list[tuple[Item | None, Line, str]] = [(None, ln, t) for ln, t in root.paragraphs]
    for item in walk(root):
        sources += [(item, ln, t) for ln, t in item.paragraphs]
    sources += [(None, ln, ln.text.strip()) for ln in notes]
    actors_of: dict[str, list[str]] = {}
    for source_item, line, text in sources:
        task_id = item_task.get(id(source_item)) if source_item else None
        found = find_deadlines(text, year, date)
        if source_item is not None and line.no == source_item.line:
            phase = find_phase(source_item.heading)
            if phase:
                found.insert(0, phase)
        for f in found:
            # A sentence with thousands of dates shares one quote: read its owners once.
            if (actors := actors_of.get(f.quote)) is None:
                actors = actors_of[f.quote] = find_actors(f.quote)
            what = f.quote if len(f.quote) <= 120 else f.quote[:117] + "…"
            out.append(
                Deadline(
                    what=what,
                    due=f.due,
                    start=f.start,
                    recurrence=f.recurrence,
                    dates=f.dates,
                    owner=actors[0] if actors else None,
                    task_id=task_id,
                    quote=f.quote,
                    source=line.source(),
                )
            )
    return out


def _people(result: ParseResult, root: Item, lines: list[Line], notice_id: str) -> None:
    paragraphs = list(root.paragraphs)
    for item in walk(root):
        paragraphs += item.paragraphs
    group_ids: set[str] = set()
    for line, text in paragraphs:
        for g in find_groups(text):
            gid = "g" + hashlib.sha1(g.name.encode("utf-8")).hexdigest()[:10]
            if gid in group_ids:
                continue
            group_ids.add(gid)
            result.groups.append(Group(id=gid, name=g.name, office=g.office, source=line.source()))
            for ld in g.leaders:
                result.leaders.append(
                    Leader(
                        name=ld.name,
                        title=ld.title,
                        org=ld.org,
                        role=ld.role,  # type: ignore[arg-type]
                        group=g.name,
                        source=line.source(),
                    )
                )
    by_no = {ln.no: ln for ln in lines}
    for c in find_contacts([(ln.no, ln.text) for ln in lines], result.notice.issuer):
        result.contacts.append(
            Contact(
                name=c.name,
                org=c.org,
                phones=c.phones,
                email=c.email,
                source=by_no[c.line].source(),
            )
        )


def parse_bytes(data: bytes, file: str = "<bytes>") -> ParseResult:
    """Decode (UTF-8, then GB18030) and parse; raise NoticeError with a one-line message."""
    return parse_text(decode_notice(data, file), file)


__all__ = ["parse_bytes", "parse_text"]
