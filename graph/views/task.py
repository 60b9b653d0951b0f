"""One task as its page shows it: the task with owners and indicators, its notice and section.

Found by id, or by a path or words as clerks write them (三.(三).1, 提升行政保护质效); read from a
snapshot graph, so it answers alike on either store.
"""

from dataclasses import dataclass

import networkx as nx

from dutygraph.graph.views.notice import NoticeView, Section, TaskView, notice_view
from dutygraph.graph.views.refs import attrs, in_edges, of_kind


@dataclass(frozen=True)
class TaskCard:
    """The task, the notice it belongs to (发文字号, title) and its section (key, heading)."""

    task: TaskView
    notice: NoticeView
    section: Section


def notice_of(g: nx.MultiDiGraph, item: str) -> str | None:
    """The Notice node that contains task or indicator `item`, if any."""
    found = [u for u, _ in in_edges(g, item, "CONTAINS") if attrs(g, u)["kind"] == "Notice"]
    return found[0] if found else None


def task_card(g: nx.MultiDiGraph, task_id: str) -> TaskCard:
    """The card of one Task node; LookupError when `task_id` is no task of a loaded notice."""
    if task_id not in g or attrs(g, task_id)["kind"] != "Task":
        raise LookupError(f"no task {task_id!r}")
    nid = notice_of(g, task_id)
    if nid is None:
        raise LookupError(f"task {task_id!r} belongs to no notice")
    view = notice_view(g, nid)
    for s in view.sections:
        for t in s.tasks:
            if t.id == task_id:
                return TaskCard(t, view, s)
    raise LookupError(f"no task {task_id!r} in {nid!r}")  # pragma: no cover - views list all


def find_tasks(g: nx.MultiDiGraph, text: str) -> list[str]:
    """Task ids for an id, a path (三.(三).1) or a title given whole; else the tasks whose
    title contains `text`. Several when the words are not unique (the caller lists them)."""
    text = text.strip()
    if not text:
        return []
    if text in g and attrs(g, text)["kind"] == "Task":
        return [text]
    tasks = of_kind(g, "Task")

    def names(t: str) -> tuple[str, str, str]:
        p = attrs(g, t)["props"]
        return str(p.get("path") or ""), str(attrs(g, t)["label"]), str(p.get("title") or "")

    whole = [t for t in tasks if text in names(t)]
    return whole or [t for t in tasks if any(text in n for n in names(t)[1:])]
