"""The Neo4j source registry (graph/backends/neo4j/sources.py) says exactly what the facts say,
through loads, re-imports, replaced sources, imports, hand edits and removals; a store written
before it is registered once on open; the writes' statements seek through it, never scan."""

import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.backends.neo4j.sources import ensure_registry
from dutygraph.graph.imports import edits, import_enterprises, import_progress, record_progress
from dutygraph.graph.model import Edge, Facts
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult
from tests.graph.store.test_reimport import ENTERPRISES, PROGRESS, _variant

from ..conftest import NO_NEO4J

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)

PATENTS = "知识产权专利开放许可"
T004 = "t:na3a8e7f37d:三.(三).1"
SHUIGUO, QICUN = "u:枣庄市市中区税郭镇", "u:枣庄市市中区齐村镇"
# Every node, relationship and orphan record, as the facts say them (the registry left out).
FACTS = {
    "nodes": "MATCH (n:Entity) RETURN n.id AS id, properties(n) AS p, labels(n) AS l ORDER BY id",
    "edges": (
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, b.id AS b, type(r) AS t, "
        "properties(r) AS p ORDER BY a, b, t, r.key"
    ),
    "orphans": "MATCH (o:Orphan) RETURN properties(o) AS p ORDER BY o.src, o.dst, o.key",
}
SAID_STATES = "MATCH (n:Entity) UNWIND n.notice_ids AS x RETURN x AS source, n.id AS id"
SAID_DRAWS = """\
MATCH (a:Entity)-[r]->(:Entity)
UNWIND r.notice_ids AS x
WITH DISTINCT x, a
WHERE NOT x STARTS WITH 'edit:' AND NOT x IN a.notice_ids
RETURN x AS source, a.id AS id"""
REGISTRY = (
    "MATCH (s:Source)-[k]->(n) RETURN s.id AS source, type(k) AS kind, n.id AS id, labels(n) AS l"
)
SOURCES = "MATCH (s:Source) RETURN s.id AS id ORDER BY id"


def _rows(n: Neo4jStore, query: str) -> list[dict[str, Any]]:
    records, _, _ = n.driver.execute_query(query, database_=n.database)
    return [r.data() for r in records]


