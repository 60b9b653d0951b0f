"""docker-compose.yml and the Dockerfile without a Docker engine: the app container's own command
run here against the real Neo4j of `make test`, and the names and versions both files rely on."""

import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
NO_NEO4J = "NEO4J_URI is not set: no Neo4j server here (make test starts one with java and mvn)"


def _app_environment() -> dict[str, str]:
    """The `environment:` block of the compose file's app service, as name -> value text."""
    block = COMPOSE.split("\n  app:\n", 1)[1].split("\n    environment:\n", 1)[1]
    env = {}
    for line in block.splitlines():
        if line.strip().startswith("#"):
            continue
        m = re.fullmatch(r" {6}([A-Z0-9_]+): ?(.*)", line)
        if m is None:
            break
        env[m[1]] = m[2]
    return env


def test_every_variable_the_compose_file_sets_is_read_by_the_app() -> None:
    env = _app_environment()
    assert {"NEO4J_URI", "NEO4J_PASSWORD", "DUTYGRAPH_READS"} <= set(env)
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for room in ("api", "graph")
        for p in (ROOT / room).rglob("*.py")
    )
    unread = [name for name in env if f'"{name}"' not in source]
    assert unread == []


def test_compose_runs_the_neo4j_line_the_launcher_runs() -> None:
    (tag,) = re.findall(r"image: neo4j:(\d+\.\d+)-community", COMPOSE)
    pom = (ROOT / "tools" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    (version,) = re.findall(r"<neo4j.version>([\d.]+)</neo4j.version>", pom)
    assert version.startswith(tag + ".")


def test_every_file_the_dockerfile_copies_is_in_the_repository() -> None:
    copied = [
        src
        for line in DOCKERFILE.splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for src in line.split()[1:-1]
    ]
    assert "pyproject.toml" in copied and "graph" in copied
    assert [s for s in copied if not (ROOT / s).exists()] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_the_app_containers_command_loads_neo4j_and_serves_it(tmp_path: Path) -> None:
    """The image's CMD as written, on loopback: samples into Neo4j, then `serve` over Neo4j."""
    (cmd,) = re.findall(r'^CMD \["sh", "-c", "(.*)"\]$', DOCKERFILE, re.M)
    port = _free_port()
    cmd = cmd.replace("--host 0.0.0.0 --port 8000", f"--host 127.0.0.1 --port {port}")
    assert f"--port {port}" in cmd
    env = {
        **os.environ,
        # What the compose file gives the container, with the test server's Neo4j.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DUTYGRAPH_STORE": str(tmp_path / "unused.sqlite"),
        "DUTYGRAPH_READS": "open",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        ["sh", "-c", cmd],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=2).json().get("nodes"):
                    break
            except (httpx.TransportError, ValueError):
                time.sleep(0.3)
        else:
            pytest.fail(f"the container command did not serve /healthz: {shlex.quote(cmd)}")
        q = '{ rollup(indicator: "知识产权专利开放许可", period: "2024-2026") { items { computed } } }'
        answer = httpx.post(base + "/graphql", json={"query": q}, timeout=30).json()
        assert answer["data"]["rollup"]["items"] == [{"computed": 165.0}]
        assert not (tmp_path / "unused.sqlite").exists()  # served from Neo4j, not the file
        # serve compiles a unit's page and gaps plans once it is up (a hang guard, not a timing)
        deadline = time.monotonic() + 300
        while not any("查询计划已预热" in x for x in lines) and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        out = "".join(lines)
        from dutygraph.graph.backends import Neo4jStore

        with Neo4jStore() as n:
            n.clear()
    assert "5 notices loaded" in out
    assert "Neo4j 查询计划已预热（首页，中小企业主管部门 的页面与缺口）" in out, out[-2000:]
