"""One unit page and GraphQL `status` of one task on Neo4j with the synthetic province loaded;
an org map, a notice map and the whole store's ledger before (snapshot()) and after, same run.

Before issue 13's page work these read the whole graph through snapshot() (~50 s over Bolt);
now they read the part they show. Not part of `make bench` (loading the province takes a
minute): `NEO4J_HEAP=4g tools/neo4j/with_neo4j.sh .venv/bin/python -m bench.pages_bench`.
"""

import datetime as dt
import os
import time
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for httpx2; httpx works the same here
    from starlette.testclient import TestClient

import dutygraph.api.graphql.supervision  # noqa: F401 (the code measured, imported now)
import dutygraph.visualize.maps  # noqa: F401
from bench.stores_bench import NOTICES
from bench.synthetic import Shape, synthetic_facts
from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.ledger import ledger
from dutygraph.graph.supervision.tables import store_of
from dutygraph.loaders import read_notice
from dutygraph.visualize.maps import build_map

TASK = "t:na3a8e7f37d:三.(三).1"
"""004's 三.(三).1 提升行政保护质效: owned by 市中区 units of the samples."""
UNIT = "u:枣庄市市中区税郭镇"
AS_OF = "2024-12-10"
ORG = "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组"
NOTICE = "n:na3a8e7f37d"
STATUS = """query($id: String!, $d: Date) { task(id: $id) { status(asOf: $d) { colour }
  supervision(asOf: $d) { status units { unit light } } } }"""


class Whole:
    """The store as the code before read an org or notice map and the whole ledger: snapshot()."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store_ = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store_, name)

    def map_graph(self, kind: str, ident: str, lights: bool = True) -> Any:
        return self.store_.snapshot()

    def ledger_graph(self, notice: str | None = None) -> Any:
        return self.store_.snapshot()


def measure_maps(n: Neo4jStore) -> None:
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
        for b in (Whole(n), n):
            start = time.perf_counter()
            answers.append(call(b))
            took.append(time.perf_counter() - start)
        assert answers[0] == answers[1], name
        print(
            f"{name}: snapshot {took[0]:.2f} s -> scoped {took[1]:.2f} s"
            f" ({took[0] / took[1]:.1f}x), load {os.getloadavg()[0]:.2f}",
            flush=True,
        )


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
                start = time.perf_counter()
                r = call()
                took = time.perf_counter() - start
                assert r.status_code == 200, r.text[:300]
                print(f"{name} (run {run + 1}): {took:.2f} s, load {os.getloadavg()[0]:.2f}")
        # The loop in use: the maps' lights and the ledger read the task × unit status.
        writes.step(n, SERVER_TOKEN, TASK, "已签收", unit=UNIT)
        measure_maps(n)
        print(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        sup = neo4j_supervision(n)
        if sup is not None:
            sup.clear()
        n.clear()


if __name__ == "__main__":
    main()
