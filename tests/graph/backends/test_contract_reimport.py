"""Re-imports keep the graph whole on both stores (issue 17, item 1): after loading 004 again
unchanged, with a table renamed, with a table removed and with items shifted, every edge of the
snapshot has two ends with a kind, and the facts left without their item are the orphans."""

from pathlib import Path

import pytest

from dutygraph.graph.gaps import find_gaps
from dutygraph.graph.imports import import_enterprises, import_progress
from dutygraph.graph.model import EDGE_KINDS, NODE_KINDS
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult
from tests.graph.conftest import BACKENDS, loaded_backend
from tests.graph.store.test_reimport import ENTERPRISES, PROGRESS, _variant

# Orphaned facts after each re-import of 004: its 知识产权专利开放许可 township reports.
EXPECTED = {"same": 0, "renamed": 12, "removed": 12, "shifted": 0}


@pytest.mark.parametrize("kind", BACKENDS)
def test_every_edge_has_both_ends_after_each_reimport(
    kind: str, tmp_path: Path, results: list[ParseResult]
) -> None:
    with loaded_backend(kind, tmp_path / "g.sqlite", results) as db:
        import_progress(db, PROGRESS)
        import_enterprises(db, ENTERPRISES)
        edges_before = db.counts()[1]
        for edit, orphans in EXPECTED.items():
            db.load([read_notice(_variant(tmp_path, edit))])
            g = db.snapshot()
            for u, v, key, a in g.edges(keys=True, data=True):
                assert g.nodes[u].get("kind") in NODE_KINDS, (edit, u, key)
                assert g.nodes[v].get("kind") in NODE_KINDS, (edit, v, key)
                assert a["kind"] in EDGE_KINDS
            assert len(db.orphans()) == orphans, edit
            found = [f for f in find_gaps(g) if f.kind == "orphaned"]
            assert len(found) == orphans, edit
            db.load([read_notice(_variant(tmp_path, "same"))])
            assert db.orphans() == [], edit
            assert db.counts()[1] == edges_before, edit