def _grouped(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        out[str(r["source"])].add(str(r["id"]))
    return dict(out)


def assert_exact(n: Neo4jStore, edited: bool = False) -> dict[str, Any]:
    """STATES is exactly the nodes each source's `notice_ids` name; DRAWS exactly the start
    nodes of its relationships it does not state (a superset after a unit merge moved some);
    notices() is the
    sources stating a node; no Source is left stating and drawing nothing."""
    registry = _rows(n, REGISTRY)
    assert all("Entity" in r["l"] for r in registry)
    states = _grouped([r for r in registry if r["kind"] == "STATES"])
    draws = _grouped([r for r in registry if r["kind"] == "DRAWS"])
    assert {r["kind"] for r in registry} <= {"STATES", "DRAWS"}
    assert states == _grouped(_rows(n, SAID_STATES))
    said_draws = _grouped(_rows(n, SAID_DRAWS))
    if edited:
        assert all(ids <= draws.get(s, set()) for s, ids in said_draws.items())
    else:
        assert draws == said_draws
    assert n.notices() == sorted(states)
    sources = [str(r["id"]) for r in _rows(n, SOURCES)]
    assert set(sources) == set(states) | set(draws)
    return {"states": states, "draws": draws}


@pytest.fixture
def store(results: list[ParseResult]) -> Iterator[Neo4jStore]:
    with Neo4jStore() as n:
        n.clear()
        n.load(results)
        yield n
        n.clear()


def test_registry_is_exact_through_loads_imports_replacements_and_removals(
    store: Neo4jStore, results: list[ParseResult], tmp_path: Path
) -> None:
    first = assert_exact(store)
    assert len(first["states"]) == 5
    store.load(results)  # the same notices again: every source replaced by itself
    assert assert_exact(store) == first
    import_progress(store, PROGRESS)
    import_enterprises(store, ENTERPRISES)
    imported = assert_exact(store)
    new = set(imported["states"]) - set(first["states"])
    assert sorted(s.split(":")[0] for s in new) == ["enterprises", "progress"]
    import_progress(store, PROGRESS)  # the same file again replaces its source
    assert assert_exact(store) == imported
    for edit in ("renamed", "removed", "shifted", "same"):
        store.load([read_notice(_variant(tmp_path, edit))])
        assert_exact(store)
    record_progress(store, "税郭镇", PATENTS, "2024", 3)
    (manual,) = [s for s in store.notices() if s.startswith("progress:manual:")]
    record_progress(store, "税郭镇", PATENTS, "2024", 4)  # replaces that source
    after = assert_exact(store)
    assert [s for s in store.notices() if s.startswith("progress:manual:")] == [manual]
    assert len(after["states"][manual]) == 1
    # A source loaded empty is removed: its nodes and its registry entry go.
    store.load_facts([Facts(notice_id=manual)])
    removed = assert_exact(store)
    assert manual not in removed["states"] and manual not in removed["draws"]
    store.clear()
    assert _rows(store, SOURCES) == [] and store.counts() == (0, 0)


def test_a_source_stating_only_relationships_draws_them_and_replacing_it_removes_them(
    store: Neo4jStore,
) -> None:
    """An owners sheet naming units and tasks the notices state: its relationships start at
    nodes it does not state, so the registry draws them from there."""
    nodes, edges = store.counts()
    sheet = "owners:sheet"
    store.load_facts([Facts(sheet, edges=[Edge(SHUIGUO, T004, "OWNS", "lead")])])
    assert assert_exact(store)["draws"][sheet] == {SHUIGUO}
    assert sheet not in store.notices() and store.counts() == (nodes, edges + 1)
    store.load_facts([Facts(sheet, edges=[Edge(QICUN, T004, "OWNS", "lead")])])  # replaced
    assert assert_exact(store)["draws"][sheet] == {QICUN}
    assert store.counts() == (nodes, edges + 1)
    assert {o.unit_id for o in store.owners_of([T004])[T004]} >= {QICUN}
    assert SHUIGUO not in {o.unit_id for o in store.owners_of([T004])[T004]}
    store.load_facts([Facts(sheet)])  # removed
    assert sheet not in assert_exact(store)["draws"] and store.counts() == (nodes, edges)


def test_registry_follows_a_unit_merge_and_its_replay(
    store: Neo4jStore, results: list[ParseResult]
) -> None:
    import_enterprises(store, ENTERPRISES)
    edits.merge_units(store, "齐村镇", "税郭镇")
    assert_exact(store, edited=True)
    edges = store.counts()[1]
    store.load(results)  # the variant is stated again, the merge replays
    assert_exact(store, edited=True)
    assert store.counts()[1] == edges
    import_enterprises(store, ENTERPRISES)  # replacing a source that drew from the merged unit
    assert_exact(store, edited=True)
    assert store.get_nodes(["u:枣庄市市中区齐村镇"]) == {}


def test_a_store_written_before_the_registry_is_registered_once_on_open(
    store: Neo4jStore, results: list[ParseResult]
) -> None:
    import_progress(store, PROGRESS)
    import_enterprises(store, ENTERPRISES)
    record_progress(store, "税郭镇", PATENTS, "2024", 3)
    facts = {k: _rows(store, q) for k, q in FACTS.items()}
    registry = assert_exact(store)
    notices = store.notices()
    # The shape before the registry: facts only (the statements of that time wrote no Source).
    _rows(store, "MATCH (s) WHERE s:Source OR s:Registry DETACH DELETE s")
    assert {k: _rows(store, q) for k, q in FACTS.items()} == facts
    with Neo4jStore() as reopened:
        assert assert_exact(reopened) == registry
        assert reopened.notices() == notices
        assert {k: _rows(reopened, q) for k, q in FACTS.items()} == facts
        assert ensure_registry(reopened.driver, reopened.database) is False  # once
        # Writes after the migration find the old facts through it.
        record_progress(reopened, "税郭镇", PATENTS, "2024", 5)
        reopened.load(results[:1])
        assert_exact(reopened)
        assert {k: _rows(reopened, q) for k, q in FACTS.items()}["nodes"] != facts["nodes"]


def _operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    name = str(plan.get("operatorType", "")).split("@")[0]
    details = str(plan.get("args", {}).get("Details", ""))
    out = [(name, details)]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def _scans(n: Neo4jStore, query: str) -> list[tuple[str, str]]:
    with n.driver.session(database=n.database) as s:
        plan = s.run("EXPLAIN " + query).consume().plan
    assert plan is not None
    return [
        (op, details)
        for op, details in _operators(dict(plan))
        if "AllNodesScan" in op
        or "RelationshipTypeScan" in op
        or "AllRelationshipsScan" in op
        or (op.startswith("NodeByLabelScan") and ":Source" not in details)
    ]


# The write path's statements that find stored notices and a source's facts.
WRITE_PATH = (
    "NOTICES",
    "DELETE_NOTICE_EDGES",
    "DETACH_NOTICE_NODES",
    "DELETE_ORPHAN_NODES",
    "INTEGRITY_NOTICE_NODES",
    "INTEGRITY_DANGLING",
)


def test_the_write_path_seeks_through_the_registry(store: Neo4jStore) -> None:
    statements = cypher.all_statements()
    for name in (*WRITE_PATH, "SOURCES_STORED", "SOURCE_DROP_DRAWS", "SOURCES_PRUNE"):
        assert _scans(store, statements[name]) == [], name
    for name in ("DELETE_NOTICE_EDGES", "DETACH_NOTICE_NODES", "INTEGRITY_NOTICE_NODES"):
        with store.driver.session(database=store.database) as s:
            plan = s.run("EXPLAIN " + statements[name]).consume().plan
        assert any("NodeUniqueIndexSeek" in op for op, _ in _operators(dict(plan or {}))), name
    # The check can fail: the stored notices as they were listed before, through every node.
    before = "MATCH (n:Entity)\nUNWIND n.notice_ids AS notice\nRETURN DISTINCT notice"
    assert [op for op, _ in _scans(store, before)] == ["NodeByLabelScan"]
