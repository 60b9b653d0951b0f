"""Traffic lights that include the supervision loop: what maps, GraphQL and pages colour with.

Once the office runs the loop (any status event), every task × unit's light (duty_light, as in
the ledger) feeds its task's and unit's light; before that, or on a store without the loop's
tables, the lights are graph.progress's number-only lights. Both stores.
"""

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from dutygraph.graph.derived import per_graph
from dutygraph.graph.progress import Duty, Lights, LoopLights, Status, lights_at
from dutygraph.graph.queries import NodeFilter, UnitInfo
from dutygraph.graph.store import Store
from dutygraph.graph.supervision.errors import NoSupervisionStore
from dutygraph.graph.supervision.ledger import LedgerFilter, LedgerRow, ledger
from dutygraph.graph.supervision.records import Records
from dutygraph.graph.supervision.tables import SqliteRecords, SqliteSupervision, store_of

_KEPT = 8


@dataclass(frozen=True)
class Supervised:
    """The ledger rows of one snapshot at one date, by task, and the lights they feed."""

    by_task: dict[str, list[LedgerRow]]
    lights: Lights


class _Reader(threading.local):
    path: Path | None = None
    conn: sqlite3.Connection | None = None


_reader = _Reader()


def _read_conn(store: Store) -> sqlite3.Connection:
    """This thread's read-only connection to the store's file (one at a time, reopened when the
    file changes). In WAL a reader sees the last commit and waits for no writer, so a map or
    a GraphQL `status` never queues behind a write as the shared connection's lock would."""
    if _reader.path != store.path or _reader.conn is None:
        if _reader.conn is not None:
            _reader.conn.close()
        _reader.conn = None
        uri = f"{store.path.resolve().as_uri()}?mode=ro"
        _reader.conn = sqlite3.connect(uri, uri=True)
        _reader.path = store.path
    return _reader.conn


def supervised(backend: Any, g: nx.MultiDiGraph, as_of: dt.date, rows: bool = True) -> Supervised:
    """Rows and lights of snapshot `g` at `as_of` with the loop's status from `backend`'s store.

    Kept per graph object, date and status version (event count and newest), so a page of
    maps or tasks costs one ledger pass until the next status change. `rows=False` skips the
    ledger while the loop is unused (the lights are then number-only anyway).
    """
    base = lights_at(g, as_of)
    try:
        with _reading(backend) as rec:
            try:
                count, newest = rec.status_version()
            except sqlite3.Error:  # a file whose loop tables are not there
                return Supervised({}, base)
            if not count and not rows:
                return Supervised({}, base)
            kept: dict[tuple[dt.date, int, int], Supervised] = per_graph(g, "supervised", dict)
            key = (as_of, count, newest)
            if key not in kept:
                if len(kept) >= _KEPT:
                    kept.pop(next(iter(kept)))
                found = ledger(g, rec, as_of)
                by_task: dict[str, list[LedgerRow]] = {}
                for r in found:
                    by_task.setdefault(r.task_id, []).append(r)
                duties = [
                    Duty(r.task_id, r.unit_id, r.unit, r.status, r.light, r.why) for r in found
                ]
                kept[key] = Supervised(by_task, LoopLights(base, duties) if count else base)
            return kept[key]
    except NoSupervisionStore:  # a backend that keeps no loop: number-only lights
        return Supervised({}, base)


@contextmanager
def _reading(backend: Any) -> Iterator[Records]:
    """The loop's rows to read: on SQLite through this thread's read-only connection (no queue
    behind a write), on Neo4j in one read transaction."""
    found = store_of(backend)
    if isinstance(found, SqliteSupervision):
        yield SqliteRecords(_read_conn(found.store))
    else:
        with found.reading() as rec:
            yield rec


_READ_ALL = 1 << 30
"""A page size no store reaches: a ledger filter lists every unit or task it matches."""


def ledger_graph(backend: Any, f: LedgerFilter) -> nx.MultiDiGraph:
    """The graph the ledger rows `f` keeps are read from: on Neo4j the tasks of the units or
    the notice it names, or every task, and what their rows read (loop_graph, ledger_graph);
    on the embedded store its live graph."""
    if isinstance(store_of(backend), SqliteSupervision):
        return backend.snapshot()
    if not f.unit:
        whole: nx.MultiDiGraph = backend.ledger_graph(f.notice)
        return whole
    # ledger(): the unit's id, its name, or a name ending with it (税郭镇)
    ids: list[str] = []
    if isinstance(backend.get_nodes([f.unit]).get(f.unit), UnitInfo):
        ids.append(f.unit)
    found = backend.list_nodes(["Unit"], NodeFilter(text=f.unit), 0, _READ_ALL).items
    ids += [u.id for u in found if isinstance(u, UnitInfo) and u.name.endswith(f.unit)]
    g: nx.MultiDiGraph = backend.loop_graph(ids)
    return g


def loop_in_use(backend: Any) -> bool:
    """Whether the office has recorded any status step (the loop's duties then feed the task
    and unit lights)."""
    try:
        with _reading(backend) as rec:
            try:
                return rec.status_version()[0] > 0
            except sqlite3.Error:  # a file whose loop tables are not there
                return False
    except NoSupervisionStore:
        return False


def served_lights(backend: Any, ids: list[str], as_of: dt.date) -> dict[str, Status] | None:
    """On a store that is not in memory (Neo4j) and whose loop is unused, the lights of `ids`
    from GraphBackend.lights (actuals computed by the server; grey for what has no light);
    None when the caller must read a graph: the embedded store (its Lights are kept per graph
    and date) or a loop whose duties feed the task and unit lights (LoopLights)."""
    if backend.in_memory or loop_in_use(backend):
        return None
    found: dict[str, Status] = backend.lights(ids, as_of)
    return {i: found.get(i) or Status(i, "grey", explanation_zh="无可度量的目标。") for i in ids}


def loop_lights(backend: Any, g: nx.MultiDiGraph, as_of: dt.date) -> Lights:
    """The lights maps and GraphQL colour with: number-only until the loop is in use."""
    return supervised(backend, g, as_of, rows=False).lights
