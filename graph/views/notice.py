"""A notice as its task map shows it: sections -> tasks -> owning units (with role) -> indicators.

Works on a snapshot graph (`backend.snapshot()`), so it answers alike on either store.
"""

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.graph.queries import match_headline
from dutygraph.graph.views.refs import Ref, attrs, in_edges, out_edges, ref
from dutygraph.loaders import natural_key


@dataclass(frozen=True)
class Owner:
    """A unit responsible for a task: role lead (牵头), co (配合) or owner (责任)."""

    unit: Ref
    role: str


@dataclass(frozen=True)
class IndicatorRef:
    """A number the notice states, e.g. 专利开放许可 200 项."""

    id: str
    name: str
    value: float | None
    measure: str | None
    comparator: str | None
    year: int | None
    table: str | None = None
    """The allocation table that breaks this number down (its roll-up map), if any."""


@dataclass(frozen=True)
class TaskView:
    """One task: its path (三.(三).1), words, owners in role order, and its indicators."""

    id: str
    path: str
    title: str
    text: str
    kind: str
    owners: list[Owner]
    indicators: list[IndicatorRef]


@dataclass(frozen=True)
class Section:
    """Tasks under one outline heading (三.(三)), in outline order; `heading` is the title of
    the heading's own item when the notice has one (三.(三) 强化知识产权保护), else ''."""

    key: str
    tasks: list[TaskView] = field(default_factory=list)
    heading: str = ""


@dataclass(frozen=True)
class NoticeView:
    """A notice's sections and tasks, plus the indicators stated for the notice as a whole."""

    notice: Ref
    doc_number: str | None
    sections: list[Section]
    indicators: list[IndicatorRef]


ROLE_ORDER = ("lead", "owner", "co")


Tables = list[tuple[str, str | None]]
"""(table, measure) of a notice's allocation tables."""


def _indicator(g: nx.MultiDiGraph, iid: str, tables: Tables) -> IndicatorRef:
    p = attrs(g, iid)["props"]
    value = p.get("value")
    name = str(p.get("name") or attrs(g, iid)["label"])
    table = next(
        (t for t, m in tables if match_headline(t, m, [(name, p.get("measure"), value)])), None
    )
    return IndicatorRef(
        iid,
        name,
        None if value is None else float(value),
        p.get("measure"),
        p.get("comparator"),
        p.get("year"),
        table,
    )


def _indicators(g: nx.MultiDiGraph, parent: str, tables: Tables) -> list[IndicatorRef]:
    ids = [v for v, _ in out_edges(g, parent, "CONTAINS") if attrs(g, v)["kind"] == "Indicator"]
    return [_indicator(g, i, tables) for i in ids]


def _tables(g: nx.MultiDiGraph, notice: str) -> Tables:
    found = {
        (str(a["props"]["table"]), a["props"].get("measure"))
        for _, a in g.nodes(data=True)
        if a.get("kind") == "Target" and a["props"].get("notice") == notice
    }
    return sorted(found, key=lambda t: (t[0], t[1] or ""))


def _task(g: nx.MultiDiGraph, tid: str, tables: Tables) -> TaskView:
    a = attrs(g, tid)
    p = a["props"]
    owners = [
        Owner(ref(g, u), str(e["props"].get("role", "owner"))) for u, e in in_edges(g, tid, "OWNS")
    ]
    owners.sort(key=lambda o: (ROLE_ORDER.index(o.role) if o.role in ROLE_ORDER else 9, o.unit.id))
    return TaskView(
        tid,
        str(p.get("path") or ""),
        str(a["label"]),
        str(p.get("text") or ""),
        str(p.get("kind") or "item"),
        owners,
        _indicators(g, tid, tables),
    )


def notice_view(g: nx.MultiDiGraph, notice_id: str) -> NoticeView:
    """Sections, tasks, owners and indicators of one Notice node; LookupError if it is none."""
    if notice_id not in g or attrs(g, notice_id)["kind"] != "Notice":
        raise LookupError(f"no notice {notice_id!r}")
    tids = [v for v, _ in out_edges(g, notice_id, "CONTAINS") if attrs(g, v)["kind"] == "Task"]
    tables = _tables(g, str(attrs(g, notice_id)["props"].get("notice")))
    # Outline order (三.(二) before 三.(十), row2 before row10), the source line breaking ties.
    tids.sort(key=lambda t: (natural_key(_path(g, t)), int(_props(g, t).get("line") or 0), t))
    titles = {_path(g, t): str(_props(g, t).get("title") or attrs(g, t)["label"]) for t in tids}
    sections: dict[str, Section] = {}
    for tid in tids:
        key = str(_props(g, tid).get("section") or "")
        heading = str(_props(g, tid).get("section_title") or titles.get(key, ""))
        sections.setdefault(key, Section(key, heading=heading)).tasks.append(_task(g, tid, tables))
    p = attrs(g, notice_id)["props"]
    ordered = sorted(sections.values(), key=lambda s: natural_key(s.key))
    head = _indicators(g, notice_id, tables)
    return NoticeView(ref(g, notice_id), p.get("doc_number"), ordered, head)


def _props(g: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    p: dict[str, Any] = attrs(g, node)["props"]
    return p


def _path(g: nx.MultiDiGraph, node: str) -> str:
    return str(_props(g, node).get("path") or "")
