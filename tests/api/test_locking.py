"""Readers do not wait for a writer, and see the graph of the last finished write."""

import threading
from collections.abc import Iterator
from pathlib import Path

from dutygraph.api.locking import locked
from dutygraph.graph.backends import Embedded
from dutygraph.graph.model import Facts, Node
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

TASK = "t:na3a8e7f37d:三.(三).1"


def test_reads_run_during_a_write(tmp_path: Path, api_results: list[ParseResult]) -> None:
    with Store(tmp_path / "g.sqlite") as store:
        store.load(api_results)
        backend = locked(Embedded(store))
        started, release = threading.Event(), threading.Event()

        def slow_batch() -> Iterator[Facts]:
            started.set()
            assert release.wait(10)
            yield Facts("extra", nodes=[Node("u:新单位", "Unit", "新单位", {})])

        writer = threading.Thread(target=lambda: backend.load_facts(slow_batch()))
        writer.start()
        assert started.wait(10)  # the write holds the lock, inside its transaction
        [owners] = backend.owners(TASK)  # answered now, from the graph before the write
        assert len(owners.owners) == 9
        assert backend.find_units("新单位") == []
        release.set()
        writer.join(10)
        assert not writer.is_alive()
        assert backend.find_units("新单位") == ["u:新单位"]
        assert "extra" in backend.notices()
