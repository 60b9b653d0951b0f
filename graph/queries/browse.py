"""Browse the graph: nodes by id, filtered and paginated lists, text search, batched look-ups.

The row types and the filter rules are shared by both stores: the embedded store answers with
the functions below, Neo4jStore with the statements in graph/cypher.py, and both build rows
with `node_info`, so a front end sees the same records from either.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dutygraph.graph.errors import Ambiguous, NotFound
from dutygraph.graph.queries import owners as queries
from dutygraph.graph.queries.owners import Duty, OwnerRow
from dutygraph.graph.store import Store

T = TypeVar("T")

SEARCH_KINDS = ("Unit", "Task", "Indicator", "Notice")
"""What `search` looks through, in the order hits are listed."""

_TEXT_PROPS = ("title", "text", "name", "doc_number", "file", "quote")


@dataclass(frozen=True)
class NoticeInfo:
    """A notice node: loaded from a file, or only cited by one (`loaded` False)."""

    id: str
    title: str
    notice: str | None
    doc_number: str | None
    file: str | None
    date: str | None
    issuer: str | None
    jurisdiction: str | None
    loaded: bool


@dataclass(frozen=True)
class TaskInfo:
    """A task node, e.g. t:na3a8e7f37d:三.(三).1 提升行政保护质效."""

    id: str
    label: str
    notice: str
    path: str | None
    title: str | None
    text: str
    kind: str | None
    section: str | None
    line: int | None


@dataclass(frozen=True)
class UnitInfo:
    """A unit node: a department, a township, a region, or a collective such as 各镇街."""

    id: str
    name: str
    aliases: list[str]
    collective: bool
    region: bool
    jurisdiction: str | None


@dataclass(frozen=True)
class IndicatorInfo:
    """A number a notice states, e.g. 专利开放许可 200 件."""

    id: str
    name: str
    notice: str
    value: float | None
    measure: str | None
    comparator: str | None
    year: int | None
    scope: str | None
    quote: str | None


@dataclass(frozen=True)
class OtherInfo:
    """A Group, Leader or Target node: id, kind and label."""

    id: str
    kind: str
    label: str


NodeInfo = NoticeInfo | TaskInfo | UnitInfo | IndicatorInfo | OtherInfo


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: `items` from `offset`, at most `limit`, out of `total`."""

    items: list[T]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class NodeFilter:
    """Which nodes a list keeps; None means "any". Every given condition must hold."""

    text: str | None = None
    """Words in the label, title, text, name, 发文字号, file, quote or an alias."""
    notice: str | None = None
    """A notice's parse id (na3a8e7f37d) or node id (n:…): nodes that notice states."""
    owned: bool | None = None
    """Tasks and indicators with (True) or without (False) an owning unit."""
    collective: bool | None = None
    """Units that stand for a group of units (各镇街) or not."""
    loaded: bool | None = None
    """Notices loaded from a file (True) or only cited (False)."""


@dataclass(frozen=True)
class SearchHit:
    """One node whose words contain the search text; `field` says where, `snippet` shows it."""

    node: NodeInfo
    kind: str
    field: str
    snippet: str


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


def node_info(node_id: str, kind: str, label: str, props: dict[str, Any]) -> NodeInfo:
    """The typed row of one node from its kind, label and merged properties."""
    p = props
    if kind == "Notice":
        return NoticeInfo(
            node_id,
            label,
            _opt_str(p.get("notice")),
            _opt_str(p.get("doc_number")),
            _opt_str(p.get("file")),
            _opt_str(p.get("date")),
            _opt_str(p.get("issuer")),
            _opt_str(p.get("jurisdiction")),
            not p.get("stub", False),
        )
    if kind == "Task":
        line = p.get("line")
        return TaskInfo(
            node_id,
            label,
            str(p.get("notice") or ""),
            _opt_str(p.get("path")),
            _opt_str(p.get("title")),
            str(p.get("text") or ""),
            _opt_str(p.get("kind")),
            _opt_str(p.get("section")),
            None if line is None else int(line),
        )
    if kind == "Unit":
        return UnitInfo(
            node_id,
            label,
            sorted(str(a) for a in p.get("aliases") or []),
            bool(p.get("collective", False)),
            bool(p.get("region", False)),
            _opt_str(p.get("jurisdiction")),
        )
    if kind == "Indicator":
        value, year = p.get("value"), p.get("year")
        return IndicatorInfo(
            node_id,
            str(p.get("name") or label),
            str(p.get("notice") or ""),
            None if value is None else float(value),
            _opt_str(p.get("measure")),
            _opt_str(p.get("comparator")),
            None if year is None else int(year),
            _opt_str(p.get("scope")),
            _opt_str(p.get("quote")),
        )
    return OtherInfo(node_id, kind, label)


