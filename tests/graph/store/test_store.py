"""The embedded store: idempotent re-loads, per-notice replacement, all-or-nothing batches."""

import sqlite3
from pathlib import Path

import pytest

import dutygraph.graph.store.embedded as store_mod
from dutygraph.graph.model import Facts
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in ("nodes", "edges", "merges")}
    finally:
        conn.close()


def test_reload_leaves_counts_unchanged(store: Store, results: list[ParseResult]) -> None:
    before = store.counts()
    assert before[0] > 300 and before[1] > 600
    store.load(results)
    assert store.counts() == before
    store.load(results[::-1])
    assert store.counts() == before


def test_reopen_rebuilds_same_graph(store: Store) -> None:
    counts = store.counts()
    store.close()
    with Store(store.path) as again:
        assert again.counts() == counts
        assert len(again.notices()) == 5


def test_failed_load_halfway_leaves_store_unchanged(
    store: Store, results: list[ParseResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    counts, rows = store.counts(), _dump(store.path)
    revised = [r.model_copy(update={"tasks": r.tasks[1:]}) for r in results]
    calls: list[str] = []
    real_write = store_mod._write

    def flaky(conn: sqlite3.Connection, facts: Facts) -> None:
        calls.append(facts.notice_id)
        if len(calls) == 3:
            raise RuntimeError("injected failure")
        real_write(conn, facts)

    monkeypatch.setattr(store_mod, "_write", flaky)
    with pytest.raises(RuntimeError, match="injected"):
        store.load(revised)
    assert len(calls) == 3  # two notices were written before the failure
    assert store.counts() == counts
    assert _dump(store.path) == rows
    store.close()
    with Store(store.path) as again:
        assert again.counts() == counts


def test_revised_notice_replaces_only_its_own_facts(store: Store, r004: ParseResult) -> None:
    before = set(store.graph.nodes)
    revised = r004.model_copy(update={"tasks": [t for t in r004.tasks if t.path != "三.(一).1"]})
    store.load([revised])
    after = set(store.graph.nodes)
    assert before - after == {"t:na3a8e7f37d:三.(一).1"}
    assert after <= before


def test_shared_node_keeps_every_notice(store: Store, r004: ParseResult) -> None:
    """枣庄市 is stated by 000 (its issuer's city) and 004 (parent of 市中区)."""
    city = store.graph.nodes["u:枣庄市"]
    assert {"n215db929d3", r004.notice.id} <= set(city["notices"])
    store.load([r004.model_copy(update={"targets": [], "stated_totals": []})])
    assert "u:枣庄市" in store.graph
    assert "u:枣庄市市中区税郭镇" not in store.graph  # only 004's annex named it


def test_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYGRAPH_STORE", str(tmp_path / "env.sqlite"))
    with Store() as s:
        assert s.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").exists()


def test_wal_mode(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_merges_are_listed(store: Store) -> None:
    merges = store.merges()
    assert [(m.jurisdiction, m.variant, m.canonical) for m in merges] == [
        ("枣庄市市中区", "各塔埠街道", "垎塔埠街道")
    ]


def test_load_facts_is_all_or_nothing(store: Store, results: list[ParseResult]) -> None:
    from dutygraph.graph.build import build

    counts, rows = store.counts(), _dump(store.path)
    batch = [build(r) for r in results]
    bad = Facts(notice_id=batch[0].notice_id)
    bad.nodes = [batch[0].nodes[0], batch[0].nodes[0]]  # duplicate primary key: fails mid-batch
    with pytest.raises(sqlite3.IntegrityError):
        store.load_facts([*batch[1:], bad])
    assert store.counts() == counts
    assert _dump(store.path) == rows
    store.load_facts(batch)
    assert store.counts() == counts
