"""Re-imports keep the graph whole: facts of other sources that point at a replaced item follow
it to its successor (same identity), or are kept aside as orphans, never left as dangling edges.

A progress Report REPORTS a Target; an Enterprise CONTRIBUTES_TO a Target; a hand edit names a
Task. When the notice owning that item is loaded again and the item's id changed (its path or
line moved) the fact is re-attached to the item with the same identity; when no such item
exists (a table renamed or removed) the fact stays in the store, left out of the graph, and is
reported: a load warning, and an `orphaned` gap finding. A later load that brings the item
back attaches it again.
"""

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dutygraph.graph.model import Node

ORPHANS = "orphans"
"""The key of `graph.graph` (networkx graph attributes) that lists the store's orphans."""

# Report props that name the node the report is about (kept in step with its edges).
_REFERENCE_PROPS = ("item", "unit")


@dataclass(frozen=True)
class Orphan:
    """A fact whose other end no longer exists: `source` states `kind` from `src` to `dst`."""

    source: str
    """The notice id, import source (progress:…, enterprises:…) or edit (edit:3) stating it."""
    kind: str
    """Edge kind (REPORTS, CONTRIBUTES_TO, …) or hand-edit op (assign_owner, …)."""
    src: str
    dst: str
    missing: str
    """The end that is gone (src or dst)."""
    present_label: str = ""
    """What the remaining end is called (a Report's label, an enterprise's name), for messages."""

    def message_zh(self) -> str:
        """One Chinese line a clerk can read: what is kept, and what it pointed at."""
        what = {
            "REPORTS": "进度报送",
            "REPORTED_BY": "进度报送",
            "CONTRIBUTES_TO": "企业贡献",
            "LOCATED_IN": "企业所在地",
            "MEMBER_OF": "人员所属单位",
            "assign_owner": "手工指定的责任单位",
            "remove_owner": "手工移除的责任单位",
            "merge_units": "手工合并的单位",
        }.get(self.kind, f"关系{self.kind}")
        who = f"“{self.present_label}”" if self.present_label else ""
        gone = _WHAT_ZH.get(self.missing.split(":", 1)[0], "对象")
        return (
            f"{what}{who}所指向的{gone}（{self.missing}）在重新导入通知后已不存在，记录已保留但暂不"
            f"计入（来源：{self.source}）；请核对通知是否改名或删除了该项，或重新报送。"
        )


_WHAT_ZH = {"tg": "分解目标", "t": "任务", "i": "指标", "u": "单位", "d": "时限", "n": "通知"}


@dataclass
class Moves:
    """What one replacement of a source did to other sources' facts: old id -> new id."""

    moved: dict[str, str] = field(default_factory=dict)


def identity(kind: str, props: dict[str, Any]) -> tuple[Any, ...] | None:
    """What makes an item the same item across corrected versions of its notice, or None.

    A target is its notice, table, unit and period; an indicator its notice, name, year and
    scope; a task its notice and its words; a deadline its notice, words and date. Ids carry
    paths and line numbers, which move when a corrected notice inserts a line.
    """
    p = props
    if kind == "Target":
        return (
            kind,
            p.get("notice"),
            p.get("table"),
            p.get("unit"),
            p.get("period"),
            p.get("stated"),
        )
    if kind == "Indicator":
        return (kind, p.get("notice"), p.get("name"), p.get("year"), p.get("scope"))
    if kind == "Task":
        return (kind, p.get("notice"), "".join(str(p.get("text") or "").split()))
    if kind == "Deadline":
        return (kind, p.get("notice"), p.get("what"), p.get("due"))
    return None


def successors(
    before: dict[str, tuple[str, dict[str, Any]]], new_nodes: Iterable[Node]
) -> dict[str, str]:
    """Old id -> new id of each item whose identity now lives under another id.

    An item moves when the one new node with its identity has another id (三.(一).3 became
    三.(一).4 because an item was inserted before it), even if its old id is now taken by a
    different item; an identity found twice, or not at all, moves nothing.
    """
    now = {n.id: n for n in new_nodes}
    index: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for n in now.values():
        key = identity(n.kind, n.props)
        if key is not None:
            index[key].append(n.id)
    out: dict[str, str] = {}
    for old, (kind, props) in before.items():
        key = identity(kind, props)
        if key is None:
            continue
        same = now.get(old)
        if same is not None and identity(same.kind, same.props) == key:
            continue  # still where it was
        found = index.get(key, [])
        if len(found) == 1 and found[0] != old:
            out[old] = found[0]
    return out


def old_nodes(conn: sqlite3.Connection, source: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The nodes `source` states now: id -> (kind, props), read before it is replaced."""
    rows = conn.execute("SELECT id, kind, props FROM nodes WHERE notice_id = ?", (source,))
    return {str(i): (str(k), json.loads(p)) for i, k, p in rows}


def reattach(
    conn: sqlite3.Connection,
    source: str,
    before: dict[str, tuple[str, dict[str, Any]]],
    new_nodes: list[Node],
) -> Moves:
    """After `source` was rewritten: move other sources' facts to its items' new ids.

    Edge rows of other sources, Report props and hand-edit arguments follow every move at
    once (a chain 1->2, 2->3 moves each fact one step). Call inside the load's transaction.
    """
    moves = Moves(successors(before, new_nodes))
    if not moves.moved:
        return moves
    m = moves.moved
    marks = ",".join("?" * len(m))
    ids = list(m)
    rows = conn.execute(
        f"SELECT src, dst, key, notice_id, kind, props FROM edges WHERE notice_id != ?"
        f" AND (src IN ({marks}) OR dst IN ({marks}))",
        (source, *ids, *ids),
    ).fetchall()
    for src, dst, key, notice_id, _, _ in rows:
        conn.execute(
            "DELETE FROM edges WHERE src = ? AND dst = ? AND key = ? AND notice_id = ?",
            (src, dst, key, notice_id),
        )
    # OR REPLACE: two old items may meet in one successor (then one row stays).
    conn.executemany(
        "INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?, ?, ?)",
        [(m.get(s, s), m.get(d, d), k, n, kind, p) for s, d, k, n, kind, p in rows],
    )
    _move_props(conn, m, source)
    _move_edits(conn, m)
    return moves


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _move_props(conn: sqlite3.Connection, m: dict[str, str], source: str) -> None:
    rows = conn.execute(
        "SELECT id, notice_id, props FROM nodes WHERE notice_id != ? AND kind = 'Report'",
        (source,),
    ).fetchall()
    for id_, notice_id, raw in rows:
        p: dict[str, Any] = json.loads(raw)
        changed = {k: m[p[k]] for k in _REFERENCE_PROPS if p.get(k) in m}
        if changed:
            conn.execute(
                "UPDATE nodes SET props = ? WHERE id = ? AND notice_id = ?",
                (_dumps({**p, **changed}), id_, notice_id),
            )


def _move_edits(conn: sqlite3.Connection, m: dict[str, str]) -> None:
    for seq, raw in conn.execute("SELECT seq, args FROM edits").fetchall():
        args: dict[str, str] = json.loads(raw)
        if any(v in m for v in args.values()):
            moved = {k: m.get(v, v) for k, v in args.items()}
            conn.execute("UPDATE edits SET args = ? WHERE seq = ?", (_dumps(moved), seq))


def orphans_of(g: Any) -> list[Orphan]:
    """The orphans a graph of the embedded shape carries (none when it carries none)."""
    found: list[Orphan] = g.graph.get(ORPHANS, [])
    return list(found)
