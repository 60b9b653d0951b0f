"""The Neo4j side of graph/store/integrity.py: re-imports keep the graph whole on Neo4j too.

Neo4j cannot keep a relationship without its ends, and deleting a node a re-import no longer
states deletes the relationships of other sources on it (progress REPORTS, enterprise
CONTRIBUTES_TO). Those are saved as (:Orphan) records first, moved with their item when it
changed id (same identity), and made relationships again once both ends exist.
"""

import json
from collections import defaultdict
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.model import Node
from dutygraph.graph.store import ORPHANS, Edit, Orphan, successors

Before = dict[str, tuple[str, dict[str, Any]]]


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def integrity_before(tx: ManagedTransaction, notice: str, prefix: str) -> Before:
    """What `notice` said about each node it states (kind, props), before it is replaced."""
    out: Before = {}
    for r in tx.run(cypher.INTEGRITY_NOTICE_NODES, notice=notice, prefix=prefix):
        if r["said"]:
            said: dict[str, Any] = json.loads(str(r["said"][0]).partition("\t")[2])
            out[str(r["id"])] = (str(r["kind"]), dict(said.get("props") or {}))
    return out


def integrity_keep_dangling(
    tx: ManagedTransaction, notice: str, moved: list[str], ids: list[str]
) -> None:
    """Save other sources' relationships on nodes about to go (or whose item moved) as orphans;
    `ids`: the nodes that may (those the write detached, or `moved`)."""
    rows = list(tx.run(cypher.INTEGRITY_DANGLING, ids=ids, moved=moved, notice=notice))
    if not rows:
        return
    saved = []
    for r in rows:
        p = dict(r["props"])
        key = str(p.pop("key", r["kind"]))
        # Hand edits' relationships come back by replaying the edit log (after its args moved).
        notices = [str(x) for x in p.pop("notice_ids", []) if not str(x).startswith("edit:")]
        if not notices:
            continue
        saved.append(
            {
                "src": r["src"],
                "dst": r["dst"],
                "key": key,
                "kind": r["kind"],
                "notice_ids": notices,
                "props": _dumps(p),
            }
        )
    if saved:
        tx.run(cypher.INTEGRITY_SAVE_ORPHANS, rows=saved).consume()
    tx.run(cypher.INTEGRITY_DELETE_RELS, rids=[r["rid"] for r in rows]).consume()


def integrity_moves(
    tx: ManagedTransaction, notice: str, before: Before, new_nodes: list[Node]
) -> set[str]:
    """Move other sources' facts to the new ids of `notice`'s items; the Report ids touched."""
    moves = successors(before, new_nodes)
    if not moves:
        return set()
    integrity_keep_dangling(tx, notice, sorted(moves), sorted(moves))
    orphans = list(tx.run(cypher.INTEGRITY_ORPHANS))
    moving = [r for r in orphans if r["src"] in moves or r["dst"] in moves]
    if moving:
        keys = [{"src": r["src"], "dst": r["dst"], "key": r["key"]} for r in moving]
        tx.run(cypher.INTEGRITY_DELETE_ORPHANS, rows=keys).consume()
        rows = [
            {
                "src": moves.get(r["src"], r["src"]),
                "dst": moves.get(r["dst"], r["dst"]),
                "key": r["key"],
                "kind": r["kind"],
                "notice_ids": list(r["notice_ids"]),
                "props": r["props"],
            }
            for r in moving
        ]
        tx.run(cypher.INTEGRITY_SAVE_ORPHANS, rows=rows).consume()
    touched = set()
    source_rows = []
    for r in tx.run(cypher.INTEGRITY_REPORTS_ON, ids=sorted(moves)):
        sources = []
        for entry in r["sources"]:
            head, _, raw = str(entry).partition("\t")
            said: dict[str, Any] = json.loads(raw)
            p = said.get("props") or {}
            said["props"] = {
                k: (moves.get(v, v) if k in ("item", "unit") else v) for k, v in p.items()
            }
            sources.append(f"{head}\t{_dumps(said)}")
        source_rows.append({"id": r["id"], "sources": sources})
        touched.add(str(r["id"]))
    if source_rows:
        tx.run(cypher.INTEGRITY_SET_SOURCES, rows=source_rows).consume()
    edit_rows = []
    for r in tx.run(cypher.EDITS):
        args: dict[str, str] = json.loads(r["args"])
        if any(v in moves for v in args.values()):
            moved = {k: moves.get(v, v) for k, v in args.items()}
            edit_rows.append({"seq": r["seq"], "args": _dumps(moved)})
    if edit_rows:
        tx.run(cypher.INTEGRITY_SET_EDIT_ARGS, rows=edit_rows).consume()
    return touched


def integrity_reattach(tx: ManagedTransaction) -> None:
    """Make relationships again of the orphans whose both ends exist now (after all writes)."""
    orphans = list(tx.run(cypher.INTEGRITY_ORPHANS))
    if not orphans:
        return
    ends = sorted({r["src"] for r in orphans} | {r["dst"] for r in orphans})
    existing = {str(r["id"]) for r in tx.run(cypher.INTEGRITY_EXISTING, ids=ends)}
    back = [r for r in orphans if r["src"] in existing and r["dst"] in existing]
    by_kind_notice: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in back:
        props = json.loads(r["props"] or "{}")
        row = {"src": r["src"], "dst": r["dst"], "key": r["key"], "props": props}
        for notice in r["notice_ids"]:
            by_kind_notice[(str(r["kind"]), str(notice))].append(row)
    for (kind, notice), rows in by_kind_notice.items():
        tx.run(cypher.EDGE_MERGE[kind], rows=rows, notice=notice).consume()  # type: ignore[index]
    if back:
        keys = [{"src": r["src"], "dst": r["dst"], "key": r["key"]} for r in back]
        tx.run(cypher.INTEGRITY_DELETE_ORPHANS, rows=keys).consume()


def integrity_orphans(
    g: nx.MultiDiGraph, orphan_rows: list[dict[str, Any]], edits: list[Edit]
) -> None:
    """Put the orphans (records and hand edits naming a missing node) on a snapshot graph."""
    found: list[Orphan] = []
    for r in orphan_rows:
        src, dst = str(r["src"]), str(r["dst"])
        missing = src if src not in g else dst
        present = dst if missing == src else src
        label = str(g.nodes[present]["label"]) if present in g else ""
        for notice in r["notice_ids"] or [""]:
            found.append(Orphan(str(notice), str(r["kind"]), src, dst, missing, label))
    for e in edits:
        a = e.args
        ends = (
            (a.get("variant", ""), a.get("canonical", ""))
            if e.op == "merge_units"
            else (a.get("unit", ""), a.get("item", ""))
        )
        # A merge's variant is gone because the merge applied; only its canonical can be lost.
        named = ends[1:] if e.op == "merge_units" else ends
        gone = [x for x in named if x not in g]
        if gone:
            label = str(g.nodes[ends[0]]["label"]) if ends[0] in g else ""
            found.append(Orphan(e.source, e.op, ends[0], ends[1], gone[0], label))
    g.graph[ORPHANS] = found
