"""Heavy whole-graph answers (gap analysis) in a process forked from the current graph version.

A worker thread would not do: the answer holds the GIL for 1-2 s on a province, and readers on
the event loop then waited behind it (whoOwns p99 733 ms while gaps ran). A spawned pool would
need the 1 GB graph sent or rebuilt (7 s) for each version. A fork inherits the immutable
snapshot copy-on-write in milliseconds; the worker stays up for that graph version, so the
indexes it builds (graph.derived) serve its later calls too, and only the answer (a page of
findings) crosses the pipe. A new version forks a new worker and stops the old one.

One call at a time per worker. A worker that dies or runs past the time limit is killed and
reaped (no zombies) and the call answered COMPUTE_FAILED / COMPUTE_TIMEOUT; the next call forks
a fresh one.

What the worker computes for GraphQL `gaps` and the /gaps page: `gaps_window` (one page of
findings, with the counts the page shows above it) and `gaps_workbook` (every finding, as .xlsx).
"""

import datetime as dt
import gc
import multiprocessing as mp
import os
import pickle
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from dutygraph.api.accounts import exclusive
from dutygraph.api.errors import COMPUTE_FAILED, COMPUTE_TIMEOUT, ApiError, log
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.derived import per_graph
from dutygraph.graph.gaps import Finding, find_gaps, notice_names, to_xlsx
from dutygraph.graph.gaps.finding import Kind
from dutygraph.graph.supervision.findings import loop_findings

T = TypeVar("T")

_FORK = mp.get_context("fork")
_STOP_SECONDS = 5.0
_NICE = 10


def _serve(graph: object, conn: Connection, parent_end: Connection) -> None:
    """The worker's loop: (fn, args) in, ("ok", fn(graph, *args)) or ("error", exc) out."""
    parent_end.close()
    # The fork copied every descriptor of the server: its listening socket, client connections,
    # the SQLite file. Held here, a connection the server closes would stay open (no FIN) and
    # the port stay bound; only the pipe and stdio are this process's.
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    # uvicorn's handlers came with the fork: a SIGTERM must end this process, not set a flag in
    # a server object it does not run; Ctrl-C goes to the parent, which closes the pipe.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Readers come first: on a busy machine the analysis waits for CPU, not the other clients.
    os.nice(_NICE)
    gc.freeze()  # the inherited graph is never garbage here: keep the collector off its pages
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        if job is None:
            return
        fn, args = job
        try:
            reply: tuple[str, Any] = ("ok", fn(graph, *args))
        except Exception as exc:  # the caller re-raises it: typed errors keep their message
            reply = ("error", exc)
        try:
            conn.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            conn.send(("error", RuntimeError(f"answer could not be sent back: {exc}")))


class Worker:
    """One forked process serving calls on one graph object."""

    def __init__(self, graph: object) -> None:
        self.graph = graph
        self.conn, child = _FORK.Pipe()
        self.proc = _FORK.Process(
            target=_serve, args=(graph, child, self.conn), name="dutygraph-compute", daemon=True
        )
        self.proc.start()
        child.close()

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
        """`fn(graph, *args)` in the worker; ApiError when it dies or takes over `seconds`."""
        try:
            self.conn.send((fn, args))
            if not self.conn.poll(seconds):
                self.kill()
                raise ApiError(
                    COMPUTE_TIMEOUT, f"the analysis took over {seconds:g} s and was stopped"
                )
            status, value = self.conn.recv()
        except (EOFError, OSError) as exc:
            code = self.kill()
            log.error("compute worker %s died (exit code %s): %r", self.proc.pid, code, exc)
            raise ApiError(COMPUTE_FAILED, "the analysis process stopped unexpectedly") from None
        if status == "error":
            raise value
        result: T = value
        return result

    def stop(self) -> None:
        """Ask the worker to end, wait for it, kill it if it does not."""
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(_STOP_SECONDS)
        self.kill()

    def kill(self) -> int | None:
        """Kill (if still running) and reap the process; its exit code."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()
        return self.proc.exitcode


_lock = threading.Lock()
_worker: Worker | None = None


def compute(graph: object, fn: Callable[..., T], *args: Any, seconds: float) -> T:
    """`fn(graph, *args)` in the worker forked for this graph object (forked on first use).

    Blocking: call it from a worker thread. `fn` and `args` must pickle by reference (top-level
    functions, plain values); the answer comes back pickled, so keep it small.
    """
    global _worker
    with _lock:
        worker = _worker
        if worker is None or worker.graph is not graph or not worker.proc.is_alive():
            if worker is not None:
                worker.stop()
            worker = _worker = Worker(graph)
        try:
            return worker.call(fn, args, seconds)
        except ApiError:
            if _worker is worker and not worker.proc.is_alive():
                _worker = None
            raise


def shutdown() -> None:
    """Stop the worker (server shutdown, tests); the next call forks a new one."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


