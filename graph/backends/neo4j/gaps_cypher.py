"""The Cypher of gap facts on Neo4j: sums, counts and lists aggregated on the server.

Each statement takes `$notices` (parse ids, or null for every notice) and returns one row per
column, file total, item or obligation, not the nodes (graph/backends/neo4j/gaps.py). cypher.py
lists them for the linter and the parameter check.
"""

# One row per allocation column (notice, table, measure, period): its rows' values and whether
# each row is a township (by the unit's label), its smallest target id and its 合计 cells.
COLUMNS = """\
MATCH (t:Target)
WHERE $notices IS NULL OR t.notice IN $notices
OPTIONAL MATCH (u:Unit {id: t.unit})
WITH t, coalesce(u.label, t.unit) AS place
WITH t.notice AS notice, t.table AS table, t.measure AS measure, t.period AS period,
     min(t.id) AS first,
     collect(CASE WHEN t.stated THEN [t.id, coalesce(t.label, t.id), toFloat(t.value)] END)
       AS stated,
     collect(CASE WHEN t.stated THEN null ELSE toFloat(t.value) END) AS values,
     collect(CASE WHEN t.stated THEN null ELSE place END) AS places
RETURN notice, table, measure, period, first, stated, values,
       all(p IN places WHERE NOT p STARTS WITH '各' AND any(e IN $endings WHERE p ENDS WITH e))
         AS townships"""

# The indicators of some notices: the headline candidates of their tables.
INDICATORS = """\
MATCH (i:Indicator)
WHERE i.notice IN $notices
RETURN i.id AS id, coalesce(i.label, i.id) AS label, i.notice AS notice, i.name AS name,
       i.measure AS measure, i.value AS value"""

# The (table, measure) pairs of some notices' allocation tables.
TABLES = """\
MATCH (t:Target)
WHERE t.notice IN $notices
RETURN DISTINCT t.notice AS notice, t.table AS table, t.measure AS measure"""

# One row per progress file, notice, table and period with a 合计 row on a target: the 合计
# rows and the values of the other rows.
REPORT_TOTALS = """\
MATCH (r:Report)
WHERE ($notices IS NULL OR r.notice IN $notices) AND EXISTS { MATCH (:Target {id: r.item}) }
WITH r.file AS file, r.notice AS notice, r.name AS table, r.period AS period,
     collect(CASE WHEN r.stated
       THEN [r.id, coalesce(r.label, r.id), toFloat(r.value), coalesce(r.measure, '')] END)
       AS stated,
     collect(CASE WHEN r.stated THEN null ELSE toFloat(r.value) END) AS values
WHERE size(stated) > 0 AND size(values) > 0
RETURN file, notice, table, period, stated, values"""

# Tasks nothing OWNS.
BARE_TASKS = """\
MATCH (t:Task)
WHERE ($notices IS NULL OR t.notice IN $notices) AND NOT EXISTS { MATCH (:Entity)-[:OWNS]->(t) }
RETURN t.id AS id, coalesce(t.label, t.id) AS label, t.path AS path, t.notice AS notice"""

# Indicators owned neither directly nor through a task that contains them, with the texts
# that tell a condition or a subsidy from a target (graph.gaps.relevance).
BARE_INDICATORS = """\
MATCH (i:Indicator)
WHERE ($notices IS NULL OR i.notice IN $notices)
  AND NOT EXISTS { MATCH (:Entity)-[:OWNS]->(i) }
  AND NOT EXISTS { MATCH (:Entity)-[:OWNS]->(:Task)-[:CONTAINS]->(i) }
RETURN i.id AS id, coalesce(i.label, i.id) AS label, i.notice AS notice, i.name AS name,
       i.value AS value, i.measure AS measure, i.quote AS quote,
       [(p:Task)-[:CONTAINS]->(i) | [p.id, p.section_title, p.title]] AS tasks"""

# Recurring report obligations, with their own unit (and its members) and the notice's dates.
RECURRING = """\
MATCH (d:Deadline)
WHERE ($notices IS NULL OR d.notice IN $notices)
  AND d.recurrence IS NOT NULL AND d.dates IS NOT NULL
OPTIONAL MATCH (o:Entity {id: d.owner_id})
RETURN d.id AS id, coalesce(d.label, d.id) AS label, d.notice AS notice, d.what AS what,
       d.dates AS dates, d.recurrence AS recurrence, d.start AS start, o.id AS owner,
       o.collective AS collective,
       CASE WHEN o IS NULL THEN [] ELSE [(m:Unit)-[:MEMBER_OF]->(o) | m.id] END AS members,
       COLLECT {
         MATCH (n:Notice) WHERE n.notice = d.notice AND NOT coalesce(n.stub, false)
         RETURN [n.id, n.date]
       } AS dated"""

# Per notice: its deadlines' due dates and its indicators' years (the plan's end).
PLAN_ENDS = """\
UNWIND $notices AS notice
RETURN notice,
       COLLECT { MATCH (d:Deadline) WHERE d.notice = notice RETURN d.due } AS dues,
       COLLECT { MATCH (i:Indicator) WHERE i.notice = notice RETURN i.year } AS years"""

# Per notice: the units owning its tasks, with what decides whether they owe its reports.
TASK_OWNERS = """\
MATCH (u:Entity)-[:OWNS]->(t:Task)
WHERE t.notice IN $notices
WITH DISTINCT t.notice AS notice, u
RETURN notice, u.id AS id, u.collective AS collective, u.region AS region,
       [(m:Unit)-[:MEMBER_OF]->(u) | m.id] AS members"""

# The dates the reports of some units were received.
RECEIVED = """\
UNWIND $units AS unit
MATCH (r:Report {unit: unit})
WHERE r.reported IS NOT NULL
RETURN unit, collect(r.reported) AS dates"""

# Kind and label of some nodes (the entities of findings).
REFS = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind,
       coalesce(n.label, n.id) AS label"""

GAPS: dict[str, tuple[str, frozenset[str]]] = {
    "GAPS_COLUMNS": (COLUMNS, frozenset({"notices", "endings"})),
    "GAPS_INDICATORS": (INDICATORS, frozenset({"notices"})),
    "GAPS_TABLES": (TABLES, frozenset({"notices"})),
    "GAPS_REPORT_TOTALS": (REPORT_TOTALS, frozenset({"notices"})),
    "GAPS_BARE_TASKS": (BARE_TASKS, frozenset({"notices"})),
    "GAPS_BARE_INDICATORS": (BARE_INDICATORS, frozenset({"notices"})),
    "GAPS_RECURRING": (RECURRING, frozenset({"notices"})),
    "GAPS_PLAN_ENDS": (PLAN_ENDS, frozenset({"notices"})),
    "GAPS_TASK_OWNERS": (TASK_OWNERS, frozenset({"notices"})),
    "GAPS_RECEIVED": (RECEIVED, frozenset({"units"})),
    "GAPS_REFS": (REFS, frozenset({"ids"})),
}
"""Every statement above by a stable name, with the parameters the store passes (for the lint)."""
