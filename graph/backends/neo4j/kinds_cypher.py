"""The Cypher of the names, people, load and orphaned gap facts on Neo4j.

Each statement returns one light row per unit, (notice, unit) pair or node named, not the
graph (graph/backends/neo4j/kinds.py turns them into graph.gaps.facts). cypher.py lists them
for the linter and the parameter check.
"""

# What a unit owns, as GapContext.owned counts it: tasks, indicators and targets, stated 合计
# cells excluded.
_WORK = "(i:Task OR i:Indicator OR i:Target) AND NOT coalesce(i.stated, false)"

# Every unit with its spellings and place; for a collective, what it owns and whether any
# unit is its member.
UNIT_NAMES = f"""\
MATCH (u:Unit)
WITH u, coalesce(u.collective, false) AS collective
RETURN u.id AS id, coalesce(u.label, u.id) AS label, coalesce(u.aliases, []) AS aliases,
       coalesce(u.jurisdiction, '') AS jurisdiction, collective,
       CASE WHEN collective
         THEN size(COLLECT {{ MATCH (u)-[:OWNS]->(i) WHERE {_WORK} RETURN DISTINCT i.id }})
         ELSE 0 END AS owned,
       collective AND EXISTS {{ MATCH (:Unit)-[:MEMBER_OF]->(u) }} AS members"""

# Units (all, or those in $units) owning work directly (neither collective nor region) or
# through a collective they are a member of: how much, in which notices, and their named
# leaders and liaisons.
STAFFED = f"""\
MATCH (u:Unit)
WHERE $units IS NULL OR u.id IN $units
WITH u,
     CASE WHEN coalesce(u.collective, false) OR coalesce(u.region, false) THEN []
       ELSE COLLECT {{ MATCH (u)-[:OWNS]->(i) WHERE {_WORK} RETURN i }} END
     + COLLECT {{
         MATCH (u)-[:MEMBER_OF]->(c:Unit)-[:OWNS]->(i)
         WHERE coalesce(c.collective, false) AND {_WORK}
         RETURN i
       }} AS owned
WHERE size(owned) > 0
UNWIND owned AS i
WITH u, collect(DISTINCT i) AS items
RETURN u.id AS id, coalesce(u.label, u.id) AS label, size(items) AS items,
       [x IN items | x.notice] AS notices,
       [(p:Leader)-[:MEMBER_OF|LEADS]->(u) WHERE p.name IS NOT NULL AND p.name <> ''
         | [toString(p.name), coalesce(toString(p.role), '')]] AS people
ORDER BY id"""

# Per notice (all, or those in $notices) and owner (neither collective nor region): how
# many of its tasks the owner owns.
TASK_LOAD = """\
MATCH (u:Entity)-[:OWNS]->(t:Task)
WHERE t.notice IS NOT NULL AND t.notice <> '' AND ($notices IS NULL OR t.notice IN $notices)
  AND NOT coalesce(u.collective, false) AND NOT coalesce(u.region, false)
WITH DISTINCT t, u
RETURN toString(t.notice) AS notice, u.id AS id, coalesce(u.label, u.id) AS label,
       [x IN labels(u) WHERE x <> 'Entity'][0] AS kind, count(t) AS tasks"""

# Kind, label, value and notice of some nodes (the present ends of orphans).
ENDS = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind,
       coalesce(n.label, n.id) AS label, n.value AS value, n.notice AS notice"""

# Every task (the whole store's ledger: graph.supervision.findings).
TASKS = """\
MATCH (n:Task)
RETURN n.id AS id"""

KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "KINDS_UNIT_NAMES": (UNIT_NAMES, frozenset()),
    "KINDS_STAFFED": (STAFFED, frozenset({"units"})),
    "KINDS_TASK_LOAD": (TASK_LOAD, frozenset({"notices"})),
    "KINDS_ENDS": (ENDS, frozenset({"ids"})),
    "KINDS_TASKS": (TASKS, frozenset()),
}
"""Every statement above by a stable name, with the parameters the store passes (for the lint)."""
