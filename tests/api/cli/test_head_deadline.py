"""A request head that does not arrive in time closes the connection (408) on a real uvicorn,
while requests whose heads arrive, even in pieces, are answered."""

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from dutygraph.api.app import create_app
from dutygraph.api.cli.head_deadline import head_deadline
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store

DEADLINE_S = 0.5
WAIT_S = 20.0
"""How long a test waits for an answer before it fails (not a timing assertion)."""


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real uvicorn, as `dutygraph serve` runs it, with a half-second head deadline."""
    store = Store(tmp_path_factory.mktemp("heads") / "g.sqlite")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = int(s.getsockname()[1])
    config = uvicorn.Config(
        create_app(Embedded(store), Settings()),
        host="127.0.0.1",
        port=free,
        log_level="warning",
        http=head_deadline(DEADLINE_S),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_S
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        yield free
    finally:
        server.should_exit = True
        thread.join(WAIT_S)
        store.close()


def _until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    sock.settimeout(WAIT_S)
    got = b""
    while chunk := sock.recv(4096):
        got += chunk
    return got


def test_half_a_request_line_is_closed_with_408(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /heal")
        answer = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert answer.endswith(b"\r\n\r\nrequest head too slow")


def test_headers_that_never_end_are_closed_with_408(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sock.sendall(b"X-Slow: a\r\n")
        assert _until_closed(sock).startswith(b"HTTP/1.1 408 ")


def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        assert _until_closed(sock).startswith(b"HTTP/1.1 408 ")


def test_requests_are_answered_and_a_head_in_pieces_in_time_too(port: int) -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(3):  # a kept-alive connection: each head gets its own deadline
            r = client.get("/healthz")
            assert r.status_code == 200 and r.json() == {"status": "ok", "nodes": 0, "edges": 0}
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /healthz HT")
        sock.sendall(b"TP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and b'"status":"ok"' in answer