def text_fields(label: str, props: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, words) a text filter looks through, label first."""
    out = [("label", label)]
    out += [(k, str(props[k])) for k in _TEXT_PROPS if props.get(k)]
    out += [("alias", str(a)) for a in props.get("aliases") or []]
    return out


def search_hit(
    info: NodeInfo, kind: str, label: str, props: dict[str, Any], text: str
) -> SearchHit:
    """Where `text` occurs in a node, with up to 20 characters of context each side."""
    for name, words in text_fields(label, props):
        at = words.find(text)
        if at >= 0:
            start, end = max(0, at - 20), at + len(text) + 20
            snippet = ("…" if start else "") + words[start:end] + ("…" if end < len(words) else "")
            return SearchHit(info, kind, name, snippet)
    return SearchHit(info, kind, "label", label)


def page_of(items: Sequence[T], offset: int, limit: int) -> Page[T]:
    """The page [offset, offset+limit) of an already filtered, ordered list."""
    return Page(list(items[offset : offset + limit]), len(items), offset, limit)


# -- the embedded store ----------------------------------------------------------------------


def _attrs(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def _info(store: Store, node_id: str) -> NodeInfo:
    a = _attrs(store, node_id)
    return node_info(node_id, a["kind"], a["label"], a["props"])


def get_nodes(store: Store, ids: Iterable[str]) -> dict[str, NodeInfo]:
    """The rows of those ids that are nodes of the graph (missing ids are left out)."""
    return {i: _info(store, i) for i in ids if i in store.graph}


def _owned(store: Store, node_id: str) -> bool:
    g = store.graph
    return any(
        a["kind"] == "OWNS" and _attrs(store, u)["kind"] == "Unit"
        for u, _, a in g.in_edges(node_id, data=True)
    )


def _notice_ids(store: Store, notice: str) -> set[str]:
    """A notice filter's parse ids: the notice node's own parse id, or the text itself."""
    ids = {notice}
    if notice in store.graph and _attrs(store, notice)["kind"] == "Notice":
        parse_id = _attrs(store, notice)["props"].get("notice")
        if parse_id:
            ids.add(str(parse_id))
    return ids


def matches(store: Store, node_id: str, f: NodeFilter, notices: set[str] | None = None) -> bool:
    """Whether one node passes the filter (the rules graph/cypher.py LIST_NODES states too)."""
    a = _attrs(store, node_id)
    p = a["props"]
    if f.text is not None and not any(f.text in w for _, w in text_fields(a["label"], p)):
        return False
    if notices is not None and notices.isdisjoint(a["notices"]):
        return False
    if f.owned is not None and _owned(store, node_id) != f.owned:
        return False
    if f.collective is not None and bool(p.get("collective", False)) != f.collective:
        return False
    return f.loaded is None or (not p.get("stub", False)) == f.loaded


def list_nodes(
    store: Store, kinds: Sequence[str], f: NodeFilter, offset: int, limit: int
) -> Page[NodeInfo]:
    """Nodes of these kinds passing `f`, by kind (in the order given) then id, one page."""
    notices = None if f.notice is None else _notice_ids(store, f.notice)
    rank = {k: i for i, k in enumerate(kinds)}
    found = sorted(
        (rank[a["kind"]], n)
        for n, a in store.graph.nodes(data=True)
        if a["kind"] in rank and matches(store, n, f, notices)
    )
    page = page_of(found, offset, limit)
    return Page([_info(store, n) for _, n in page.items], page.total, offset, limit)


def search(store: Store, text: str, offset: int, limit: int) -> Page[SearchHit]:
    """Units, tasks, indicators and notices whose words contain `text`, one page."""
    page = list_nodes(store, SEARCH_KINDS, NodeFilter(text=text), offset, limit)
    hits = []
    for info in page.items:
        a = _attrs(store, info.id)
        hits.append(search_hit(info, a["kind"], a["label"], a["props"], text))
    return Page(hits, page.total, offset, limit)


def owners_of(store: Store, item_ids: Iterable[str]) -> dict[str, list[OwnerRow]]:
    """The owner rows of each task or indicator id (an indicator inherits its task's)."""
    return {i: queries.owner_rows(store, i) for i in item_ids if i in store.graph}


def duties_of(store: Store, unit_ids: Iterable[str]) -> dict[str, list[Duty]]:
    """What each unit id owns, directly and through its collectives (as `responsibilities`)."""
    return {
        u: sorted(queries.unit_duties(store, u).values(), key=lambda d: (d.kind, d.item_id))
        for u in unit_ids
        if u in store.graph
    }


def one_unit(found: list[str], key: str) -> str:
    """The single unit id a look-up found; NotFound or Ambiguous otherwise."""
    if not found:
        raise NotFound("unit", key)
    if len(found) > 1:
        raise Ambiguous("unit", key, found)
    return found[0]
