"""Each format of each sample yields the records its .txt yields, field by field (places aside)."""

import re
from pathlib import Path
from typing import Any

import pytest

from bench.fixtures import SAMPLES
from dutygraph.loaders import read_notice
from dutygraph.loaders.documents.legacy import soffice
from dutygraph.schema import ParseResult

# Provenance differs by design (paragraph, cell, page instead of a .txt line).
_PLACE_KEYS = {"source", "line", "place", "file"}
_LINE_IN_ID = re.compile(r":L\d+:")
_LINE_IN_MESSAGE = re.compile(r"（第[^）]*[行段列]）|repeats [^)]*")


def _records(result: ParseResult) -> dict[str, Any]:
    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items() if k not in _PLACE_KEYS}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, str):
            return _LINE_IN_MESSAGE.sub("(line)", _LINE_IN_ID.sub(":L:", v))
        return v

    out: dict[str, Any] = walk(result.model_dump(mode="json"))
    return out


CASES = [(s.stem, fmt) for s in SAMPLES for fmt in ("docx", "html", "pdf")]


@pytest.mark.parametrize(("stem", "fmt"), CASES, ids=[f"{s[:3]}-{f}" for s, f in CASES])
def test_same_records_as_text(made: dict[str, dict[str, Path]], stem: str, fmt: str) -> None:
    if fmt == "pdf" and soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixtures; make sysdeps adds it")
    files = made[stem]
    want = _records(read_notice(files["txt"]))
    got = _records(read_notice(files[fmt]))
    assert want["tasks"], "the sample has tasks to compare"
    for key in want:
        assert got[key] == want[key], f"{stem}.{fmt}: {key} differs from the .txt"


def test_the_comparison_sees_a_difference(made: dict[str, dict[str, Path]]) -> None:
    """Two different notices do not compare equal: the check can fail."""
    a = _records(read_notice(made[SAMPLES[0].stem]["docx"]))
    b = _records(read_notice(made[SAMPLES[4].stem]["docx"]))
    assert a["tasks"] != b["tasks"]


def test_sample_004_docx_owners_targets_and_totals(made: dict[str, dict[str, Path]]) -> None:
    result = read_notice(made["004_bb86f7f5d52695f3"]["docx"])
    task = next(t for t in result.tasks if t.title and "行政保护" in t.title)
    assert task.owners and task.owners[0].role in ("lead", "owner")
    towns = {t.unit: t.value for t in result.targets if t.table == "知识产权专利开放许可"}
    assert towns, [t.table for t in result.targets][:5]
    totals = [s.value for s in result.stated_totals if s.table == "知识产权专利开放许可"]
    assert 165 in totals
