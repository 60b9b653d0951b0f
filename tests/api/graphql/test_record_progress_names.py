"""GraphQL recordProgress matches the unit and indicator without reading the whole graph: the
same report, and the same refusal with a did-you-mean, on both stores (snapshot() made to fail)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from dutygraph.graph.backends import GraphBackend
from dutygraph.schema import ParseResult

from ...graph.conftest import BACKENDS, loaded_without_snapshot
from ..conftest import Api, data

RECORD = """mutation($unit: String!) {
    recordProgress(unit: $unit, indicator: "知识产权专利开放许可", period: "2024", value: 4,
    asOf: "2024-07-01") { id value period } }"""


@pytest.fixture(params=BACKENDS)
def api(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    api_results: list[ParseResult],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Api]:
    path = tmp_path / "g.sqlite"
    with loaded_without_snapshot(request.param, path, api_results, monkeypatch) as backend:
        yield Api(backend)


def test_record_progress_on_both_stores(api: Api) -> None:
    body = data(api.gql(RECORD, {"unit": "税郭镇"}, api.auth))
    assert body["recordProgress"] == {
        "id": "r:progress:manual:ae9547741012:aaff0882ed",
        "value": 4.0,
        "period": "2024",
    }
    backend: GraphBackend = api.backend
    (r,) = backend.rollup("知识产权专利开放许可", period="2024")
    assert r.actual_total == 4


def test_misspelt_unit_is_refused_with_the_name_meant(api: Api) -> None:
    before = api.backend.counts()
    body = api.gql(RECORD, {"unit": "税国镇"}, api.auth)
    (error,) = body["errors"]
    assert "您是不是要找：税郭镇？" in error["message"], error
    assert api.backend.counts() == before
