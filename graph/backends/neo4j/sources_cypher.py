"""The source registry's Cypher (sources.py): which sources are stored and what each states.

A (:Source {id}) node per notice or import source (unique id), with (:Source)-[:STATES]->(n) to
every node whose `notice_ids` name it and (:Source)-[:DRAWS]->(a) to the start node of every
relationship it states that it does not state itself (an import's edge from a notice's node). The stored-notices list and "replace source X" are then index seeks on
Source(id) and expansions from it, not scans of every node and relationship. Source is not an
Entity: counts, snapshots and every read that matches (:Entity) ends never see it.
"""

SOURCE = "Source"
REGISTRY = "Registry"
REGISTRY_VERSION = 1

SOURCES: dict[str, tuple[str, frozenset[str]]] = {
    "SOURCE_CONSTRAINT": (
        "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE",
        frozenset(),
    ),
    "REGISTRY_CONSTRAINT": (
        "CREATE CONSTRAINT registry_id IF NOT EXISTS FOR (n:Registry) REQUIRE n.id IS UNIQUE",
        frozenset(),
    ),
    # Which of these sources the store holds (a write replaces what they stated before).
    "SOURCES_STORED": (
        "UNWIND $ids AS id\nMATCH (s:Source {id: id})\nRETURN s.id AS id",
        frozenset({"ids"}),
    ),
    "SOURCE_ENSURE": ("MERGE (:Source {id: $notice})", frozenset({"notice"})),
    # Every registered source, also those that only draw relationships (clear()).
    "SOURCES_ALL": ("MATCH (s:Source)\nRETURN s.id AS id\nORDER BY id", frozenset()),
    "SOURCE_DROP_DRAWS": (
        "MATCH (:Source {id: $notice})-[d:DRAWS]->()\nDELETE d",
        frozenset({"notice"}),
    ),
    # Sources of a batch left stating and drawing nothing go.
    "SOURCES_PRUNE": (
        "UNWIND $ids AS id\nMATCH (s:Source {id: id})\nWHERE NOT EXISTS { (s)-->() }\nDELETE s",
        frozenset({"ids"}),
    ),
    # A merged unit's outgoing relationships move to the canonical unit: so do their sources.
    "SOURCES_MERGE_DRAWS": (
        "MATCH (s:Source)-[:STATES|DRAWS]->(:Unit {id: $variant})\n"
        "MATCH (c:Unit {id: $canonical})\n"
        "WHERE NOT s.id IN c.notice_ids\n"
        "MERGE (s)-[:DRAWS]->(c)",
        frozenset({"variant", "canonical"}),
    ),
    # -- the migration of a store written before the registry (once, on open) ---------------
    "REGISTRY_READ": (
        "MATCH (m:Registry {id: 'sources'})\nRETURN m.version AS version",
        frozenset(),
    ),
    "MIGRATE_STATES": (
        "MATCH (n:Entity)\nUNWIND n.notice_ids AS x\n"
        "MERGE (s:Source {id: x})\nMERGE (s)-[:STATES]->(n)",
        frozenset(),
    ),
    # Hand edits' own relationships (edit:N) are no source: the edit log replays them.
    "MIGRATE_DRAWS": (
        "MATCH (a:Entity)-[r]->(:Entity)\nUNWIND r.notice_ids AS x\n"
        "WITH DISTINCT a, x\nWHERE NOT x STARTS WITH 'edit:' AND NOT x IN a.notice_ids\n"
        "MERGE (s:Source {id: x})\nMERGE (s)-[:DRAWS]->(a)",
        frozenset(),
    ),
    "REGISTRY_MARK": (
        "MERGE (m:Registry {id: 'sources'})\nSET m.version = $version",
        frozenset({"version"}),
    ),
}
