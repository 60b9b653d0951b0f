"""GraphQL overhead: whoOwns and rollup through the ASGI app vs the library call, same store.

The store holds the synthetic province (graph.synthetic, as graph_bench.py) plus the five
sample notices (the province has targets but no tasks, so whoOwns asks about 004's 三.(三).1).
Requests go in-process through httpx's ASGITransport to `create_app` (no sockets, so the
figures are the API's own cost: HTTP parsing in Starlette, GraphQL parse/validate/execute,
JSON); each request waits for the previous one (one client, as a front end's user would).
"""

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.synthetic import PROVINCE, Shape, synthetic_facts
from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph import queries
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TASK = "t:na3a8e7f37d:三.(三).1"
TABLE, PERIOD = "指标07", "2026"
COUNTY = f"{PROVINCE}第01市第001县"
WHO_OWNS = """query($id: String!) { whoOwns(taskId: $id) { items { itemId
    owners { unit role groups leaders } } } }"""
ROLLUP = """query($t: String!, $r: String!, $p: String!) { rollup(indicator: $t, region: $r,
    period: $p) { items { table period computed stated children { unit value } } } }"""


@dataclass(frozen=True)
class Timing:
    """Latencies of `n` sequential calls, in milliseconds."""

    n: int
    p50_ms: float
    p99_ms: float
    per_s: float


@dataclass(frozen=True)
class ApiBench:
    """One question, through GraphQL and directly."""

    name: str
    api: Timing
    library: Timing

    @property
    def ratio(self) -> float:
        """GraphQL p50 / library p50: what the API adds."""
        return self.api.p50_ms / self.library.p50_ms


def timing(samples_s: list[float]) -> Timing:
    ms = sorted(s * 1000 for s in samples_s)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return Timing(len(ms), statistics.median(ms), p99, len(ms) / sum(samples_s))


def _library(work: Callable[[], object], n: int) -> Timing:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return timing(samples)


async def _graphql(app: Any, query: str, variables: dict[str, str], n: int) -> Timing:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        body = {"query": query, "variables": variables}
        first = (await client.post("/graphql", json=body)).json()
        assert "errors" not in first, first
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            r = await client.post("/graphql", json=body)
            r.raise_for_status()
            samples.append(time.perf_counter() - start)
    return timing(samples)


def measure(shape: Shape | None = None, n: int = 300) -> list[ApiBench]:
    """Load the province and the samples, then time both questions both ways."""
    batch = synthetic_facts(shape or Shape())
    results = [read_notice(p) for p in NOTICES]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.sqlite") as store:
        store.load_facts(batch)
        store.load(results)
        backend = Embedded(store)
        app = create_app(backend, Settings(reads="open"))
        (owners,) = [o for o in queries.owners(store, TASK) if o.item_id == TASK]
        assert len(owners.owners) == 9
        [county] = queries.rollup(store, TABLE, COUNTY, PERIOD)  # builds the cached index
        assert county.computed == county.stated
        out = []
        for name, query, variables, direct in (
            (
                "whoOwns (004 三.(三).1)",
                WHO_OWNS,
                {"id": TASK},
                lambda: queries.owners(store, TASK),
            ),
            (
                "rollup (one county)",
                ROLLUP,
                {"t": TABLE, "r": COUNTY, "p": PERIOD},
                lambda: queries.rollup(store, TABLE, COUNTY, PERIOD),
            ),
        ):
            lib = _library(direct, n)
            api = asyncio.run(_graphql(app, query, variables, n))
            out.append(ApiBench(name, api, lib))
        return out
