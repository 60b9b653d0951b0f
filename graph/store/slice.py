"""Point questions without the whole graph: the rows one question looks at, read through indexes
into a small graph of the same shape as the store's (same merge of rows, same edit replay).

A province store holds ~10^5 nodes; building all of them takes seconds and ~1 GB, while the
owners of one task or a county's roll-up read a few hundred rows. `Slicer` collects node ids
and edges by following edges from the question's starting rows (each step one indexed SELECT),
then `Store.graph_of` builds them, so queries run unchanged on a `Store` view over the slice.

Hand edits name node ids; every named node is in every slice, and a unit merged with another
brings its merge partners' edges too, so the replay gives each sliced node the edges and props
it has in the whole graph. Rows a slice reads are checked as a rebuild checks them, and
`check_rows` finds a damaged row anywhere (without decoding every row), so a damaged store is
refused with the same one line.
"""

import copy
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from dutygraph.graph.errors import StoreError
from dutygraph.graph.model import EDGE_KINDS, NODE_KINDS
from dutygraph.graph.store.embedded import Store, _fault

INDEXES = ("nodes_kind", "edges_dst", "nodes_target_table")
"""The indexes slices read through (created with the store's schema, embedded._POINT_INDEXES);
edges_src, newer, only speeds the walk up PART_OF: a store without it is still `indexed`."""
_VALID_TARGET = "kind = 'Target' AND json_valid(props)"
# Cheaper than json_type (which parses twice): valid JSON that opens with { is an object.
_NOT_OBJECT = "(NOT json_valid(props) OR substr(props, 1, 1) <> '{')"


