"""The compute worker: gap analysis in a process forked from the graph, same answers, clean failures."""

import datetime as dt
import os
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from dutygraph.api import computing
from dutygraph.api.computing import gaps_window
from dutygraph.api.errors import ApiError
from dutygraph.graph.gaps import GapQueryError, find_gaps, to_json
from dutygraph.schema import ParseResult
from tests.api.conftest import AUTH, Api, data, loaded

AS_OF = dt.date(2024, 12, 10)


@pytest.fixture
def graph(
    tmp_path: Path,
    api_results: list[ParseResult],
) -> Iterator[nx.MultiDiGraph]:
    with loaded(tmp_path / "g.sqlite", api_results) as db:
        yield db.snapshot()
    computing.shutdown()


def _pid(g: object) -> int:
    return os.getpid()


def _crash(g: object) -> None:
    os._exit(3)


def _sleep(g: object, seconds: float) -> None:
    time.sleep(seconds)


def _fds(g: object) -> list[int]:
    return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))


def _reaped(pid: int) -> bool:
    """The process is gone: not running, and not left behind as a zombie either."""
    return not os.path.exists(f"/proc/{pid}")


def test_the_worker_gives_the_findings_json_find_gaps_gives(graph: nx.MultiDiGraph) -> None:
    here = find_gaps(graph, AS_OF)
    there = computing.compute(graph, gaps_window, AS_OF, None, None, None, 0, len(here), seconds=60)
    assert there.total == len(here) > 50
    assert to_json(there.items) == to_json(here)
    page = computing.compute(graph, gaps_window, AS_OF, None, None, None, 5, 3, seconds=60)
    assert page.total == len(here) and to_json(page.items) == to_json(here[5:8])
    # the counts cover every finding, the names only the page's notices
    assert page.counts == Counter((f.kind, f.severity) for f in here)
    assert page.counts[("progress", "warning")] > 0
    assert set(page.names) == {f.notice for f in here[5:8] if f.notice}


def test_one_worker_per_graph_version_kept_between_calls(graph: nx.MultiDiGraph) -> None:
    first = computing.compute(graph, _pid, seconds=10)
    assert first != os.getpid()
    assert computing.compute(graph, _pid, seconds=10) == first
    newer = graph.copy()  # what a write does: a new graph object
    second = computing.compute(newer, _pid, seconds=10)
    assert second != first
    assert _reaped(first)


def test_a_typed_error_in_the_worker_keeps_its_type_and_message(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(GapQueryError, match="税郭"):
        computing.compute(graph, gaps_window, AS_OF, None, "税郭镇X", None, 0, 5, seconds=60)


def test_a_crash_is_compute_failed_and_the_next_call_works(graph: nx.MultiDiGraph) -> None:
    pid = computing.compute(graph, _pid, seconds=10)
    with pytest.raises(ApiError) as err:
        computing.compute(graph, _crash, seconds=10)
    assert err.value.code == "COMPUTE_FAILED"
    assert _reaped(pid)
    assert computing.compute(graph, _pid, seconds=10) not in (pid, os.getpid())


def test_a_call_past_its_time_is_stopped(graph: nx.MultiDiGraph) -> None:
    pid = computing.compute(graph, _pid, seconds=10)
    with pytest.raises(ApiError) as err:
        computing.compute(graph, _sleep, 30.0, seconds=0.5)
    assert err.value.code == "COMPUTE_TIMEOUT"
    assert _reaped(pid)


def test_graphql_gaps_pages_the_worker_findings_then_the_loop(api: Api) -> None:
    query = """query($o: Int!, $l: Int!) { gaps(asOf: "2024-12-10", offset: $o, limit: $l)
        { totalCount items { kind explanationZh } } }"""
    whole = data(api.gql(query, {"o": 0, "l": 100}, headers=AUTH))["gaps"]
    total = whole["totalCount"]
    pages = []
    for offset in range(0, min(total, 100), 7):
        got = data(api.gql(query, {"o": offset, "l": 7}, headers=AUTH))["gaps"]
        assert got["totalCount"] == total
        pages += got["items"]
    assert pages[:100] == whole["items"]
    computing.shutdown()


def test_the_worker_holds_none_of_the_servers_sockets(graph: nx.MultiDiGraph) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        fds = computing.compute(graph, _fds, seconds=10)
        assert server.fileno() not in fds
        assert len([fd for fd in fds if fd > 2]) <= 2  # the pipe, and listdir's own
