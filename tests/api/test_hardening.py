"""The hardened server (issue 17, items 3, 5, 7, 9): reads off the loop, DNS rebinding,
no uncoded 500s, security headers on every response."""

import asyncio
import re
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLError

from dutygraph.api.app import create_app
from dutygraph.api.auth import is_loopback
from dutygraph.api.cli.serve import allowed_hosts
from dutygraph.api.errors import classify
from dutygraph.api.graphql import BodyLimit
from dutygraph.api.middleware import host_of
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from tests.api.conftest import AUTH, TOKEN, Api

Q = "{ notices { totalCount } }"
SLOW_NOTICE = "一、任务\n1." + "领导小组" * 50_000  # ~600 KB the reader needs ~1 s for


# --- item 5: DNS rebinding -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/graphql", "/healthz", "/"])
def test_a_foreign_host_header_is_refused(api: Api, path: str) -> None:
    r = api.client.get(path, headers={"host": "attacker.example.com"})
    assert r.status_code == 400
    body = r.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "attacker.example.com" in body["errors"][0]["message"]


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_local_host_names_are_answered(api: Api, host: str) -> None:
    r = api.client.post("/graphql", json={"query": Q}, headers={"host": host})
    assert r.status_code == 200 and r.json()["data"]["notices"]["totalCount"] == 13


def test_host_of_parses_ports_and_ipv6() -> None:
    assert host_of("[::1]:8000") == "::1"
    assert host_of("::1") == "::1"
    assert host_of("Example.ORG:443") == "example.org"
    assert host_of("localhost.") == "localhost"


def test_serve_allows_its_own_host_and_extra_names() -> None:
    assert allowed_hosts("127.0.0.1", []) == ("localhost", "127.0.0.1", "::1")
    assert allowed_hosts("0.0.0.0", ["duty.example.gov.cn"]) == (
        "localhost",
        "127.0.0.1",
        "::1",
        "duty.example.gov.cn",
    )
    assert allowed_hosts("10.1.2.3", []) == ("localhost", "127.0.0.1", "::1", "10.1.2.3")


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("::1a:2b", False),  # starts with "::1", is not loopback
        ("127.evil.example", False),
        ("localhost", False),  # a name, not an address
        ("192.0.2.7", False),
        ("", False),
    ],
)
def test_loopback_is_an_address_check(address: str, local: bool) -> None:
    assert is_loopback(address) is local


def test_reads_local_refuses_a_lookalike_address(make_api: Callable[..., Api]) -> None:
    local = Settings(token=TOKEN, reads="local")
    fake = make_api(local, client=("::1a:2b", 5000))
    assert fake.client.post("/graphql", json={"query": Q}).status_code == 401
    real = make_api(local, client=("::1", 5000))
    assert real.gql(Q)["data"]["notices"]["totalCount"] == 13


def test_healthz_is_behind_the_read_gate_and_names_no_path(make_api: Callable[..., Api]) -> None:
    remote = make_api(Settings(token=TOKEN, reads="local"), client=("192.0.2.7", 5000))
    r = remote.client.get("/healthz")
    assert r.status_code == 401
    ok = remote.client.get("/healthz", headers=AUTH)
    assert ok.status_code == 200
    assert set(ok.json()) == {"status", "nodes", "edges"}
    assert remote.backend.where not in ok.text and ".sqlite" not in ok.text


# --- item 7: no uncoded 500 from /graphql -----------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
BAD_BODIES = {
    "invalid UTF-8": b'{"query": "{ notices { totalCount } }\xff"}',
    "JSON null": b"null",
    "JSON 42": b"42",
    "nested 100,000 deep": DEEP,
    "nested object variables": b'{"query": "{ notices { totalCount } }", "variables": '
    + b'{"a": ' * 100_000
    + b"1"
    + b"}" * 100_001,
    "lone surrogate in a variable": b'{"query": "query($t: String!) { whoOwns(text: $t)'
    b' { totalCount } }", "variables": {"t": "\\ud800"}}',
}


@pytest.mark.parametrize("case", BAD_BODIES)
def test_malformed_bodies_are_coded_bad_request(api: Api, case: str) -> None:
    r = api.client.post(
        "/graphql", content=BAD_BODIES[case], headers={"content-type": "application/json"}
    )
    assert r.status_code == 400, r.text
    error = r.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] and "\n" not in error["message"]


