"""The source registry on Neo4j (sources_cypher.py): its schema and the migration of old stores.

A store written before the registry has facts but no (:Source) nodes: opening it builds them
from the nodes' and relationships' `notice_ids` once, in one transaction, then marks the store
(:Registry {id: 'sources', version}). The marker makes opening again a single index seek.
"""

from neo4j import Driver, ManagedTransaction

from dutygraph.graph.backends.neo4j.sources_cypher import REGISTRY_VERSION, SOURCES


def _q(name: str) -> str:
    return SOURCES[name][0]


def _migrate_tx(tx: ManagedTransaction) -> bool:
    # Read again inside the write transaction: another process may have migrated meanwhile.
    found = tx.run(_q("REGISTRY_READ")).single()
    if found is not None and found["version"] == REGISTRY_VERSION:
        return False
    # MERGE throughout: a half-registered store (or a second run) ends the same.
    tx.run(_q("MIGRATE_STATES")).consume()
    tx.run(_q("MIGRATE_DRAWS")).consume()
    tx.run(_q("REGISTRY_MARK"), version=REGISTRY_VERSION).consume()
    return True


def ensure_registry(driver: Driver, database: str | None) -> bool:
    """Create the registry's constraints; register a store written before it. True: migrated."""
    with driver.session(database=database) as s:
        for name in ("SOURCE_CONSTRAINT", "REGISTRY_CONSTRAINT"):
            s.run(_q(name)).consume()
        found = s.run(_q("REGISTRY_READ")).single()
        if found is not None and found["version"] == REGISTRY_VERSION:
            return False
        migrated: bool = s.execute_write(_migrate_tx)
    return migrated


def stored_sources(tx: ManagedTransaction, ids: list[str]) -> set[str]:
    """Which of these sources the store holds (index seeks on Source(id))."""
    return {str(r["id"]) for r in tx.run(_q("SOURCES_STORED"), ids=ids)}


def ensure_source(tx: ManagedTransaction, notice: str) -> None:
    tx.run(_q("SOURCE_ENSURE"), notice=notice).consume()


def drop_draws(tx: ManagedTransaction, notice: str) -> None:
    """Forget where `notice`'s relationships start (its write registers them again)."""
    tx.run(_q("SOURCE_DROP_DRAWS"), notice=notice).consume()


def prune_sources(tx: ManagedTransaction, ids: list[str]) -> None:
    """Delete the sources among `ids` that state and draw nothing any more."""
    tx.run(_q("SOURCES_PRUNE"), ids=ids).consume()


def merge_draws(tx: ManagedTransaction, variant: str, canonical: str) -> None:
    """Before a unit merge moves the variant's relationships, register them at the canonical."""
    tx.run(_q("SOURCES_MERGE_DRAWS"), variant=variant, canonical=canonical).consume()
