"""Concurrent recordProgress through a real `dutygraph serve`: 50 clients × 20 writes each.

The store holds the five sample notices. `dutygraph serve` runs in its own process with a
mutation token; first one client writes alone (the single-client latency), then 50 clients ask
whoOwns 20 times each (the same-run floor of a request at that concurrency), then 50 clients
write at once, each its own town × period, 20 values in order. Afterwards every value must be in the audit trail and each pair must hold its client's
last value: nothing lost. Loopback only; every wait is bounded.

`measure_names`: on Neo4j with the synthetic province, one recordProgress and one progress
import matched through the whole graph (snapshot(), as before) and through the names they read.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.serve_bench import _wait_ready, free_port
from bench.stores_bench import COUNTY, TABLE
from bench.synthetic import Shape, synthetic_facts
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.imports import import_progress, record_progress
from dutygraph.graph.imports.progress import progress_facts
from dutygraph.graph.store import Store
from dutygraph.graph.supervision import SERVER_TOKEN, audit, writes
from dutygraph.graph.supervision.tables import store_of
from dutygraph.loaders import read_notice
from dutygraph.loaders.sheets import read_progress

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TOKEN = "writes-bench-token"
CLIENTS = 50
WRITES = 20
GOAL_P50_MS = 200.0
TOWNS = ["中心街街道", "光明路街道", "垎塔埠街道", "孟庄镇", "文化路街道"]
TOWNS += ["永安镇", "矿区街道", "税郭镇", "西王庄镇", "龙山路街道"]
PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025H1"]
PAIRS = [(t, p) for t in TOWNS for p in PERIODS]
READ = json.dumps(
    {
        "query": "query($id: String!) { whoOwns(taskId: $id) { items { itemId owners { unit role"
        " } } } }",
        "variables": {"id": "t:na3a8e7f37d:三.(三).1"},
    }
).encode("utf-8")
"""The read peer: the same clients asking whoOwns, the floor of a request at that concurrency."""
RECORD = """mutation($unit: String!, $period: String!, $value: Float!) {
    recordProgress(unit: $unit, indicator: "知识产权专利开放许可", period: $period,
    value: $value, asOf: "2024-07-01") { id value } }"""


@dataclass(frozen=True)
class Writes:
    """Latencies (ms) of one client alone and of `clients` × `writes` at once, and losses."""

    single_p50_ms: float
    single_p99_ms: float
    clients: int
    writes: int
    p50_ms: float
    p99_ms: float
    per_s: float
    read_p50_ms: float
    read_p99_ms: float
    read_per_s: float
    """The same clients asking whoOwns instead, in the same run: the floor at that concurrency."""
    errors: int
    lost: int
    """Values missing from the audit trail or pairs not holding their last value."""
    chain_ok: bool
    server_cpu_ms: float
    """Server CPU time per write in the concurrent run (user + system)."""
    client_cpu_ms: float
    """This process's CPU time per write in the concurrent run (the HTTP clients)."""
    load: float
    """The machine's 1-minute load average after the run (2 cores here, shared)."""

    @property
    def passed(self) -> bool:
        return self.p50_ms < GOAL_P50_MS and not self.lost and not self.errors and self.chain_ok


def _per_s(ms: list[float], clients: int) -> float:
    """Requests per second of `clients` closed-loop clients, from their latencies."""
    return clients * 1000 / statistics.mean(ms)


def _p99(ms: list[float]) -> float:
    s = sorted(ms)
    return s[min(len(s) - 1, round(0.99 * (len(s) - 1)))]


