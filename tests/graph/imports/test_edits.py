"""Hand edits on the embedded store: kept in the SQLite file, replayed on every rebuild."""

from pathlib import Path

from dutygraph.graph.backends import Embedded
from dutygraph.graph.imports import edits
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

T004 = "t:na3a8e7f37d:三.(三).1"


def _units(db: Embedded) -> set[str]:
    return {r.unit for r in db.owners_of([T004])[T004]}


def test_edits_survive_reopening_the_file(tmp_path: Path, results: list[ParseResult]) -> None:
    path = tmp_path / "g.sqlite"
    with Embedded(Store(path)) as db:
        db.load(results)
        edits.assign_owner(db, T004, "税郭镇")
        edits.merge_units(db, "齐村镇", "税郭镇")
        edited = _units(db), db.counts()
    with Embedded(Store(path)) as again:
        assert (_units(again), again.counts()) == edited
        assert "枣庄市市中区税郭镇" in edited[0]
        assert again.get_nodes(["u:枣庄市市中区齐村镇"]) == {}


def test_an_edit_whose_task_is_gone_is_kept_and_skipped(
    tmp_path: Path, results: list[ParseResult], r004: ParseResult
) -> None:
    with Embedded(Store(tmp_path / "g.sqlite")) as db:
        db.load(results)
        edits.assign_owner(db, T004, "税郭镇")
        without = r004.model_copy(
            update={"tasks": [t for t in r004.tasks if t.path != "三.(三).1"]}
        )
        db.load([without])  # the re-loaded notice no longer has the task
        assert db.get_nodes([T004]) == {}
        assert len(db.edits()) == 1
        db.load([r004])  # it comes back, and so does the hand-assigned owner
        assert "枣庄市市中区税郭镇" in _units(db)


def test_an_edit_replaces_the_graph_and_leaves_a_held_snapshot_alone(
    tmp_path: Path, results: list[ParseResult]
) -> None:
    with Embedded(Store(tmp_path / "g.sqlite")) as db:
        db.load(results)
        held = db.snapshot()
        before = (held.number_of_nodes(), held.number_of_edges())
        edits.merge_units(db, "齐村镇", "税郭镇")
        assert db.snapshot() is not held
        assert "u:枣庄市市中区齐村镇" in held and "u:枣庄市市中区齐村镇" not in db.snapshot()
        assert (held.number_of_nodes(), held.number_of_edges()) == before
