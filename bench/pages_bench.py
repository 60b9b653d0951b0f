"""The web pages, maps, ledger and GraphQL `status` of one task on Neo4j with the synthetic
province loaded.

Before issue 13's page work these read the whole graph through snapshot() (~50 s over Bolt);
now they read the part they show. The index, task, notice-list and members pages and a
missing map's did-you-mean, an org map, a notice map and the whole store's ledger are measured
before (every graph they read is one snapshot() a
request, as the old pages read it: `Whole`) and after, in the same run. Not part of
`make bench` (loading the province takes minutes):
`NEO4J_HEAP=4g tools/neo4j/with_neo4j.sh .venv/bin/python -m bench.pages_bench`.
"""

import datetime as dt
import os
import time
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import quote

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for httpx2; httpx works the same here
    from starlette.testclient import TestClient

import networkx as nx

import dutygraph.api.graphql.supervision  # noqa: F401 (the code measured, imported now)
import dutygraph.visualize.maps  # noqa: F401
from bench.stores_bench import NOTICES
from bench.synthetic import Shape, synthetic_facts
from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.gaps import Overview, overview
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.ledger import ledger
from dutygraph.graph.supervision.tables import store_of
from dutygraph.graph.views.catalog import Catalog, catalog
from dutygraph.loaders import read_notice
from dutygraph.visualize.maps import build_map

TASK = "t:na3a8e7f37d:三.(三).1"
"""004's 三.(三).1 提升行政保护质效: owned by 市中区 units of the samples."""
UNIT = "u:枣庄市市中区税郭镇"
AS_OF = "2024-12-10"
ORG = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"
NOTICE = "n:na3a8e7f37d"
PAGES = {
    "index page": f"/?as_of={AS_OF}",
    "task page": f"/task/{quote(TASK, safe='')}?as_of={AS_OF}",
    "notice list": f"/notice/{quote('n:na3a8e7f37d', safe='')}?as_of={AS_OF}",
    "members page": f"/members/{quote(ORG, safe='')}",
    "missing map did-you-mean": f"/map/unit/{quote('税国镇')}",
}
STATUS = """query($id: String!, $d: Date) { task(id: $id) { status(asOf: $d) { colour }
  supervision(asOf: $d) { status units { unit light } } } }"""


class Whole(Neo4jStore):
    """The pages as before: every graph they read is the whole graph, one snapshot() a page."""

    g: nx.MultiDiGraph | None = None

    def _whole(self) -> nx.MultiDiGraph:
        if self.g is None:
            self.g = self.snapshot()
        return self.g

    def catalog(self) -> Catalog:
        return catalog(self._whole())

    def overview(self, as_of: dt.date) -> Overview:
        return overview(self._whole(), as_of)

    def pool_graph(self, kind: str) -> nx.MultiDiGraph:
        return self._whole()

    def task_graph(self, task: str) -> nx.MultiDiGraph:
        return self._whole()

    def notice_graph(self, notice: str) -> nx.MultiDiGraph:
        return self._whole()

    def group_graph(self, group: str) -> nx.MultiDiGraph:
        return self._whole()

    def names_graph(self, what: What) -> nx.MultiDiGraph:
        return self._whole()

    def map_graph(self, kind: str, ident: str, lights: bool = True) -> nx.MultiDiGraph:
        return self._whole()

    def ledger_graph(self, notice: str | None = None) -> nx.MultiDiGraph:
        return self._whole()


def measure_maps(n: Neo4jStore, whole: Whole) -> None:
    """Org map, notice map (lights at AS_OF, the loop in use) and the whole ledger: the same
    answer read through snapshot() and through the part they show, same run."""
    day = dt.date.fromisoformat(AS_OF)

    def whole_ledger(b: Any) -> Any:
        g = b.ledger_graph(None)
        with store_of(n).reading() as rec:
            return ledger(g, rec, day)

    asks: list[tuple[str, Callable[[Any], Any]]] = [
        ("org map", lambda b: build_map(b, "org", ORG, as_of=day).graph.source),
        ("notice map", lambda b: build_map(b, "notice", NOTICE, as_of=day).graph.source),
        ("whole ledger", whole_ledger),
    ]
    for name, call in asks:
        took = []
        answers = []
        for b in (whole, n):
            whole.g = None
            start = time.perf_counter()
            answers.append(call(b))
            took.append(time.perf_counter() - start)
        assert answers[0] == answers[1], name
        print(
            f"{name}: snapshot {took[0]:.2f} s -> scoped {took[1]:.2f} s"
            f" ({took[0] / took[1]:.1f}x), load {os.getloadavg()[0]:.2f}",
            flush=True,
        )


def _timed(name: str, call: Callable[[], Any]) -> str:
    """The page's text, its time printed."""
    start = time.perf_counter()
    r = call()
    took = time.perf_counter() - start
    assert r.status_code in (200, 404), r.text[:300]
    print(f"{name}: {took:.2f} s, load {os.getloadavg()[0]:.2f}", flush=True)
    return str(r.text)


def main() -> None:
    with Neo4jStore() as n:
        n.clear()
        start = time.perf_counter()
        n.load_facts(synthetic_facts(Shape()))
        n.load([read_notice(p) for p in NOTICES])
        print(f"loaded {n.counts()} in {time.perf_counter() - start:.1f} s", flush=True)
        app = create_app(n, Settings(token="bench-token", reads="open"))
        c = TestClient(app, base_url="http://localhost")
        page = f"/map/unit/{quote(UNIT)}?as_of={AS_OF}"
        status = {"query": STATUS, "variables": {"id": TASK, "d": AS_OF}}
        asks: list[tuple[str, Callable[[], Any]]] = [
            ("unit page", lambda: c.get(page)),
            ("GraphQL task status", lambda: c.post("/graphql", json=status)),
        ]
        for name, call in asks:
            for run in range(2):
                _timed(f"{name} (run {run + 1})", call)
        with Whole() as whole:
            app = create_app(whole, Settings(token="bench-token", reads="open"))
            before = TestClient(app, base_url="http://localhost")
            for name, path in PAGES.items():
                for run in range(2):
                    after = _timed(f"{name} after (run {run + 1})", partial(c.get, path))
                whole.g = None
                same = _timed(f"{name} before (snapshot)", partial(before.get, path)) == after
                print(f"{name}: the same page before and after: {same}")
            # The loop in use: the maps' lights and the ledger read the task × unit status.
            writes.step(n, SERVER_TOKEN, TASK, "已签收", unit=UNIT)
            measure_maps(n, whole)
        print(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        sup = neo4j_supervision(n)
        if sup is not None:
            sup.clear()
        n.clear()


if __name__ == "__main__":
    main()