class _Connection:
    """One keep-alive HTTP/1.1 connection that posts prepared JSON: a client costs a fraction
    of the server's time per request (httpx took ~4 ms of CPU per request, more than the
    server, on the same two cores)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "_Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, body: bytes) -> tuple[int, bytes]:
        head = (
            "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode("ascii") + body)
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        size = next(
            int(v) for k, _, v in (x.partition(":") for x in lines) if k.lower() == "content-length"
        )
        return int(lines[0].split()[1]), await self.reader.readexactly(size)

    def close(self) -> None:
        self.writer.close()


async def _client(port: int, pair: tuple[str, str] | None, values: range, out: list[float]) -> int:
    """Post `values` for `pair` one after the other (None: ask READ as often)."""
    errors = 0
    c = await _Connection.open(port)
    try:
        for v in values:
            body = READ
            if pair is not None:
                variables = {"unit": pair[0], "period": pair[1], "value": v}
                body = json.dumps({"query": RECORD, "variables": variables}).encode("utf-8")
            start = time.perf_counter()
            status, answer = await c.post(body)
            out.append((time.perf_counter() - start) * 1000)
            errors += status != 200 or b'"errors"' in answer
    finally:
        c.close()
    return errors


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _drive(
    port: int, clients: int, writes: int, pid: int
) -> tuple[list[float], list[float], list[float], int, float, float]:
    single: list[float] = []
    errors = await _client(port, ("税郭镇", "2025"), range(1, writes + 1), single)
    reads: list[float] = []
    errors += sum(
        await asyncio.gather(*(_client(port, None, range(writes), reads) for _ in range(clients)))
    )
    many: list[float] = []
    server, client = _cpu_s(pid), time.process_time()
    counts = await asyncio.wait_for(
        asyncio.gather(
            *(
                _client(port, PAIRS[i], range(i * 1000 + 1, i * 1000 + writes + 1), many)
                for i in range(clients)
            )
        ),
        timeout=600,
    )
    server, client = _cpu_s(pid) - server, time.process_time() - client
    return single, reads, many, errors + sum(counts), server, client


def _lost(path: Path, clients: int, writes: int) -> tuple[int, bool]:
    """Values not in the trail plus pairs whose report is not the last value; chain ok."""
    with Store(path) as store:
        recorded = {
            float(r[0])
            for r in store.conn.execute(
                "SELECT json_extract(after, '$.value') FROM audit WHERE action = 'record_progress'"
            )
        }
        wanted = {float(i * 1000 + v) for i in range(clients) for v in range(1, writes + 1)}
        values = {
            (p["unit"], p["period"]): p["value"]
            for _, a in store.graph.nodes(data=True)
            if a["kind"] == "Report"
            for p in [a["props"]]
        }
        last = [i * 1000 + writes for i in range(clients)]
        held = sum(1 for v in last if v in values.values())
        return len(wanted - recorded) + (clients - held), audit.verify(store_of(store)).ok


def measure(clients: int = CLIENTS, writes: int = WRITES) -> Writes:
    """Build the store, start the server, write alone then all at once, stop, check."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "samples.sqlite"
        with Store(path) as store:
            store.load([read_notice(p) for p in NOTICES])
        port = free_port()
        env = {**os.environ, "DUTYGRAPH_TOKEN": TOKEN}
        env.pop("NEO4J_URI", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "dutygraph.api.cli", "serve", "--store", str(path)]
            + ["--port", str(port), "--reads", "open"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/healthz", server)
            single, reads, many, errors, server_s, client_s = asyncio.run(
                _drive(port, clients, writes, server.pid)
            )
        finally:
            server.terminate()
            server.wait(30)
        lost, chain_ok = _lost(path, clients, writes)
    return Writes(
        statistics.median(single),
        _p99(single),
        clients,
        writes,
        statistics.median(many),
        _p99(many),
        _per_s(many, clients),
        statistics.median(reads),
        _p99(reads),
        _per_s(reads, clients),
        errors,
        lost,
        chain_ok,
        server_s * 1000 / len(many),
        client_s * 1000 / len(many),
        os.getloadavg()[0],
    )


if __name__ == "__main__":
    print(measure())


@dataclass(frozen=True)
class NamesBench:
    """Writes that match names on Neo4j with the province loaded: through the whole graph
    (snapshot(), as before issue 13's names seam) and through the names it reads now."""

    nodes: int
    table: str
    record_whole_s: float
    record_names_s: float
    again_s: float
    """recordProgress of the same unit, indicator and period again (replaces its source)."""
    match_whole_s: float
    """A progress file's rows matched (progress_facts) on snapshot()..."""
    match_names_s: float
    """... and on progress_graph."""
    import_s: float
    """The whole import now: read, match, write."""
    audited_s: float
    """recordProgress as GraphQL writes it: rights check, value before, write, audit record."""
    rows: int
    load: float
    """Load average (1 min) when measured: the machine is shared."""


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _progress_sheet(path: Path, towns: list[str]) -> Path:
    lines = ["序号,镇街,指标,年度,实际完成"]
    lines += [f"{i},{town},{TABLE},2024,{i}" for i, town in enumerate(towns, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure_names(shape: Shape | None = None) -> NamesBench:
    """One recordProgress and one progress import of a county's townships on Neo4j, each
    matched on snapshot() and on progress_graph (the write itself is the same)."""
    batch = synthetic_facts(shape or Shape())
    towns = sorted(n.label for f in batch[:1] for n in f.nodes if n.label.startswith(COUNTY + "第"))
    with Neo4jStore() as n, tempfile.TemporaryDirectory() as tmp:
        n.clear()
        try:
            n.load_facts(batch)
            sheet = _progress_sheet(Path(tmp) / "p.csv", towns)
            rows = read_progress(sheet).records
            whole_record = _seconds(
                lambda: record_progress(n, towns[0], TABLE, "2024", 3, graph=n.snapshot())
            )
            names_record = _seconds(lambda: record_progress(n, towns[2], TABLE, "2024", 4))
            # The same unit, indicator and period again: its source is replaced.
            again_s = _seconds(lambda: record_progress(n, towns[2], TABLE, "2024", 5))
            match_whole = _seconds(
                lambda: progress_facts(n.snapshot(), rows, "progress:bench", str(sheet))
            )
            match_names = _seconds(
                lambda: progress_facts(
                    n.progress_graph([TABLE]), rows, "progress:bench", str(sheet)
                )
            )
            import_s = _seconds(lambda: import_progress(n, sheet))
            audited_s = _seconds(
                lambda: writes.record_progress(n, SERVER_TOKEN, towns[1], TABLE, "2024", 5)
            )
            nodes = n.counts()[0]
        finally:
            n.clear()
            trail = neo4j_supervision(n)
            if trail is not None:
                trail.clear()
    return NamesBench(
        nodes,
        TABLE,
        whole_record,
        names_record,
        again_s,
        match_whole,
        match_names,
        import_s,
        audited_s,
        len(rows),
        os.getloadavg()[0],
    )
