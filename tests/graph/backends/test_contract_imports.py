"""Imports and gaps answer alike on both stores (the Neo4j half runs when NEO4J_URI is set)."""

import datetime as dt
from collections.abc import Iterator

import pytest

from dutygraph.graph.backends import GraphBackend as Contract
from dutygraph.graph.gaps import find_gaps
from dutygraph.graph.imports import import_progress
from dutygraph.loaders.sheets import ImportRejected
from dutygraph.schema import ParseResult

from ..conftest import BACKENDS, ROOT, loaded_backend

PROGRESS = ROOT / "examples" / "progress" / "shizhong_progress_example.csv"
MALFORMED = ROOT / "tests" / "loaders" / "sheets" / "data" / "malformed_progress.xlsx"


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    results: list[ParseResult],
) -> Iterator[Contract]:
    path = tmp_path_factory.mktemp("contract_imports") / "g.sqlite"
    with loaded_backend(request.param, path, results) as backend:
        yield backend


def test_rejected_import_leaves_the_store(store: Contract) -> None:
    before, notices = store.counts(), store.notices()
    with pytest.raises(ImportRejected):
        import_progress(store, MALFORMED)
    assert store.counts() == before and store.notices() == notices


def test_import_is_one_source_and_replaces_itself(store: Contract) -> None:
    before = store.counts()
    first = import_progress(store, PROGRESS)
    after = store.counts()
    assert after == (before[0] + 14, before[1] + 28)
    assert first.source in store.notices()
    import_progress(store, PROGRESS)
    assert store.counts() == after
    (r,) = store.rollup("知识产权专利开放许可", period="2024")
    assert r.actual_total == 29


def test_gaps_from_the_snapshot(store: Contract) -> None:
    found = find_gaps(store.snapshot(), dt.date(2024, 12, 10), kinds=["allocation", "totals"])
    assert sorted((f.kind, f.numbers["差额"]) for f in found) == [
        ("allocation", -35),
        ("allocation", 2),
        ("allocation", 7),
        ("totals", 1),
    ]
