"""Nested lists are batched: 50 tasks with their owners cost a fixed number of store calls.

The backend is wrapped in a proxy that forwards every call to the real store and counts it.
"""

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.queries import NodeFilter
from dutygraph.schema import ParseResult

from ..conftest import Api, data, loaded


class Counting:
    """Forwards every method call to `backend` and counts calls by method name."""

    def __init__(self, backend: GraphBackend) -> None:
        self.backend = backend
        self.calls: Counter[str] = Counter()

    @property
    def where(self) -> str:
        return self.backend.where

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.backend, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attr(*args, **kwargs)

        return counted


TASKS = """query($n: Int!) { tasks(limit: $n) { totalCount items { id
    owners { unit role groups leaders } } } }"""
UNITS = """query($n: Int!) { units(limit: $n) { items { id
    duties(limit: 100) { totalCount items { itemId } } } } }"""


def _run(make_api: Callable[..., Api], query: str, n: int) -> tuple[Counter[str], Any]:
    """Counted store calls and data of one request through a fresh app."""
    proxies: list[Counting] = []

    def wrap(backend: GraphBackend) -> GraphBackend:
        proxies.append(Counting(backend))
        return cast(GraphBackend, proxies[-1])

    api = make_api(wrap=wrap)
    got = data(api.gql(query, {"n": n}))
    return proxies[0].calls, got


def test_fifty_tasks_with_owners_cost_two_store_calls(make_api: Callable[..., Api]) -> None:
    calls, got = _run(make_api, TASKS, 50)
    items = got["tasks"]["items"]
    assert len(items) == 50 and sum(1 for t in items if t["owners"]) > 30
    assert calls == Counter({"list_nodes": 1, "owners_of": 1})
    few, _ = _run(make_api, TASKS, 5)
    assert few == calls  # the cost does not grow with the page


def test_fifty_units_with_duties_cost_two_store_calls(make_api: Callable[..., Api]) -> None:
    calls, got = _run(make_api, UNITS, 50)
    assert len(got["units"]["items"]) == 50
    assert calls == Counter({"list_nodes": 1, "duties_of": 1})


def test_the_proxy_counts_a_per_task_loop(tmp_path: Path, api_results: list[ParseResult]) -> None:
    """The proxy can see N+1: asking owners() once per task is 50 counted calls."""
    with loaded(tmp_path / "g.sqlite", api_results) as db:
        counting = Counting(db)
        proxy = cast(GraphBackend, counting)
        page = proxy.list_nodes(["Task"], NodeFilter(), 0, 50)
        for t in page.items:
            proxy.owners(t.id)
        assert counting.calls == Counter({"list_nodes": 1, "owners": 50})


LIGHTS = """query($n: Int!) { tasks(limit: $n) { items { id
    early: status(asOf: "2019-03-01") { colour } late: status(asOf: "2024-03-01") { colour } } } }"""


def test_fifty_task_lights_at_two_dates_cost_one_graph_read(make_api: Callable[..., Api]) -> None:
    calls, got = _run(make_api, LIGHTS, 50)
    items = got["tasks"]["items"]
    assert len(items) == 50 and any(t["early"]["colour"] != t["late"]["colour"] for t in items)
    assert calls == Counter({"list_nodes": 1, "loop_graph": 1})
