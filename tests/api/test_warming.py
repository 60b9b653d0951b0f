"""A server answers point questions while its graph is still being built, with the graph's
answers; /healthz says so; writes and other reads wait for the graph, then run on it."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.api.warming import Warming
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

from .conftest import Api, data

TASK = "t:na3a8e7f37d:三.(三).1"
WHO_OWNS = "query($id: String!) { whoOwns(taskId: $id) { items { itemId owners { unit role } } } }"
DUTIES = '{ duties(unit: "税郭镇") { totalCount items { itemId role via } } }'
ROLLUP = (
    '{ rollup(indicator: "知识产权专利开放许可") '
    "{ items { table period computed stated children { unit value } actualTotal } } }"
)
TASK_OWNERS = '{ task(id: "t:na3a8e7f37d:三.(三).1") { title owners { unit role } } }'


@pytest.fixture
def warm(tmp_path: Path, api_results: list[ParseResult]) -> Iterator[tuple[Warming, Any]]:
    path = tmp_path / "g.sqlite"
    with Store(path) as s:
        s.load(api_results)
    release = threading.Event()

    def build() -> Embedded:
        assert release.wait(30)
        return Embedded(Store(path))

    w = Warming(path, build)
    w.start()
    yield w, release
    release.set()
    w.close()


def test_point_questions_answer_before_the_graph(warm: tuple[Warming, Any]) -> None:
    w, release = warm
    api = Api(w)
    assert api.client.get("/healthz").json() == {"status": "ok", "graph": "building"}
    early = [data(api.gql(q, {"id": TASK})) for q in (WHO_OWNS, DUTIES, ROLLUP, TASK_OWNERS)]
    assert w.building  # all four were answered from slices of the file
    owners = early[0]["whoOwns"]["items"][0]["owners"]
    assert {"unit": "枣庄市市中区市场监督管理局", "role": "owner"} in owners
    assert 165 in [r["computed"] for r in early[2]["rollup"]["items"]]
    release.set()
    w.wait()
    assert "graph" not in api.client.get("/healthz").json()  # built: counts, as before
    late = [data(api.gql(q, {"id": TASK})) for q in (WHO_OWNS, DUTIES, ROLLUP, TASK_OWNERS)]
    assert late == early


def test_other_calls_wait_for_the_graph(warm: tuple[Warming, Any]) -> None:
    w, release = warm
    got: list[Any] = []
    reader = threading.Thread(target=lambda: got.append(w.impact("税郭镇")))
    reader.start()
    reader.join(0.5)
    assert reader.is_alive() and not got  # no half answer: it waits
    release.set()
    reader.join(30)
    assert got and got[0].levels
    assert w.settled is not None and w.counts()[0] > 100


def test_a_failed_build_is_told_to_whoever_waits(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    Store(path).close()

    def build() -> Embedded:
        raise RuntimeError("磁盘已满")

    w = Warming(path, build)
    w.start()
    with pytest.raises(RuntimeError, match="磁盘已满"):
        w.counts()
    w.close()
