"""A real `dutygraph serve` under load on 127.0.0.1, beside a bare Starlette endpoint.

The store holds the headline province (bench.synthetic, 5 headlines per county) plus the five
sample notices. `dutygraph serve` runs in its own process; so does a bare Starlette app on the
same uvicorn that returns, for every POST, the very JSON bytes the server answered to whoOwns:
the floor of HTTP + uvicorn + Starlette on this machine. wrk (apt: wrk) drives both with 1, 8
and 32 connections for a few seconds each (an httpx client when wrk is missing); then a mixed
run: 8 connections asking whoOwns while one client asks for the province's gaps in a loop
(GraphQL `gaps`, or with `--mixed page` the /gaps web page). Loopback only; every loop is
bounded by its duration. `--in-process` calls the same apps without sockets: the CPU one
request takes in our app against the bare one, which a machine shared with other jobs moves
much less than the throughput under wrk.
"""

import asyncio
import datetime as dt
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TASK = "t:na3a8e7f37d:三.(三).1"
WHO_OWNS = {
    "query": "query($id: String!) { whoOwns(taskId: $id) { items { itemId "
    "owners { unit role groups leaders } } } }",
    "variables": {"id": TASK},
}
ROLLUP = {
    "query": "query($t: String!, $r: String!, $p: String!) { rollup(indicator: $t, region: $r,"
    " period: $p) { items { table period computed stated children { unit value } } } }",
    "variables": {"t": "指标07", "r": f"{PROVINCE}第01市第001县", "p": "2026"},
}
GAPS = '{ gaps(asOf: "%s") { totalCount items { kind explanationZh } } }'
GAPS_DAY = dt.date(2024, 12, 10)
CLIENTS = (1, 8, 32)
GOAL_P99_MS = 50.0
GOAL_MIXED_P99_MS = 100.0
GOAL_FLOOR_RATIO = 4.0
GOAL_READY_S = 2.0

WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%s]==]
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,"errors":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


@dataclass(frozen=True)
class Load:
    """One load run: clients, requests per second, latency percentiles, failed requests."""

    what: str
    clients: int
    per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class ServeBench:
    """The figures of one run."""

    ready_s: float
    server_rss_mb: float
    tool: str
    runs: list[Load]
    mixed_readers: Load
    mixed_gaps_s: list[float]
    cli: list[tuple[str, float, float]]
    """CLI commands on the same store: (command, wall seconds, peak RSS MB)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build_store(path: Path) -> None:
    """The headline province plus the five samples, written to `path`."""
    with Store(path) as store:
        store.load_facts(synthetic_facts(Shape(headlines=5)))
        store.load([read_notice(p) for p in NOTICES])


def _wait_ready(url: str, proc: subprocess.Popen[bytes], limit_s: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {limit_s} s")


def _wait_graph(port: int) -> None:
    """Ready means answering (point questions from the file); the load runs are of the whole
    graph, so wait until its background build is done."""
    while "graph" in httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).json():
        time.sleep(0.2)


def _rss_mb(pid: int) -> float:
    """Peak resident set size of a process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _wrk(url: str, body: dict[str, Any], clients: int, seconds: float, what: str) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % json.dumps(body, ensure_ascii=False))
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, clients)}",
                f"-c{clients}",
                f"-d{seconds:g}s",
                "--timeout",
                "10s",
                "-s",
                f.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    r = json.loads(out.split("RESULT ", 1)[1].strip())
    return Load(
        what,
        clients,
        r["requests"] / (r["duration_us"] / 1e6),
        r["p50_us"] / 1000,
        r["p99_us"] / 1000,
        r["errors"],
    )


def _httpx(url: str, body: dict[str, Any], clients: int, seconds: float, what: str) -> Load:
    """The same measurement with threads of httpx clients (when wrk is not installed)."""
    samples: list[float] = []
    errors = [0]
    end = time.perf_counter() + seconds

    def client() -> None:
        with httpx.Client(timeout=10) as c:
            while time.perf_counter() < end:
                start = time.perf_counter()
                try:
                    ok = c.post(url, json=body).status_code == 200
                except httpx.HTTPError:
                    ok = False
                samples.append(time.perf_counter() - start)
                errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return Load(what, clients, len(ms) / seconds, statistics.median(ms), p99, errors[0])


def load(url: str, body: dict[str, Any], clients: int, seconds: float, what: str) -> Load:
    """`clients` connections posting `body` to `url` for `seconds`."""
    if shutil.which("wrk"):
        return _wrk(url, body, clients, seconds, what)
    return _httpx(url, body, clients, seconds, what)


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )


