"""Traffic lights that include the supervision loop: what maps, GraphQL and pages colour with.

Once the office runs the loop (any status event), every task × unit's light (duty_light, as in
the ledger) feeds its task's and unit's light; before that, or on a store without the loop's
tables, the lights are graph.progress's number-only lights.
"""

import datetime as dt
import sqlite3
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import networkx as nx

from dutygraph.graph.derived import per_graph
from dutygraph.graph.progress import Duty, Lights, LoopLights, lights_at
from dutygraph.graph.supervision.errors import NeedsEmbedded
from dutygraph.graph.supervision.ledger import LedgerRow, ledger
from dutygraph.graph.supervision.tables import store_of

_KEPT = 8


@dataclass(frozen=True)
class Supervised:
    """The ledger rows of one snapshot at one date, by task, and the lights they feed."""

    by_task: dict[str, list[LedgerRow]]
    lights: Lights


def supervised(backend: Any, g: nx.MultiDiGraph, as_of: dt.date, rows: bool = True) -> Supervised:
    """Rows and lights of snapshot `g` at `as_of` with the loop's status from `backend`'s store.

    Kept per graph object, date and status version (event count and newest), so a page of
    maps or tasks costs one ledger pass until the next status change. `rows=False` skips the
    ledger while the loop is unused (the lights are then number-only anyway).
    """
    base = lights_at(g, as_of)
    # The SQLite connection is shared by the server's threads: read it under the API's lock.
    with getattr(backend, "_lock", None) or nullcontext():
        try:
            conn = store_of(backend).conn
            count, newest = conn.execute("SELECT count(*), max(seq) FROM task_status").fetchone()
        except (NeedsEmbedded, sqlite3.OperationalError):  # Neo4j, or a read-only file unused
            return Supervised({}, base)
        if not count and not rows:
            return Supervised({}, base)
        kept: dict[tuple[dt.date, int, int], Supervised] = per_graph(g, "supervised", dict)
        key = (as_of, int(count), int(newest or 0))
        if key not in kept:
            if len(kept) >= _KEPT:
                kept.pop(next(iter(kept)))
            found = ledger(g, conn, as_of)
            by_task: dict[str, list[LedgerRow]] = {}
            for r in found:
                by_task.setdefault(r.task_id, []).append(r)
            duties = [Duty(r.task_id, r.unit_id, r.unit, r.status, r.light, r.why) for r in found]
            kept[key] = Supervised(by_task, LoopLights(base, duties) if count else base)
        return kept[key]


def loop_lights(backend: Any, g: nx.MultiDiGraph, as_of: dt.date) -> Lights:
    """The lights maps and GraphQL colour with: number-only until the loop is in use."""
    return supervised(backend, g, as_of, rows=False).lights