def test_internal_key_errors_are_not_not_found() -> None:
    code, message = classify(GraphQLError("kind", original_error=KeyError("kind")))
    assert (code, message) == (
        "INTERNAL_SERVER_ERROR",
        "internal error; the server log has the details",
    )
    code, _ = classify(GraphQLError("x", original_error=IndexError("list index out of range")))
    assert code == "INTERNAL_SERVER_ERROR"
    code, message = classify(GraphQLError("x", original_error=LookupError("no notice 'x'")))
    assert (code, message) == ("NOT_FOUND", "no notice 'x'")


# --- item 9: security headers ----------------------------------------------------------------


def _requests(api: Api) -> dict[str, httpx.Response]:
    c = api.client
    return {
        "POST /graphql": c.post("/graphql", json={"query": Q}),
        "GET /healthz": c.get("/healthz"),
        "GET /": c.get("/"),
        "GET /static/pages.css": c.get("/static/pages.css"),
        "GET /no-such-page": c.get("/no-such-page"),
        "bad body": c.post("/graphql", content=b"42", headers={"content-type": "application/json"}),
        "foreign host": c.get("/", headers={"host": "attacker.example.com"}),
    }


def test_security_headers_on_every_response(api: Api) -> None:
    for name, r in _requests(api).items():
        h = r.headers
        assert h["x-content-type-options"] == "nosniff", name
        assert h["x-frame-options"] == "DENY", name
        assert h["referrer-policy"] == "no-referrer", name
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, name
        assert "http" not in csp and "unpkg" not in csp, f"{name}: external host in {csp}"


def test_the_graphiql_page_loads_nothing_from_outside(api: Api) -> None:
    page = api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    csp = page.headers["content-security-policy"]
    assert "https://" not in csp and "frame-ancestors 'none'" in csp
    # the page's scripts and styles are the server's own (static/vendor), none from a CDN
    assert re.findall(r'(?:src|href)="(https?://[^/"]+)/', page.text) == []
    assert "/static/vendor/graphiql.min.js" in page.text


# --- item 3: importNotice reads off the event loop, with a time limit -------------------------

IMPORT = 'mutation($t: String!) { importNotice(text: $t, filename: "slow.txt") { noticeId } }'


async def _health_while_importing(app: Any) -> tuple[float, float]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        start = time.perf_counter()
        body = {"query": IMPORT, "variables": {"t": SLOW_NOTICE}}
        importing = asyncio.create_task(client.post("/graphql", json=body, headers=AUTH))
        slowest = 0.0
        while not importing.done():  # health checks all through the import
            t = time.perf_counter()
            health = await client.get("/healthz")
            slowest = max(slowest, time.perf_counter() - t)
            assert health.status_code == 200
            await asyncio.sleep(0.01)
        r = await importing
        assert "errors" not in r.json(), r.json()
        return slowest, time.perf_counter() - start


def test_healthz_answers_while_a_slow_import_is_read(tmp_path: Path) -> None:
    # An empty store: loading what the slow notice yields (one task) takes milliseconds, so the
    # import's time is the reading, which must not hold up /healthz. (A load itself holds the
    # store's lock, which /healthz waits for in its thread, not on the event loop.)
    settings = Settings(token=TOKEN, reads="local", max_body_bytes=4_000_000)
    with Embedded(Store(tmp_path / "empty.sqlite")) as db:
        app = create_app(db, settings)
        health_seconds, import_seconds = asyncio.run(_health_while_importing(app))
    assert health_seconds < import_seconds / 4, (health_seconds, import_seconds)


def test_a_read_over_the_time_limit_is_refused_and_loads_nothing(
    make_api: Callable[..., Api],
) -> None:
    settings = Settings(token=TOKEN, reads="open", max_body_bytes=4_000_000, read_seconds=0.05)
    api = make_api(settings)
    before = api.backend.counts()
    body = api.gql(IMPORT, {"t": SLOW_NOTICE}, headers=AUTH)
    assert api.codes(body) == ["READ_TIMEOUT"]
    assert "slow.txt" in body["errors"][0]["message"]
    assert api.backend.counts() == before


def test_a_body_trickling_in_past_the_deadline_gets_408() -> None:
    sent: list[MutableMapping[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not see a late body")

    async def receive() -> dict[str, Any]:
        if not sent and not getattr(receive, "started", False):
            receive.started = True  # type: ignore[attr-defined]
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.sleep(3600)  # a slow client: the rest never comes
        raise AssertionError("unreachable")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    limit = BodyLimit(app, max_bytes=1000, seconds=0.1)
    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": []}
    asyncio.run(limit(scope, receive, send))
    assert sent[0]["status"] == 408
    assert b"REQUEST_TIMEOUT" in sent[1]["body"]
