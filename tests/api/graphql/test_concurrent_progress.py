"""50 recordProgress calls at once through the real ASGI app lose nothing, on both stores."""

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import GraphBackend
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


async def _record_all(backend: GraphBackend) -> list[dict[str, Any]]:
    app = create_app(backend, Settings(token=TOKEN, reads="open"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        calls = [
            client.post(
                "/graphql",
                json={"query": RECORD, "variables": {"unit": t, "period": p, "value": i + 1}},
                headers=AUTH,
            )
            for i, (t, p) in enumerate((t, p) for t in TOWNS for p in PERIODS)
        ]
        return [r.json() for r in await asyncio.gather(*calls)]


def test_fifty_concurrent_records_are_all_kept(backend: GraphBackend) -> None:
    nodes, edges = backend.counts()
    bodies = asyncio.run(_record_all(backend))
    assert len(bodies) == 50 and all("errors" not in b for b in bodies), bodies[:2]
    ids = {b["data"]["recordProgress"]["id"] for b in bodies}
    assert len(ids) == 50
    g = backend.snapshot()
    reports = {n: a["props"] for n, a in g.nodes(data=True) if a["kind"] == "Report"}
    assert set(reports) == ids
    assert sorted(p["value"] for p in reports.values()) == [float(v) for v in range(1, 51)]
    assert backend.counts()[0] == nodes + 50
