"""The embedded store: a networkx MultiDiGraph in memory, durable in one SQLite file (WAL).

Every row carries the notice it came from. `load` replaces a batch of notices' rows in one
transaction, so a failure leaves the previous state; the graph is rebuilt from the file.
"""

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from dutygraph.graph.build import build
from dutygraph.graph.errors import GraphError, StoreError
from dutygraph.graph.model import EDGE_KINDS, NODE_KINDS, Facts, Merge
from dutygraph.graph.store import incremental
from dutygraph.graph.store.clash import check_replacing, heads_of_graph
from dutygraph.graph.store.closing import Closing
from dutygraph.graph.store.edit_log import NEEDS, OPS, Edit, apply_edit, replay
from dutygraph.graph.store.integrity import ORPHANS, Orphan, old_nodes, reattach
from dutygraph.graph.store.settle import let_go
from dutygraph.schema import ParseResult

DEFAULT_PATH = "dutygraph.sqlite"
ENV_VAR = "DUTYGRAPH_STORE"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
  id TEXT NOT NULL, notice_id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
  props TEXT NOT NULL, PRIMARY KEY (id, notice_id));
CREATE TABLE IF NOT EXISTS edges (
  src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL, notice_id TEXT NOT NULL,
  kind TEXT NOT NULL, props TEXT NOT NULL, PRIMARY KEY (src, dst, key, notice_id));
CREATE TABLE IF NOT EXISTS merges (
  notice_id TEXT NOT NULL, jurisdiction TEXT NOT NULL, variant TEXT NOT NULL,
  canonical TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_notice ON nodes (notice_id);
CREATE INDEX IF NOT EXISTS edges_notice ON edges (notice_id);
CREATE INDEX IF NOT EXISTS merges_notice ON merges (notice_id);
CREATE TABLE IF NOT EXISTS edits (
  seq INTEGER PRIMARY KEY, op TEXT NOT NULL, args TEXT NOT NULL);
"""
_POINT_INDEXES = """
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes (kind);
CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst, kind);
CREATE INDEX IF NOT EXISTS edges_src ON edges (src, kind);
CREATE INDEX IF NOT EXISTS nodes_target_table ON nodes (json_extract(props, '$.table'))
  WHERE kind = 'Target' AND json_valid(props);
"""
"""What point questions (graph/store/slice.py) look rows up by; SQLite keeps them up to date
inside every write's own transaction. An older store gains them when opened writable (each
CREATE INDEX is atomic). The partial index reads only Target rows with valid JSON, so a damaged
row of another kind never makes a write fail. edges_src: the primary key finds a unit's edges
by src, but then reads all of them (its OWNS too) to keep the PART_OF ones; a province roll-up
walks ~2,000 units up (60 -> 9 ms of CPU)."""
_TABLES = ("nodes", "edges", "merges")
T = TypeVar("T")


def store_path(path: str | Path | None = None) -> Path:
    """The argument, else $DUTYGRAPH_STORE, else ./dutygraph.sqlite."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def _dumps(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True)


def _write(conn: sqlite3.Connection, facts: Facts) -> None:
    """Replace one notice's rows (inside the caller's transaction)."""
    nid = facts.notice_id
    for table in _TABLES:
        conn.execute(f"DELETE FROM {table} WHERE notice_id = ?", (nid,))
    conn.executemany(
        "INSERT INTO nodes VALUES (?, ?, ?, ?, ?)",
        [(n.id, nid, n.kind, n.label, _dumps(n.props)) for n in facts.nodes],
    )
    conn.executemany(
        "INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)",
        [(e.src, e.dst, e.edge_key, nid, e.kind, _dumps(e.props)) for e in facts.edges],
    )
    conn.executemany(
        "INSERT INTO merges VALUES (?, ?, ?, ?, ?)",
        [(m.notice_id, m.jurisdiction, m.variant, m.canonical, m.line) for m in facts.merges],
    )


