"""Point questions on the province: CLI end to end and server start-up, slices vs whole graph.

Same run, same store (the headline province + the five samples, bench.serve_bench): each CLI
command in its own process, through the SQLite slices (now) and with DUTYGRAPH_WHOLE_GRAPH=1
(the whole networkx graph, as before); wall time, CPU time and peak RSS of that process
(os.wait4), and both answers must be the same JSON. Then `dutygraph serve` both ways: wall and
CPU seconds until /healthz answers, and its RSS once the whole graph is built and idle. Also
the peak RSS of opening the province (Store). CPU seconds are the figure to read on a shared
machine: wall time there mostly measures the other processes.

    python -m bench.point_bench [STORE]   # STORE: a province store to reuse (built if missing)
"""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.serve_bench import TASK, build_store, free_port
from bench.synthetic import PROVINCE

ROOT = Path(__file__).resolve().parents[1]
WHOLE = {"DUTYGRAPH_WHOLE_GRAPH": "1"}
COMMANDS = (
    ("owners", TASK),
    ("duties", "税郭镇"),
    ("rollup", "指标07", "--region", f"{PROVINCE}第01市第001县", "--period", "2026"),
    ("rollup", "指标07"),
)
GOAL_CLI_S = 1.0
GOAL_CLI_MB = 600.0
GOAL_READY_S = 2.0
GOAL_RSS_MB = 600.0
OPEN = (
    "import resource, sys; from dutygraph.graph.store import Store, paused_gc\n"
    "with paused_gc(): s = Store(sys.argv[1])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


@dataclass(frozen=True)
class Run:
    """One process: wall and CPU seconds, peak RSS (MB)."""

    wall_s: float
    cpu_s: float
    peak_mb: float


@dataclass(frozen=True)
class PointBench:
    cli: list[tuple[str, Run, Run, bool]]
    """(command, whole graph, slices, same JSON)."""
    ready: tuple[Run, Run]
    """`serve` until /healthz answers: whole graph, slices (peak_mb: RSS once built, idle)."""
    open_mb: float
    nodes: int


def _run(args: list[str], env: dict[str, str]) -> tuple[Run, bytes]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, **env}
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, (args, proc.returncode)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), out


def cli(path: Path) -> list[tuple[str, Run, Run, bool]]:
    out = []
    for command in COMMANDS:
        args = [sys.executable, "-m", "dutygraph.api.cli", *command, "--store", str(path)]
        whole, before = _run([*args, "--json"], WHOLE)
        sliced, after = _run([*args, "--json"], {})
        out.append(
            (
                " ".join(command[:2]) + (" (county)" if len(command) > 2 else ""),
                whole,
                sliced,
                before == after,
            )
        )
    return out


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def ready(path: Path, env: dict[str, str]) -> Run:
    """`serve` until /healthz answers (wall, CPU), and its RSS once the graph is built, idle."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    args = ["-m", "dutygraph.api.cli", "serve", "--store", str(path), "--port", str(port)]
    proc = subprocess.Popen(
        [sys.executable, *args, "--reads", "open"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        start = time.perf_counter()
        while True:
            assert proc.poll() is None, "server exited"
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        wall, cpu = time.perf_counter() - start, _cpu(proc.pid)
        while "graph" in httpx.get(url, timeout=30).json():  # still building
            time.sleep(0.2)
        time.sleep(1)
        return Run(wall, cpu, _rss(proc.pid))
    finally:
        proc.terminate()
        proc.wait(30)


def measure(path: Path | None = None) -> PointBench:
    with tempfile.TemporaryDirectory() as tmp:
        if path is None or not path.exists():
            path = path or Path(tmp) / "province.sqlite"
            build_store(path)
        peak, out = _run([sys.executable, "-c", OPEN, str(path)], {})
        commands = cli(path)
        started = (ready(path, WHOLE), ready(path, {}))
        import sqlite3

        with sqlite3.connect(path) as conn:
            nodes = int(conn.execute("SELECT count(DISTINCT id) FROM nodes").fetchone()[0])
        return PointBench(commands, started, int(out) / 1024, nodes)


def passed(r: PointBench) -> bool:
    cli_ok = all(
        same and s.cpu_s < GOAL_CLI_S and s.peak_mb < GOAL_CLI_MB for _, _, s, same in r.cli
    )
    return cli_ok and r.ready[1].cpu_s < GOAL_READY_S and r.ready[1].peak_mb < GOAL_RSS_MB


if __name__ == "__main__":
    load = os.getloadavg()
    r = measure(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"load average (1 min) before / after the run: {load[0]:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"open the province ({r.nodes:,} nodes): peak RSS {r.open_mb:.0f} MB")
    for command, whole, sliced, same in r.cli:
        print(
            f"dutygraph {command}: whole graph {whole.wall_s:.2f} s wall, {whole.cpu_s:.2f} s CPU,"
            f" {whole.peak_mb:.0f} MB -> slices {sliced.wall_s:.2f} s wall, {sliced.cpu_s:.2f} s"
            f" CPU, {sliced.peak_mb:.0f} MB; same JSON: {same}"
        )
    for what, run in zip(("whole graph", "warming"), r.ready, strict=True):
        print(
            f"serve ({what}): /healthz after {run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU;"
            f" idle RSS once built {run.peak_mb:.0f} MB"
        )
    print("PASS" if passed(r) else "FAIL")
