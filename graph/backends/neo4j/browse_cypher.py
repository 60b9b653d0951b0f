"""The Cypher of the index, task, notice-list and members pages on Neo4j (browse.py).

The index reads counts and heads by aggregates; the lights of its overview read only the few
properties a light needs, never `sources`. cypher.py lists these for the linter. Values only as
parameters.
"""

_ROW = "n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind"

PAGES: dict[str, tuple[str, frozenset[str]]] = {
    # The groups with their names (the index, find_groups).
    "PAGE_GROUPS": (
        f"MATCH (n:Group)\nRETURN {_ROW}, n {{.label, .aliases}} AS props\nORDER BY id",
        frozenset(),
    ),
    # Each unit with how many items it owns directly: one row a unit, not its duties.
    "PAGE_UNIT_OWNS": (
        "MATCH (n:Unit)\nRETURN n.id AS id, n.label AS label, "
        "COUNT { (n)-[:OWNS]->(:Entity) } AS owns\nORDER BY id",
        frozenset(),
    ),
    # Each allocation table with the notices that allocate it, by the first target of each.
    "PAGE_TABLES": (
        "MATCH (n:Target)\nWHERE NOT coalesce(n.stated, false)\n"
        "WITH n.table AS table, n.notice AS notice, min(n.id) AS first\n"
        "RETURN table, notice\nORDER BY first",
        frozenset(),
    ),
    # Every task's names (find_tasks: path, label, title) and notice.
    "PAGE_TASKS": (
        f"MATCH (n:Task)\nRETURN {_ROW}, n {{.label, .path, .title, .notice}} AS props\n"
        "ORDER BY id",
        frozenset(),
    ),
    # What a target's light reads of it (graph.progress.traffic, graph.queries.Actuals).
    "PAGE_LIGHT_TARGETS": (
        f"MATCH (n:Target)\nRETURN {_ROW}, "
        "n {.label, .notice, .table, .unit, .period, .value, .measure, .stated} AS props",
        frozenset(),
    ),
    "PAGE_INDICATORS": (
        f"MATCH (n:Indicator)\nRETURN {_ROW}, "
        "[k IN keys(n) WHERE k <> 'sources' | [k, n[k]]] AS props",
        frozenset(),
    ),
    "PAGE_REPORTS": (
        f"MATCH (n:Report)\nRETURN {_ROW}, "
        "[k IN keys(n) WHERE k <> 'sources' | [k, n[k]]] AS props",
        frozenset(),
    ),
    # What enterprises count toward (the only CONTRIBUTES_TO edges an actual reads).
    "PAGE_ENTERPRISE_EDGES": (
        "MATCH (n:Enterprise)-[r:CONTRIBUTES_TO]->(b:Entity)\n"
        "RETURN n.id AS src, b.id AS dst, type(r) AS kind, properties(r) AS props,\n"
        "       {id: n.id, kind: 'Enterprise', props: n {.label, .township}} AS node",
        frozenset(),
    ),
}