def merge_props(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Combine what several notices say about one node: aliases unite, a stub never wins."""
    if new.get("stub") and old and not old.get("stub"):
        new, old = old, new
    merged = {**old, **new}
    aliases = set(old.get("aliases", [])) | set(new.get("aliases", []))
    if aliases:
        merged["aliases"] = sorted(aliases)
    return merged


# Smaller than a SQLite header: a truncated file or not a store; never treated as empty.
_MIN_BYTES = 100


def _read_only(path: Path) -> bool:
    """The file exists but may not be written: no write permission bit (also for root, who
    ignores permissions), or no write access for this user."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & 0o222) or not os.access(path, os.W_OK)


def _fault(exc: sqlite3.Error) -> str:
    """What a SQLite error means for the user, in a few words."""
    text = str(exc)
    if "not a database" in text:
        return "not a dutygraph store (not a SQLite database)"
    if "malformed" in text or "corrupt" in text:
        return f"the file is damaged ({text})"
    if "readonly" in text or "read-only" in text:
        return "read-only file: it can be queried but not written"
    return text


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # WAL needs its -shm file; where it cannot be made, read the file as it is on disk.
        conn.close()
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    return conn


class Store(Closing):
    """Open (or create) the store at `path` and rebuild the in-memory graph from it.

    StoreError (one line: file and fault) when the file is damaged, too small or not a store;
    a read-only file opens read-only (queries work, writes raise StoreError).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = store_path(path)
        if self.path.is_file() and (size := self.path.stat().st_size) < _MIN_BYTES:
            raise StoreError(
                self.path,
                f"the file is {size} bytes, too small to be a store (truncated?);"
                " move it away to start a new store",
            )
        self.read_only = _read_only(self.path)
        try:
            # The API serves from another thread than the one that opened the store; it
            # serialises every call with one lock (api/locking.py), so sharing is safe.
            self.conn = _connect(self.path, self.read_only)
        except sqlite3.Error as exc:
            raise StoreError(self.path, _fault(exc)) from None
        self.graph: Any = nx.MultiDiGraph()
        self.derived: dict[str, Any] = {}
        """Indexes computed from `graph` by queries, built lazily; emptied by every refresh."""
        self.rebuilds = 0
        """Graphs built whole (open, load, edit) rather than from a small write's facts: the
        server collects and freezes after those only (graph.store.settle.refreeze)."""
        self.hooks: list[Callable[[sqlite3.Connection], None]] = []
        """Run inside every write transaction just before COMMIT; a raise rolls the write back.
        The audit trail (graph.supervision) appends its record here, atomic with the change."""
        try:
            if self.read_only:
                self._check_tables()
            else:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.executescript(_SCHEMA + _POINT_INDEXES)
            self.refresh()
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(self.path, _fault(exc)) from None
        except BaseException:
            self.conn.close()
            raise

    def _check_tables(self) -> None:
        try:
            rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            have = {str(r[0]) for r in rows}
        except sqlite3.Error as exc:
            raise StoreError(self.path, _fault(exc)) from None
        if missing := sorted({*_TABLES, "edits"} - have):
            raise StoreError(self.path, f"not a dutygraph store (no table {', '.join(missing)})")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(self.path, "read-only file: it can be queried but not written")

    def close(self) -> None:
        self.conn.close()

    def load(self, results: Iterable[ParseResult], replace: bool = False) -> list[Facts]:
        """Write a batch of notices in one transaction, replacing their earlier facts.

        NoticeClash, before anything is written, when a notice would replace another notice
        (same id, another title or issuer), unless `replace`.
        """
        batch = [build(r) for r in results]
        if not replace:
            check_replacing(heads_of_graph(self.graph), batch)
        self.load_facts(batch)
        return batch

    def load_facts(self, batch: Iterable[Facts]) -> None:
        """Write already-built Facts in one transaction, replacing those notices' earlier facts.

        A small import touching existing nodes updates the graph by those facts only
        (graph/store/incremental.py); other writes rebuild it from the file.

        Same guarantees as `load`: any failure rolls back and leaves the previous state (file
        and graph); on success the graph is rebuilt from the file.
        """
        self._writable()
        batch = list(batch)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(self.path, _fault(exc)) from None
        try:
            step = incremental.plan(self.conn, self.graph, batch)
            for facts in batch:
                before = old_nodes(self.conn, facts.notice_id)
                _write(self.conn, facts)
                if reattach(self.conn, facts.notice_id, before, facts.nodes).moved:
                    step = None
            for hook in self.hooks:
                hook(self.conn)
        except BaseException as exc:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise StoreError(self.path, _fault(exc)) from None  # the file, not the facts
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(self.path, _fault(exc)) from None
        if step is None:
            self.refresh()
            return
        try:
            graph = incremental.apply(self.conn, self.graph, step, merge_props)
        except Exception:  # whatever went wrong, the full rebuild says it properly
            self.refresh()
            return
        self._replace(graph)

    def _replace(self, graph: Any, rebuilt: bool = False) -> None:
        old, self.graph, self.derived = self.graph, graph, {}
        self.rebuilds += rebuilt
        let_go(old)

    def refresh(self) -> None:
        """Rebuild the graph from the SQLite file; StoreError names a damaged file or row."""
        try:
            self._rebuild()
        except sqlite3.Error as exc:
            raise StoreError(self.path, _fault(exc)) from None

    def _props(self, raw: Any, where: str) -> dict[str, Any]:
        try:
            p = json.loads(raw)
        except (TypeError, ValueError):
            p = None
        if not isinstance(p, dict):
            raise StoreError(
                self.path, f"damaged row: {where} has props that are not a JSON object"
            )
        return p

    def _rebuild(self) -> None:
        nodes = self.conn.execute(
            "SELECT id, notice_id, kind, label, props FROM nodes ORDER BY id, notice_id"
        )
        edges = self.conn.execute(
            "SELECT src, dst, key, notice_id, kind, props FROM edges ORDER BY src, dst, key, notice_id"
        )
        self._replace(self.graph_of(nodes, edges, self.edit_rows()), rebuilt=True)

    def edit_rows(self) -> list[tuple[Any, Any, Any]]:
        """The edits table's (seq, op, args) rows in order; StoreError names a damaged one."""
        edits = self.conn.execute("SELECT seq, op, args FROM edits ORDER BY seq").fetchall()
        for seq, op, args in edits:
            given = self._props(args, f"edits row {seq}")
            if op not in OPS or not NEEDS[op] <= given.keys():
                raise StoreError(self.path, f"damaged row: edits row {seq} ({op!r}, {args})")
        return edits

    def graph_of(
        self, nodes: Iterable[Any], edges: Iterable[Any], edits: list[tuple[Any, Any, Any]]
    ) -> Any:
        """The graph of these rows (nodes by id and notice, edges by src, dst, key and notice),
        with the hand edits replayed; the whole store's graph, or a slice of it (store/slice)."""
        g = nx.MultiDiGraph()
        # Each row brings its own copies of the same strings (ids, kinds, notice ids, keys) and
        # edges mostly carry the same props ({} or one role): one object each, shared, saves
        # ~0.3 KB per edge. Props are replaced, never changed in place, so sharing is safe.
        same: dict[str, Any] = {}
        one = same.setdefault
        shared_props: dict[str, dict[str, Any]] = {}
        for id_, notice_id, kind, label, props in nodes:
            id_, notice_id, kind = one(id_, id_), one(notice_id, notice_id), one(kind, kind)
            p = self._props(props, f"nodes row {id_} of {notice_id}")
            # Keys and short texts (table, notice, unit, period) repeat across ~10^5 targets.
            p = {
                one(k, k): one(v, v) if type(v) is str and len(v) < 64 else v for k, v in p.items()
            }
            if kind not in NODE_KINDS:
                raise StoreError(
                    self.path, f"damaged row: nodes row {id_} of {notice_id} has kind {kind!r}"
                )
            if id_ in g:
                attrs = g.nodes[id_]
                attrs["notices"].append(notice_id)
                if attrs["props"].get("stub") and not p.get("stub"):
                    attrs["label"] = label
                attrs["props"] = merge_props(attrs["props"], p)
            else:
                g.add_node(id_, kind=kind, label=label, props=p, notices=[notice_id])
        orphans: list[Orphan] = []
        for src, dst, key, notice_id, kind, props in edges:
            src, dst, key = one(src, src), one(dst, dst), one(key, key)  # the nodes' own ids
            notice_id, kind = one(notice_id, notice_id), one(kind, kind)
            if src not in g or dst not in g:
                # Kept in the file (a later load may bring the item back), out of the graph.
                missing = src if src not in g else dst
                present = dst if missing == src else src
                label = str(g.nodes[present]["label"]) if present in g else ""
                orphans.append(Orphan(notice_id, kind, src, dst, missing, label))
                continue
            if kind not in EDGE_KINDS:
                raise StoreError(
                    self.path,
                    f"damaged row: edges row {src} -> {dst} of {notice_id} has kind {kind!r}",
                )
            if g.has_edge(src, dst, key):
                g.edges[src, dst, key]["notices"].append(notice_id)
            else:
                ep = shared_props.get(props)
                if ep is None:
                    ep = self._props(props, f"edges row {src} -> {dst} ({key}) of {notice_id}")
                    if len(props) < 64:  # the common small ones; big props are rarely repeated
                        shared_props[props] = ep
                g.add_edge(src, dst, key=key, kind=kind, props=ep, notices=[notice_id])
        for e in replay(g, edits):
            if e.missing:
                src, dst = e.ends
                label = str(g.nodes[src]["label"]) if src in g else ""
                orphans.append(Orphan(e.edit.source, e.edit.op, src, dst, e.missing, label))
        g.graph[ORPHANS] = orphans
        return g

    def cached(self, key: str, make: Callable[["Store"], T]) -> T:
        """`make(self)`, computed once per refresh (so once per load) and kept in `derived`."""
        if key not in self.derived:
            self.derived[key] = make(self)
        value: T = self.derived[key]
        return value

    def counts(self) -> tuple[int, int]:
        """(nodes, edges) of the in-memory graph."""
        return int(self.graph.number_of_nodes()), int(self.graph.number_of_edges())

    def notices(self) -> list[str]:
        """The notice ids that have facts in the store."""
        rows = self.conn.execute("SELECT DISTINCT notice_id FROM nodes ORDER BY notice_id")
        return [str(r[0]) for r in rows]

    def orphans(self) -> list[Orphan]:
        """Facts kept in the file whose other end no re-import brought back (graph/store/integrity)."""
        found: list[Orphan] = self.graph.graph.get(ORPHANS, [])
        return list(found)

    def merges(self) -> list[Merge]:
        """Near-duplicate unit names folded into their common spelling, for review."""
        rows = self.conn.execute(
            "SELECT notice_id, jurisdiction, variant, canonical, line FROM merges"
            " ORDER BY notice_id, variant"
        )
        return [Merge(*r) for r in rows]

    def add_edit(self, edit: Edit) -> Edit:
        """Log one hand edit and apply it to the graph, in one transaction; typed errors refuse it.

        The edit is checked against the current graph first: a refused edit changes nothing.
        """
        self._writable()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cur = self.conn.execute(
                "INSERT INTO edits (op, args) VALUES (?, ?)", (edit.op, edit.dumps())
            )
            kept = Edit(edit.op, edit.args, int(cur.lastrowid or 0))
            # On a copy: readers may hold the current graph (snapshots, cached indexes), which
            # stays as it was; the new graph replaces it whole, as after a load.
            graph = self.graph.copy()
            apply_edit(graph, kept)  # checks first: a refusal raises before any change
            for hook in self.hooks:
                hook(self.conn)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if not isinstance(exc, GraphError):  # refusals are raised before any change
                self.refresh()  # the graph again as the file says
            raise
        self._replace(graph, rebuilt=True)
        return kept

    def edits(self) -> list[Edit]:
        """The hand edits, in the order they were made."""
        rows = self.conn.execute("SELECT seq, op, args FROM edits ORDER BY seq")
        return [Edit(op, json.loads(args), int(seq)) for seq, op, args in rows]
