"""Shared fixtures: the five sample notices read once, and a store loaded with them."""

from pathlib import Path

import pytest

from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

ROOT = Path(__file__).resolve().parents[2]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SAMPLE_004 = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"


@pytest.fixture(scope="session")
def results() -> list[ParseResult]:
    return [read_notice(p) for p in NOTICES]


@pytest.fixture(scope="session")
def r004(results: list[ParseResult]) -> ParseResult:
    return next(r for r in results if r.notice.file == SAMPLE_004.name)


@pytest.fixture
def store(tmp_path: Path, results: list[ParseResult]) -> Store:
    s = Store(tmp_path / "g.sqlite")
    s.load(results)
    return s
