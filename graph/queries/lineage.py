"""Which documents a notice cites and implements, and which notices cite or implement it.

The store holds CITES edges (Notice -> Notice, keyed by 发文字号) and, for the cited documents a
notice says it 贯彻/落实/实施 (outside 《》; the reader's `notice.implements`), IMPLEMENTS edges
to the same nodes. Each IMPLEMENTS link carries `basis` "text": the notice's own text says so.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from dutygraph.graph.store import Store

BASIS = "text"


@dataclass(frozen=True)
class Link:
    """One notice-to-document relation; `basis` says why IMPLEMENTS holds ("text")."""

    notice_id: str
    label: str
    doc_number: str | None
    known: bool
    basis: str | None = None


@dataclass(frozen=True)
class Lineage:
    """A notice's upstream (cites, implements) and downstream (cited_by, implemented_by)."""

    notice_id: str
    label: str
    doc_number: str | None
    cites: list[Link] = field(default_factory=list)
    implements: list[Link] = field(default_factory=list)
    cited_by: list[Link] = field(default_factory=list)
    implemented_by: list[Link] = field(default_factory=list)


def _attrs(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def notices_named(g: nx.MultiDiGraph, text: str) -> list[str]:
    """Notice node ids by node id, 发文字号, parse id, file name, else words of the title."""
    notices = [n for n, a in g.nodes(data=True) if a["kind"] == "Notice"]
    for key in ("id", "doc_number", "notice", "file"):
        hits = [n for n in notices if (n if key == "id" else g.nodes[n]["props"].get(key)) == text]
        if hits:
            return sorted(hits)
    return sorted(n for n in notices if text in g.nodes[n]["label"])


def find_notices(store: Store, text: str) -> list[str]:
    """Notice node ids of the store for `text`, as `notices_named` matches them."""
    return notices_named(store.graph, text)


def notice_query(text: str) -> str:
    """`text`, or when it names a notice file, that notice's parse id (which `find_notices` matches).

    Raises the reader's NoticeError when the file cannot be read as a notice.
    """
    path = Path(text)
    from dutygraph.loaders import read_notice  # the readers load only when a file is named

    return read_notice(path).notice.id if path.is_file() else text


def _link(store: Store, node_id: str, basis: str | None = None) -> Link:
    a = _attrs(store, node_id)
    p = a["props"]
    return Link(node_id, a["label"], p.get("doc_number"), not p.get("stub", False), basis)


def lineage(store: Store, notice: str) -> Lineage:
    """CITES and IMPLEMENTS around one notice, found by `find_notices`.

    Raises LookupError when no notice matches.
    """
    found = find_notices(store, notice)
    if not found:
        raise LookupError(f"no notice matches {notice!r}")
    nid = found[0]
    g = store.graph
    out = _link(store, nid)
    result = Lineage(nid, out.label, out.doc_number)
    for _, cited, k in sorted(g.out_edges(nid, keys=True)):
        if k == "CITES":
            result.cites.append(_link(store, cited))
        elif k == "IMPLEMENTS":
            result.implements.append(_link(store, cited, BASIS))
    for citer, _, k in sorted(g.in_edges(nid, keys=True)):
        if k == "CITES":
            result.cited_by.append(_link(store, citer))
        elif k == "IMPLEMENTS":
            result.implemented_by.append(_link(store, citer, BASIS))
    return result


def notice_names(g: nx.MultiDiGraph) -> dict[str, str]:
    """Parse id -> what a clerk calls the notice: its 发文字号, else the plan a 印发 title names."""
    names: dict[str, str] = {}
    for _, a in g.nodes(data=True):
        p = a.get("props", {})
        if a.get("kind") == "Notice" and p.get("notice") and not p.get("stub"):
            title = str(a.get("label") or p["notice"])
            quoted = re.search(r"《([^》]+)》", title)
            names[str(p["notice"])] = str(
                p.get("doc_number") or (quoted.group(1) if quoted else title)
            )
    return names
