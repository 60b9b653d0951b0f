"""The reader on the annotated corpus of real notices: no document's owners F1 may drop.

The floors in corpus_owner_floors.json are the figures `python -m bench.accuracy --record` wrote;
raise them (re-record) when the reader improves, never lower them to make this pass.
"""

import json
from pathlib import Path

import pytest

from bench.accuracy import CORPUS, score_document

FLOORS: dict[str, float] = json.loads(
    Path(__file__).with_name("corpus_owner_floors.json").read_text(encoding="utf-8")
)


def test_every_corpus_document_has_a_floor() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.txt")) == sorted(FLOORS)
    assert len(FLOORS) >= 20


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_owners_f1_does_not_drop(name: str) -> None:
    doc = score_document(CORPUS / f"{name}.txt")
    owners = doc.scores["owners"]
    assert owners.f1 >= FLOORS[name] - 1e-9, (
        f"{name}: owners F1 {owners.f1:.3f} < recorded {FLOORS[name]:.3f} "
        f"(matched {owners.hit}, found {owners.found}, stated {owners.gold})"
    )


def test_annotations_are_well_formed() -> None:
    roles = {"lead", "co", "owner"}
    for note_path in CORPUS.glob("*.json"):
        note = json.loads(note_path.read_text(encoding="utf-8"))
        assert note["source"].startswith("http"), note_path.name
        paths = {t["path"] for t in note["tasks"]}
        for path, owners in note["owners"].items():
            assert path in paths, (note_path.name, path)
            assert all(o["role"] in roles for o in owners), (note_path.name, path)
