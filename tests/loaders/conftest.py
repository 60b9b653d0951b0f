"""Parsed sample notices, read once per test session."""

from pathlib import Path

import pytest

from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

NOTICES = Path(__file__).resolve().parents[2] / "examples" / "notices"


@pytest.fixture(scope="session")
def notices() -> dict[str, ParseResult]:
    return {p.name[:3]: read_notice(p) for p in sorted(NOTICES.glob("*.txt"))}