CLI_COMMANDS = (
    ("owners", TASK),
    ("duties", "税郭镇"),
    ("rollup", "指标07", "--region", f"{PROVINCE}第01市第001县", "--period", "2026"),
    ("gaps", "--as-of", "2024-12-10", "--notice", "syn000", "--format", "json"),
)


def cli_runs(path: Path) -> list[tuple[str, float, float]]:
    """Each CLI command end to end in its own process: wall time and the child's peak RSS."""
    out = []
    for command in CLI_COMMANDS:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dutygraph.api.cli", *command, "--store", str(path)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        wall = time.perf_counter() - start
        # ru_maxrss of children is the largest of any child so far (KiB): exact while each
        # command is the biggest yet, a lower bound otherwise.
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        out.append((" ".join(command[:2]), wall, peak))
    return out


def _ask_gaps(c: httpx.Client, url: str, page: bool, day: dt.date) -> httpx.Response:
    """The province's gaps at `day`: GraphQL `gaps`, or the /gaps web page (its first page)."""
    if page:
        return c.get(url.removesuffix("/graphql") + "/gaps", params={"as_of": day.isoformat()})
    return c.post(url, json={"query": GAPS % day.isoformat()})


def mixed_run(url: str, seconds: float, page: bool = False) -> tuple[Load, list[float]]:
    """8 clients asking whoOwns for 2 × `seconds` while one client asks for the province's
    gaps in a loop, a new date each call (after one first call that builds the indexes); `page`: through the
    /gaps web page instead of GraphQL."""
    gaps_s: list[float] = []
    with httpx.Client(timeout=120) as c:
        first = _ask_gaps(c, url, page, GAPS_DAY)
    assert first.status_code == 200 and b"errors" not in first.content, first.content[:300]
    done = threading.Event()

    def ask_gaps() -> None:
        with httpx.Client(timeout=120) as c:
            while not done.is_set():
                # A new date each call: a date's findings are kept with the graph, so asking
                # the same date again would measure a look-up, not an analysis.
                day = GAPS_DAY + dt.timedelta(days=len(gaps_s) + 1)
                start = time.perf_counter()
                _ask_gaps(c, url, page, day).raise_for_status()
                gaps_s.append(time.perf_counter() - start)

    asker = threading.Thread(target=ask_gaps)
    asker.start()
    try:
        mixed = load(url, WHO_OWNS, 8, 2 * seconds, "whoOwns while gaps run")
    finally:
        done.set()
        asker.join(180)
    return mixed, gaps_s


def measure_mixed(seconds: float = 5.0, page: bool = False) -> tuple[Load, Load, list[float]]:
    """The mixed run alone (bench piece): whoOwns at 8 clients alone, then while gaps run
    (`page`: the /gaps web page in the loop)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.sqlite"
        build_store(path)
        port = free_port()
        url = f"http://127.0.0.1:{port}/graphql"
        server = _spawn(
            ["-m", "dutygraph.api.cli", "serve", "--store", str(path), "--port", str(port)]
            + ["--reads", "open"]
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/healthz", server, 600)  # a loaded machine
            _wait_graph(port)
            alone = load(url, WHO_OWNS, 8, seconds, "whoOwns")
            mixed, gaps_s = mixed_run(url, seconds, page)
            return alone, mixed, gaps_s
        finally:
            server.terminate()
            server.wait(30)


def measure(seconds: float = 5.0) -> ServeBench:
    """Build the store, start both servers, drive them, stop them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.sqlite"
        build_store(path)
        cli = cli_runs(path)
        port, bare_port = free_port(), free_port()
        url = f"http://127.0.0.1:{port}/graphql"
        server = _spawn(
            ["-m", "dutygraph.api.cli", "serve", "--store", str(path), "--port", str(port)]
            + ["--reads", "open"]
        )
        bare = None
        try:
            ready_s = _wait_ready(f"http://127.0.0.1:{port}/healthz", server)
            _wait_graph(port)
            answer = httpx.post(url, json=WHO_OWNS, timeout=30).content
            assert b'"owners"' in answer and b"errors" not in answer, answer[:300]
            assert b"errors" not in httpx.post(url, json=ROLLUP, timeout=60).content
            body_file = Path(tmp) / "answer.json"
            body_file.write_bytes(answer)
            bare = _spawn(["-m", "bench.bare_app", str(body_file), str(bare_port)])
            bare_url = f"http://127.0.0.1:{bare_port}/graphql"
            _wait_ready(bare_url, bare)
            runs = []
            for clients in CLIENTS:
                runs.append(load(url, WHO_OWNS, clients, seconds, "whoOwns"))
                runs.append(load(bare_url, WHO_OWNS, clients, seconds, "bare Starlette"))
                runs.append(load(url, ROLLUP, clients, seconds, "rollup (one county)"))
            mixed, gaps_s = mixed_run(url, seconds)
            return ServeBench(
                ready_s,
                _rss_mb(server.pid),
                "wrk" if shutil.which("wrk") else "httpx",
                runs,
                mixed,
                gaps_s,
                cli,
            )
        finally:
            for proc in (server, bare):
                if proc is not None:
                    proc.terminate()
                    proc.wait(30)


