"""Writes that touch a few facts cost a few facts: after an import's small write, the next graph
is the previous one with only the touched nodes and edges re-read from the file.

Readers may still hold the previous graph (snapshots, cached indexes), so it is never changed:
the next graph copies the top-level dicts of networkx's adjacency (pointers, not contents) and
copies an inner dict only before changing it. Only imports (progress, enterprises, liaisons)
that keep their earlier node ids, connect existing nodes and meet no hand edit take this path;
anything else (a notice, a removed node, an orphan, an edit nearby) rebuilds the whole graph.
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.graph.model import Facts
from dutygraph.graph.store.integrity import ORPHANS, orphans_of

EdgeKey = tuple[str, str, str]


@dataclass
class Plan:
    """What a small import write touches: node ids and (src, dst, key) edges."""

    nodes: set[str] = field(default_factory=set)
    edges: set[EdgeKey] = field(default_factory=set)


def plan(conn: sqlite3.Connection, g: nx.MultiDiGraph, batch: list[Facts]) -> Plan | None:
    """The touched facts when `batch` may be applied incrementally to `g`, else None.

    Read before the batch is written (the sources' earlier rows are part of what it touches).
    """
    out = Plan()
    for facts in batch:
        if any(n.kind == "Notice" for n in facts.nodes):
            return None
        old_ids = {
            str(r[0])
            for r in conn.execute("SELECT id FROM nodes WHERE notice_id = ?", (facts.notice_id,))
        }
        new_ids = {n.id for n in facts.nodes}
        if not old_ids <= new_ids:
            return None  # a node may vanish: orphans to find, the full rebuild does that
        out.nodes |= new_ids
        rows = conn.execute(
            "SELECT src, dst, key FROM edges WHERE notice_id = ?", (facts.notice_id,)
        )
        out.edges |= {(str(s), str(d), str(k)) for s, d, k in rows}
        out.edges |= {(e.src, e.dst, e.edge_key) for e in facts.edges}
    ends = {x for s, d, _ in out.edges for x in (s, d)}
    if any(x not in g and x not in out.nodes for x in ends):
        return None  # an edge to a missing node: an orphan
    if {o.missing for o in orphans_of(g)} & out.nodes:
        return None  # an orphan's item comes back
    edited: set[str] = set()
    for (raw,) in conn.execute("SELECT args FROM edits"):
        edited |= {str(v) for v in json.loads(raw).values()}
    if edited & (out.nodes | ends):
        return None
    return out


def _node_attrs(conn: sqlite3.Connection, node: str, merge: Any) -> dict[str, Any] | None:
    """The node as Store._rebuild makes it from all its rows (None: no source states it)."""
    attrs: dict[str, Any] | None = None
    rows = conn.execute(
        "SELECT notice_id, kind, label, props FROM nodes WHERE id = ? ORDER BY notice_id", (node,)
    )
    for notice_id, kind, label, props in rows:
        p: dict[str, Any] = json.loads(props)
        if attrs is None:
            attrs = {"kind": kind, "label": label, "props": p, "notices": [notice_id]}
            continue
        attrs["notices"].append(notice_id)
        if attrs["props"].get("stub") and not p.get("stub"):
            attrs["label"] = label
        attrs["props"] = merge(attrs["props"], p)
    return attrs


def _edge_attrs(conn: sqlite3.Connection, edge: EdgeKey) -> dict[str, Any] | None:
    """The edge as Store._rebuild makes it: the first source's kind and props, every notice."""
    rows = conn.execute(
        "SELECT notice_id, kind, props FROM edges WHERE src = ? AND dst = ? AND key = ?"
        " ORDER BY notice_id",
        edge,
    ).fetchall()
    if not rows:
        return None
    _, kind, props = rows[0]
    return {"kind": kind, "props": json.loads(props), "notices": [str(r[0]) for r in rows]}


class _Next:
    """The next graph, sharing every inner dict with the previous one until it must change."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = nx.MultiDiGraph()
        self.g.graph = dict(g.graph)
        self.g._node = dict(g._node)
        self.g._adj = self.g._succ = dict(g._succ)
        self.g._pred = dict(g._pred)
        self.owned: set[tuple[str, str]] = set()
        self.pairs: set[tuple[str, str]] = set()

    def _own(self, side: str, node: str) -> dict[str, Any]:
        top: dict[str, Any] = getattr(self.g, side)
        if (side, node) not in self.owned:
            top[node] = dict(top.get(node, {}))
            self.owned.add((side, node))
        mine: dict[str, Any] = top[node]
        return mine

    def _keydict(self, src: str, dst: str) -> dict[str, Any]:
        """The key dict of src->dst, one object in _succ and _pred as networkx keeps it."""
        out, into = self._own("_succ", src), self._own("_pred", dst)
        if (src, dst) not in self.pairs:
            out[dst] = into[src] = dict(out.get(dst, {}))
            self.pairs.add((src, dst))
        keys: dict[str, Any] = out[dst]
        return keys

    def node(self, node: str, attrs: dict[str, Any]) -> None:
        self.g._node[node] = attrs
        self.g._succ.setdefault(node, {})
        self.g._pred.setdefault(node, {})

    def edge(self, edge: EdgeKey, attrs: dict[str, Any] | None) -> None:
        src, dst, key = edge
        keys = self._keydict(src, dst)
        if attrs is not None:
            keys[key] = attrs
            return
        keys.pop(key, None)
        if not keys:  # networkx keeps no empty key dict between two nodes
            del self.g._succ[src][dst]
            del self.g._pred[dst][src]


def apply(conn: sqlite3.Connection, g: nx.MultiDiGraph, p: Plan, merge: Any) -> nx.MultiDiGraph:
    """The graph after the planned write (already committed), built from `g` without changing it."""
    nxt = _Next(g)
    for node in sorted(p.nodes):
        attrs = _node_attrs(conn, node, merge)
        if attrs is None:  # excluded by plan(); kept as a guard
            raise AssertionError(f"incremental refresh: node {node} has no rows")
        nxt.node(node, attrs)
    for edge in sorted(p.edges):
        nxt.edge(edge, _edge_attrs(conn, edge))
    nxt.g.graph[ORPHANS] = list(orphans_of(g))
    return nxt.g


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> Iterable[str]:
    """The differences between two graphs of the embedded shape (none: the same facts)."""
    if dict(a.nodes(data=True)) != dict(b.nodes(data=True)):
        yield "nodes differ"
    ea = sorted((u, v, k, repr(d)) for u, v, k, d in a.edges(keys=True, data=True))
    eb = sorted((u, v, k, repr(d)) for u, v, k, d in b.edges(keys=True, data=True))
    if ea != eb:
        yield "edges differ"
    if orphans_of(a) != orphans_of(b):
        yield "orphans differ"
