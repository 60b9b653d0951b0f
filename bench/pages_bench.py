"""One unit page and GraphQL `status` of one task on Neo4j with the synthetic province loaded.

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
from dutygraph.loaders import read_notice

TASK = "t:na3a8e7f37d:三.(三).1"
"""004's 三.(三).1 提升行政保护质效: owned by 市中区 units of the samples."""
UNIT = "u:枣庄市市中区税郭镇"
AS_OF = "2024-12-10"
STATUS = """query($id: String!, $d: Date) { task(id: $id) { status(asOf: $d) { colour }
  supervision(asOf: $d) { status units { unit light } } } }"""


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
        print(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        n.clear()


if __name__ == "__main__":
    main()
