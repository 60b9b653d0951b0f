"""`dutygraph serve` for real: uvicorn on a loopback port, queried over HTTP, then stopped."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from dutygraph.api.cli import app

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
COUNTY = (ROOT / "tests" / "loaders" / "notice" / "county_notice.txt").read_text(encoding="utf-8")
TOKEN = "serve-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dutygraph() -> list[str]:
    script = Path(sys.executable).with_name("dutygraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dutygraph.api.cli.main"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a server over a store loaded with the samples; its start-up text is
    checked when it stops."""
    store = tmp_path_factory.mktemp("serve") / "g.sqlite"
    subprocess.run(
        [*_dutygraph(), "load", "--store", str(store), *map(str, NOTICES)],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    env = {**os.environ, "DUTYGRAPH_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen(
        [*_dutygraph(), "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("dutygraph serve did not answer /healthz within 30 s")
        yield base
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert "mutations: need the header Authorization: Bearer" in out
    assert f"http://127.0.0.1:{port}/graphql" in out and "curl -s" in out


def test_serve_answers_queries_and_guards_mutations(server: str) -> None:
    base = server
    q = '{ rollup(indicator: "知识产权专利开放许可", period: "2024-2026") { items { computed } } }'
    r = httpx.post(base + "/graphql", json={"query": q}, timeout=10)
    assert r.json()["data"]["rollup"]["items"] == [{"computed": 165.0}]
    m = 'mutation { mergeUnits(variant: "齐村镇", canonical: "税郭镇") { id } }'
    r = httpx.post(base + "/graphql", json={"query": m}, timeout=10)
    assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_concurrent_reads_and_an_import_over_loopback(server: str) -> None:
    """Reads from 6 threads while a notice is imported: every answer is whole and consistent."""
    base = server
    read = '{ duties(unit: "税郭镇", limit: 1) { totalCount } tasks { totalCount } }'
    imp = """mutation($t: String!) { importNotice(text: $t, filename: "county.txt") { taskIds } }"""

    def reads(_: int) -> list[tuple[int, int]]:
        with httpx.Client(timeout=30) as c:
            out = []
            for _ in range(8):
                body = c.post(base + "/graphql", json={"query": read}).json()
                assert "errors" not in body, body
                out.append(
                    (body["data"]["duties"]["totalCount"], body["data"]["tasks"]["totalCount"])
                )
            return out

    with ThreadPoolExecutor(max_workers=7) as pool:
        futures = [pool.submit(reads, i) for i in range(6)]
        done = httpx.post(
            base + "/graphql",
            json={"query": imp, "variables": {"t": COUNTY}},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=30,
        ).json()
        seen = [x for f in futures for x in f.result()]
    assert len(done["data"]["importNotice"]["taskIds"]) == 4
    assert {d for d, _ in seen} == {26}
    assert {t for _, t in seen} <= {82, 86}  # before or after the import, never half of it


def test_serve_refuses_an_unreadable_token_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--store", str(tmp_path / "g.sqlite"), "--token-file", str(tmp_path / "nope")],
        env={"DUTYGRAPH_TOKEN": ""},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "cannot read the token file" in result.stderr


NODE_TOOLS = ROOT / "node_modules" / "graphql-http"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not NODE_TOOLS.is_dir(), reason="graphql-http is not installed (make node)")
def test_graphql_over_http_audits_pass(server: str) -> None:
    """The reference audits of the GraphQL-over-HTTP spec (npm graphql-http): none warns."""
    out = subprocess.run(
        ["node", str(ROOT / "tools" / "graphql_http_audit.mjs"), server + "/graphql"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads(out.stdout)
    bad = [
        f"{r['id']} {r['name']}: {r['reason']}" for r in report["results"] if r["status"] != "ok"
    ]
    assert bad == [] and out.returncode == 0, bad
    assert report["ok"] == len(report["results"]) >= 61


def test_graphql_response_media_type(server: str) -> None:
    """With application/graphql-response+json: its content type, 400 and no `data` on request
    errors; field results stay 200. Plain application/json keeps 200 and `data: null`."""
    modern = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
    q = '{ rollup(indicator: "知识产权专利开放许可", period: "2024-2026") { items { computed } } }'
    ok = httpx.post(server + "/graphql", json={"query": q}, headers=modern)
    assert ok.status_code == 200
    assert ok.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert ok.json() == {"data": {"rollup": {"items": [{"computed": 165.0}]}}}
    for query, variables, code in [
        ("{ notices { totalCount ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int!) { notices(limit: $n) { totalCount } }", {"n": "x"}, None),
    ]:
        r = httpx.post(
            server + "/graphql", json={"query": query, "variables": variables}, headers=modern
        )
        body = r.json()
        assert r.status_code == 400 and "data" not in body, (query, body)
        assert code is None or body["errors"][0]["extensions"]["code"] == code
        legacy = httpx.post(server + "/graphql", json={"query": query, "variables": variables})
        assert legacy.status_code == 200 and legacy.json()["data"] is None
        assert legacy.headers["content-type"].startswith("application/json")
    missing = httpx.post(server + "/graphql", json={"query": '{ unit(name: "没有的单位") { id } }'})
    assert missing.status_code == 200 and missing.json()["errors"][0]["path"] == ["unit"]