def _asgi_post(app: Any, body: bytes) -> Callable[[], Awaitable[bytes]]:
    """One POST /graphql of `body` to an ASGI app, as uvicorn would make it (no socket)."""
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]

    async def post() -> bytes:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "query_string": b"",
            "headers": list(headers),
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent: list[dict[str, Any]] = []
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.sleep(3600)  # a disconnect never comes: the app must not ask
            raise AssertionError("the app read past the request")

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        assert sent[0]["status"] == 200, sent
        return b"".join(m.get("body", b"") for m in sent[1:])

    return post


def in_process(requests: int = 1000, rounds: int = 7) -> dict[str, float]:
    """CPU µs per request of the ASGI apps called in this process (no socket, no uvicorn): the
    app `dutygraph serve --reads open` builds over the province, for whoOwns and rollup, and
    the bare app answering whoOwns' bytes. Interleaved rounds, the least of each (the CPU a
    request needs, less what other processes on the machine took from it)."""
    from bench.bare_app import bare_app
    from dutygraph.api.app import create_app
    from dutygraph.api.cli.serve import _serving, allowed_hosts
    from dutygraph.api.settings import Settings
    from dutygraph.api.warming import Warming

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.sqlite"
        build_store(path)
        db = _serving(path)
        assert isinstance(db, Warming)
        settings = Settings(reads="open", allowed_hosts=allowed_hosts("127.0.0.1", []))
        with db:
            app = create_app(db, settings)
            db.start()
            db.wait()

            def encoded(body: dict[str, Any]) -> bytes:
                return json.dumps(body, ensure_ascii=False).encode("utf-8")

            async def run() -> dict[str, float]:
                who = _asgi_post(app, encoded(WHO_OWNS))
                answer = await who()
                assert b'"owners"' in answer and b"errors" not in answer, answer[:300]
                posts = {
                    "whoOwns": who,
                    "rollup (one county)": _asgi_post(app, encoded(ROLLUP)),
                    "bare Starlette": _asgi_post(bare_app(answer), encoded(WHO_OWNS)),
                }
                best = dict.fromkeys(posts, float("inf"))
                for _ in range(rounds):
                    for what, post in posts.items():
                        start = time.process_time()
                        for _ in range(requests):
                            await post()
                        cpu = (time.process_time() - start) / requests * 1e6
                        best[what] = min(best[what], cpu)
                return best

            return asyncio.run(run())


if __name__ == "__main__" and sys.argv[1:2] == ["--mixed"]:
    # python -m bench.serve_bench --mixed [page] [seconds]
    page = sys.argv[2:3] == ["page"]
    rest = sys.argv[3:] if page else sys.argv[2:]
    alone, mixed, gaps = measure_mixed(float(rest[0]) if rest else 5.0, page)
    print(alone)
    print(mixed)
    print(f"{'/gaps page' if page else 'GraphQL gaps'} calls during the mixed run:", end=" ")
    print([round(s, 2) for s in gaps])
elif __name__ == "__main__" and sys.argv[1:2] == ["--in-process"]:
    cpu = in_process(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    for what, us in cpu.items():
        print(f"{what}: {us:.0f} µs CPU per request in process")
    print(f"whoOwns / bare: {cpu['whoOwns'] / cpu['bare Starlette']:.1f}×")
elif __name__ == "__main__":
    r = measure(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
    print(f"ready {r.ready_s:.2f} s, server peak RSS {r.server_rss_mb:.0f} MB, tool {r.tool}")
    for run in [*r.runs, r.mixed_readers]:
        print(run)
    print("gaps calls during the mixed run:", [round(s, 2) for s in r.mixed_gaps_s])
    for command, wall, rss in r.cli:
        print(f"dutygraph {command}: {wall:.2f} s, peak RSS {rss:.0f} MB")