@dataclass(frozen=True)
class GapsWindow:
    """One page of find_gaps' findings, and what a page shows above it."""

    total: int
    items: list[Finding]
    """The findings [offset, offset + limit) of the whole list."""
    counts: dict[tuple[str, str], int]
    """Findings per (kind, severity) in the whole list, not only this page."""
    names: dict[str, str]
    """What a clerk calls the notices of this page's findings (parse id -> 发文字号 or title)."""


def _notice_names(g: nx.MultiDiGraph) -> dict[str, str]:
    return per_graph(g, "notice_names", lambda: notice_names(g))


def window_of(found: list[Finding], g: nx.MultiDiGraph, offset: int, limit: int) -> GapsWindow:
    """The page [offset, offset+limit) of `found`, its counts, and its notices' names in `g`."""
    items = found[offset : offset + limit]
    names = _notice_names(g)
    wanted = {f.notice for f in items if f.notice}
    return GapsWindow(
        len(found),
        items,
        dict(Counter((f.kind, f.severity) for f in found)),
        {n: names[n] for n in wanted if n in names},
    )


def gaps_window(
    g: nx.MultiDiGraph,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    kinds: list[Kind] | None,
    offset: int,
    limit: int,
) -> GapsWindow:
    """find_gaps, cut to the page [offset, offset+limit): run in the worker, so only the page
    (not ~10^4 findings of a province) crosses the pipe."""
    return window_of(find_gaps(g, as_of, notice=notice, unit=unit, kinds=kinds), g, offset, limit)


def workbook_of(found: list[Finding], g: nx.MultiDiGraph, as_of: dt.date) -> bytes:
    """`found` as the .xlsx `dutygraph gaps --format xlsx` writes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gaps.xlsx"
        to_xlsx(found, path, as_of=as_of, names=_notice_names(g))
        return path.read_bytes()


def gaps_workbook(
    g: nx.MultiDiGraph,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    kinds: list[Kind] | None,
    loop: list[Finding],
) -> bytes:
    """Every finding find_gaps gives, then `loop`'s, as `dutygraph gaps --format xlsx` writes."""
    found = find_gaps(g, as_of, notice=notice, unit=unit, kinds=kinds)
    return workbook_of([*found, *loop], g, as_of)


def _loop(
    backend: GraphBackend,
    g: nx.MultiDiGraph,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    kinds: list[Kind] | None,
) -> list[Finding]:
    """The supervision loop's overdue and unreported duties, as `dutygraph gaps` adds them."""
    if kinds is not None and "reports" not in kinds:
        return []
    with exclusive(backend):
        return loop_findings(backend, g, as_of, notice, unit)


def store_gaps_window(
    backend: GraphBackend,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    kinds: list[Kind] | None,
    offset: int,
    limit: int,
    seconds: float,
) -> tuple[GapsWindow, nx.MultiDiGraph]:
    """A page of gaps and the graph read: the embedded graph's in the forked worker; Neo4j's
    with the numbers aggregated on the server, here (its graph is not in this process). The
    supervision loop's overdue and unreported tasks follow find_gaps' list (kind reports)."""
    if backend.in_memory:
        g = backend.gaps_graph(notice, unit)
        args = (as_of, notice, unit, kinds, offset, limit)
        window = compute(g, gaps_window, *args, seconds=seconds)
    else:
        found, g = backend.gaps(as_of, notice, unit, kinds)
        window = window_of(found, g, offset, limit)
    loop = _loop(backend, g, as_of, notice, unit, kinds)
    if not loop:
        return window, g
    # As one list would page them: the loop's findings after the window's last one.
    tail = loop[max(0, offset - window.total) : max(0, offset + limit - window.total)]
    names = _notice_names(g)
    return GapsWindow(
        window.total + len(loop),
        [*window.items, *tail],
        dict(Counter(window.counts) + Counter((f.kind, f.severity) for f in loop)),
        {**window.names, **{f.notice: names[f.notice] for f in tail if f.notice in names}},
    ), g


def store_gaps_workbook(
    backend: GraphBackend,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    kinds: list[Kind] | None,
    seconds: float,
) -> bytes:
    """Every finding of the filter as .xlsx, from either store as store_gaps_window reads it."""
    if backend.in_memory:
        g = backend.gaps_graph(notice, unit)
        loop = _loop(backend, g, as_of, notice, unit, kinds)
        return compute(g, gaps_workbook, as_of, notice, unit, kinds, loop, seconds=seconds)
    found, g = backend.gaps(as_of, notice, unit, kinds)
    return workbook_of([*found, *_loop(backend, g, as_of, notice, unit, kinds)], g, as_of)
