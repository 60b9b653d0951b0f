"""50 clients writing recordProgress at once through the real ASGI app lose nothing, on both
stores: every value lands, each pair keeps its client's last value, every write is audited and
the audit chain verifies (on Neo4j one write per client: each reads the graph back)."""

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.store import freeze_long_lived, thaw
from dutygraph.graph.supervision import audit
from dutygraph.graph.supervision.tables import SqliteSupervision, store_of
from dutygraph.schema import ParseResult

from ...graph.conftest import BACKENDS, loaded_backend
from ..conftest import AUTH, TOKEN

RECORD = """mutation($unit: String!, $period: String!, $value: Float!) {
    recordProgress(unit: $unit, indicator: "知识产权专利开放许可", period: $period,
    value: $value, asOf: "2024-07-01") { id value } }"""
TOWNS = ["中心街街道", "光明路街道", "垎塔埠街道", "孟庄镇", "文化路街道"]
TOWNS += ["永安镇", "矿区街道", "税郭镇", "西王庄镇", "龙山路街道"]
PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025H1"]


@pytest.fixture(params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, api_results: list[ParseResult]
) -> Iterator[GraphBackend]:
    with loaded_backend(request.param, tmp_path / "g.sqlite", api_results) as b:
        yield b


PAIRS = [(t, p) for t in TOWNS for p in PERIODS]
WRITES = 4
"""Writes per client, one after the other; the 50 clients write at once. One on Neo4j, where
each write reads the whole graph back (~1 s each on the shared test machine)."""


def _value(client: int, write: int) -> float:
    return float(client * 100 + write + 1)


async def _record_all(backend: GraphBackend, writes: int) -> list[list[dict[str, Any]]]:
    app = create_app(backend, Settings(token=TOKEN, reads="open"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:

        async def writer(c: int) -> list[dict[str, Any]]:
            unit, period = PAIRS[c]
            out = []
            for w in range(writes):
                variables = {"unit": unit, "period": period, "value": _value(c, w)}
                r = await client.post(
                    "/graphql", json={"query": RECORD, "variables": variables}, headers=AUTH
                )
                out.append(r.json())
            return out

        return await asyncio.gather(*(writer(c) for c in range(len(PAIRS))))


def test_fifty_concurrent_clients_lose_nothing(backend: GraphBackend) -> None:
    nodes, edges = backend.counts()
    store = store_of(backend)  # the trail: SQLite tables or Neo4j nodes
    trail = audit.verify(store).records
    writes = WRITES if isinstance(store, SqliteSupervision) else 1
    freeze_long_lived()  # as `dutygraph serve` does: small writes then skip the collector
    try:
        answers = asyncio.run(_record_all(backend, writes))
    finally:
        thaw()
    bodies = [b for client in answers for b in client]
    assert len(bodies) == 50 * writes and all("errors" not in b for b in bodies), bodies[:2]
    for c, client in enumerate(answers):
        assert [b["data"]["recordProgress"]["value"] for b in client] == [
            _value(c, w) for w in range(writes)
        ]
    ids = {b["data"]["recordProgress"]["id"] for b in bodies}
    assert len(ids) == 50  # one report per town and period, replaced by each later value
    g = backend.snapshot()
    reports = {n: a["props"] for n, a in g.nodes(data=True) if a["kind"] == "Report"}
    assert set(reports) == ids
    assert sorted(p["value"] for p in reports.values()) == [
        _value(c, writes - 1) for c in range(50)
    ]
    assert backend.counts()[0] == nodes + 50
    checked = audit.verify(store)
    assert checked.ok and checked.records == trail + 50 * writes
    page = audit.records(store, audit.AuditFilter(action="record_progress"), 0, 1000)
    assert sorted(r.after["value"] for r in page.items) == sorted(
        _value(c, w) for c in range(50) for w in range(writes)
    )