def has_indexes(conn: sqlite3.Connection) -> bool:
    """Whether the store has the indexes (a read-only older store may not: slices then scan)."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    return set(INDEXES) <= {str(r[0]) for r in rows}


def _ids(values: Iterable[str]) -> str:
    """A JSON array of ids, one bound parameter for `IN (SELECT value FROM json_each(?))`."""
    return json.dumps(sorted(set(values)), ensure_ascii=False)


class PointStore(Store):
    """A store opened without building its graph: `graph` stays empty; slices carry the rows."""

    def refresh(self) -> None:
        self.derived = {}  # no graph to build: slices carry the rows
        self.indexed = has_indexes(self.conn)

    def check_rows(self) -> None:
        """StoreError naming the first damaged node or edge row (as a rebuild would), if any."""
        kinds = ", ".join(f"'{k}'" for k in NODE_KINDS)
        rows = self.conn.execute(
            "SELECT id, notice_id, kind, props FROM nodes WHERE kind NOT IN"
            f" ({kinds}) OR {_NOT_OBJECT}"
        ).fetchall()
        # Sorted here, not by ORDER BY: that would walk the primary key and fetch every row.
        if rows:
            row = min(rows)
            self.graph_of([(row[0], row[1], row[2], "", row[3])], [], [])
        kinds = ", ".join(f"'{k}'" for k in EDGE_KINDS)
        bad = self.conn.execute(
            "SELECT src, dst, key, notice_id, kind, props FROM edges WHERE kind NOT IN"
            f" ({kinds}) OR {_NOT_OBJECT}"
        ).fetchall()
        bad.sort()
        present = self.present({r[0] for r in bad} | {r[1] for r in bad})
        for src, dst, key, notice_id, kind, props in bad:
            if src in present and dst in present:  # an orphan's row is not read either
                ends = [(x, "", "Unit", "", "{}") for x in (src, dst)]
                self.graph_of(ends, [(src, dst, key, notice_id, kind, props)], [])

    def present(self, ids: Iterable[str]) -> set[str]:
        """Those of `ids` that have a node row."""
        rows = self.conn.execute(
            "SELECT DISTINCT id FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(ids),),
        )
        return {str(r[0]) for r in rows}

    def view(self, graph: Any) -> Store:
        """A Store over `graph` sharing this connection (as api/locking pins a reader's view)."""
        v = copy.copy(self)
        v.graph, v.derived = graph, {}
        return v


class Slicer:
    """The node ids and edge rows of one question, gathered step by step, then built."""

    def __init__(self, store: PointStore) -> None:
        self.store = store
        self.conn = store.conn
        self.edits = store.edit_rows()
        self.ids: set[str] = set()
        self.edges: dict[tuple[str, str, str, str], tuple[Any, ...]] = {}
        self.partners: dict[str, set[str]] = {}
        """Units joined by merge edits: each one's edges may become the others'."""
        named: set[str] = set()
        for _, op, args in self.edits:
            a = json.loads(args)
            names = [str(a[k]) for k in ("item", "unit", "variant", "canonical") if k in a]
            named.update(names)
            if op == "merge_units":
                group = set(names).union(*(self.partners.get(n, set()) for n in names))
                for n in group:
                    self.partners[n] = group
        self.add(named)
        if named:  # owner edits look for the edges between the units and items they name
            self._edges("src", named, None, keep=lambda row: row[1] in named)

    def add(self, ids: Iterable[str]) -> None:
        self.ids.update(ids)

    def _grouped(self, ids: Iterable[str]) -> set[str]:
        out = set(ids)
        for n in list(out):
            out |= self.partners.get(n, set())
        return out

    def _edges(
        self, end: str, ids: Iterable[str], kinds: tuple[str, ...] | None, keep: Any = None
    ) -> set[str]:
        """Edge rows with `end` (src or dst) in `ids` (and merge partners), of `kinds`; the ids
        at their other end, which join the slice."""
        ids = self._grouped(ids)
        if not ids:
            return set()
        sql = (
            "SELECT src, dst, key, notice_id, kind, props FROM edges"
            f" WHERE {end} IN (SELECT value FROM json_each(?))"
        )
        params: list[str] = [_ids(ids)]
        if kinds is not None:
            sql += " AND kind IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(kinds))
        other = 1 if end == "src" else 0
        found: set[str] = set()
        for row in self.conn.execute(sql, params):
            if keep is None or keep(row):
                self.edges[(row[0], row[1], row[2], row[3])] = row
                found.add(str(row[other]))
        self.ids |= found
        return found

    def out(self, ids: Iterable[str], *kinds: str) -> set[str]:
        """Follow edges out of `ids` (of these kinds, else all): their targets join the slice."""
        return self._edges("src", ids, kinds or None)

    def into(self, ids: Iterable[str], *kinds: str) -> set[str]:
        """Follow edges into `ids` (of these kinds, else all): their sources join the slice."""
        return self._edges("dst", ids, kinds or None)

    def upward(self, ids: Iterable[str], kind: str) -> None:
        """Follow `kind` edges out of `ids` and on from what they reach (PART_OF, MEMBER_OF)."""
        todo, seen = set(ids), set(ids)
        while todo:
            todo = self.out(todo, kind) - seen
            seen |= todo

    def kinds(self, ids: Iterable[str]) -> dict[str, str]:
        """The node kind of each id that has rows (its first row's, as a rebuild keeps)."""
        rows = self.conn.execute(
            "SELECT id, kind FROM nodes WHERE id IN (SELECT value FROM json_each(?))"
            " ORDER BY id DESC, notice_id DESC",
            (_ids(ids),),
        )
        return {str(i): str(k) for i, k in rows}

    def of_kind(self, *kinds: str) -> list[str]:
        """Every node id of these kinds (through the kind index)."""
        rows = self.conn.execute(
            "SELECT DISTINCT id FROM nodes WHERE kind IN (SELECT value FROM json_each(?))",
            (json.dumps(kinds),),
        )
        return [str(r[0]) for r in rows]

    def graph(self) -> Any:
        """The slice as a graph: its nodes' rows merged, its edges, the edits replayed."""
        nodes = self.conn.execute(
            "SELECT id, notice_id, kind, label, props FROM nodes"
            " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, notice_id",
            (_ids(self.ids),),
        ).fetchall()
        edges = [self.edges[k] for k in sorted(self.edges)]
        return self.store.graph_of(nodes, edges, self.edits)

    def view(self) -> Store:
        """A Store whose graph is this slice, for the queries of graph.queries."""
        return self.store.view(self.graph())


def open_points(path: Any) -> PointStore:
    """The store at `path` for point questions; StoreError as `Store` gives, or a damaged row."""
    store = PointStore(path)
    try:
        store.check_rows()
    except sqlite3.Error as exc:
        store.close()
        raise StoreError(store.path, _fault(exc)) from None
    except BaseException:
        store.close()
        raise
    return store


def store_error(store: Store, exc: sqlite3.Error) -> StoreError:
    """The one-line StoreError for a SQLite error met while reading a slice."""
    return StoreError(store.path, _fault(exc))


def _targets(store: PointStore) -> str:
    """The FROM of a look-up by table: the planner prefers the kind index, 10× slower here."""
    return "nodes INDEXED BY nodes_target_table" if store.indexed else "nodes"


def target_tables(store: PointStore) -> list[str]:
    """Every allocation table name of the store (from the index alone)."""
    rows = store.conn.execute(
        f"SELECT DISTINCT json_extract(props, '$.table') FROM {_targets(store)}"
        f" WHERE {_VALID_TARGET}"
    )
    return [str(r[0]) for r in rows if r[0] is not None]


def targets_of(store: PointStore, tables: Iterable[str]) -> list[tuple[str, str, str]]:
    """(id, notice, unit) of the Target rows of these tables (through the table index)."""
    names = sorted(set(tables))
    if not names:
        return []
    rows = store.conn.execute(
        "SELECT id, json_extract(props, '$.notice'), json_extract(props, '$.unit')"
        f" FROM {_targets(store)} WHERE {_VALID_TARGET} AND json_extract(props, '$.table')"
        f" IN ({', '.join('?' * len(names))})",
        names,
    )
    return [(str(i), str(n), str(u)) for i, n, u in rows]
