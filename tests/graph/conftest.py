"""Shared fixtures: the five sample notices read once, and a store loaded with them."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pytest

from dutygraph.graph.backends import Embedded, GraphBackend
from dutygraph.graph.derived import forget
from dutygraph.graph.store import Store, freeze_long_lived, frozen_objects, thaw
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

ROOT = Path(__file__).resolve().parents[2]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SAMPLE_004 = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"
NO_NEO4J = "NEO4J_URI is not set: no Neo4j server here (make test starts one with java and mvn)"
# The params of a fixture that runs a contract test on both stores.
BACKENDS = [
    "embedded",
    pytest.param(
        "neo4j", marks=pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
    ),
]


@contextmanager
def loaded_backend(kind: str, path: Path, results: list[ParseResult]) -> Iterator[GraphBackend]:
    """An embedded store at `path`, or the NEO4J_URI server emptied, loaded with `results`."""
    if kind == "embedded":
        with Store(path) as s:
            s.load(results)
            yield Embedded(s)
        return
    from dutygraph.graph.backends import Neo4jStore

    with Neo4jStore() as n:
        n.clear()
        n.load(results)
        yield n
        n.clear()


def on_both_stores(
    tmp: Path, results: list[ParseResult], serve: Callable[[GraphBackend], dict[str, str]]
) -> dict[str, dict[str, str]]:
    """serve(backend) on the embedded store at `tmp` and, with NEO4J_URI, on the emptied Neo4j
    server (its supervision loop's records cleared before and after), by store kind."""
    from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision

    out = {}
    for kind in ["embedded"] + (["neo4j"] if os.environ.get("NEO4J_URI") else []):
        with loaded_backend(kind, tmp / "g.sqlite", results) as backend:
            sup = neo4j_supervision(backend)
            if sup is not None:
                sup.clear()
            out[kind] = serve(backend)
            if sup is not None:
                sup.clear()
    return out


def _no_snapshot() -> None:
    raise AssertionError("snapshot() read the whole graph")


@contextmanager
def loaded_without_snapshot(
    kind: str, path: Path, results: list[ParseResult], monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphBackend]:
    """loaded_backend whose snapshot() fails: for what must not read the whole graph (on Neo4j
    every node over Bolt)."""
    with loaded_backend(kind, path, results) as backend:
        monkeypatch.setattr(backend, "snapshot", _no_snapshot)
        yield backend


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


def licence_cells(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(town, period) of every township target of 004's 知识产权专利开放许可 table, sorted."""
    return sorted(
        (str(g.nodes[a["props"]["unit"]]["label"]), str(a["props"]["period"]))
        for _, a in g.nodes(data=True)
        if a.get("kind") == "Target"
        and a["props"]["table"] == "知识产权专利开放许可"
        and not a["props"].get("stated")
    )


@contextmanager
def frozen_like_a_server() -> Iterator[int]:
    """The process frozen as `serve` freezes it after a load, with no earlier graph's indexes
    kept (they would be freed by the first build and could outnumber it); yields the frozen
    count then. Thawed and forgotten after, as a process that never froze."""
    thaw()
    forget()
    try:
        freeze_long_lived()
        yield frozen_objects()
    finally:
        thaw()
        forget()
