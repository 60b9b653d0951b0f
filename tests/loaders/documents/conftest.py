"""The five samples written as .docx, .html and .pdf once per session (bench.fixtures)."""

from pathlib import Path

import pytest

from bench.fixtures import make_all


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """{sample stem: {'txt'|'docx'|'html'|'pdf': path}}; 'pdf' only where LibreOffice is."""
    return make_all(tmp_path_factory.mktemp("formats"))
