"""Every Cypher statement the Neo4j store issues, in one place so the linter sees them all.

Values only ever travel as parameters; labels and relationship types cannot be parameters, so
there is one constant per node label and per relationship type. Each node also carries the
label `Entity` (unique `id`) so that edges and reads can find any node by id through an index.

Like the embedded store's `notice_id` column, every node and relationship records the notices
that state it (`notice_ids`); a node also keeps what each notice said about it in `sources`
("<notice id>\\t<json>"), so replacing one notice's facts leaves the others' intact and the
merged properties can be recomputed exactly as graph/store.py does.
"""

from dutygraph.graph.backends.neo4j.browse_cypher import PAGES
from dutygraph.graph.backends.neo4j.gaps_cypher import GAPS
from dutygraph.graph.backends.neo4j.kinds_cypher import KINDS
from dutygraph.graph.backends.neo4j.lights_cypher import LIGHTS
from dutygraph.graph.backends.neo4j.maps_cypher import MAPS
from dutygraph.graph.backends.neo4j.names_cypher import NAMES
from dutygraph.graph.backends.neo4j.sources_cypher import SOURCES
from dutygraph.graph.backends.neo4j.supervision_cypher import SUPERVISION
from dutygraph.graph.model import EDGE_KINDS as EDGE_KINDS
from dutygraph.graph.model import NODE_KINDS, EdgeKind, NodeKind

# The statements of the other modules of this folder: {name: (statement, parameters)} each.
_MODULES = (
    SUPERVISION,  # accounts, the audit chain, task status
    GAPS,  # gap facts aggregated on the server
    KINDS,  # the gap kinds names, people, load, orphaned
    NAMES,  # names the imports and writes match against
    PAGES,  # the index, task, notice-list and members pages
    SOURCES,  # the source registry: what each source states
    LIGHTS,  # traffic lights' actuals
    MAPS,  # org and notice maps, the whole store's ledger
)

ENTITY = "Entity"

# -- schema -------------------------------------------------------------------------------


def _constraint(label: str) -> str:
    return (
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    )


CONSTRAINTS: dict[str, str] = {label: _constraint(label) for label in (ENTITY, *NODE_KINDS)}
# Property indexes the roll-ups and their actuals look targets and reports up by.
INDEXES: dict[str, str] = {
    "TARGET_TABLE": "CREATE INDEX target_table IF NOT EXISTS FOR (n:Target) ON (n.table)",
    "REPORT_ITEM": "CREATE INDEX report_item IF NOT EXISTS FOR (n:Report) ON (n.item)",
    # A roll-up's 合计 cells, a notice's or a unit's targets, a unit's reports (issue 13).
    "TARGET_CELL": (
        "CREATE INDEX target_cell IF NOT EXISTS FOR (n:Target) ON (n.notice, n.table, n.period)"
    ),
    "TARGET_UNIT": "CREATE INDEX target_unit IF NOT EXISTS FOR (n:Target) ON (n.unit)",
    "ENTITY_NOTICE": "CREATE INDEX entity_notice IF NOT EXISTS FOR (n:Entity) ON (n.notice)",
    "ENTITY_UNIT": "CREATE INDEX entity_unit IF NOT EXISTS FOR (n:Entity) ON (n.unit)",
    "REPORT_UNIT": "CREATE INDEX report_unit IF NOT EXISTS FOR (n:Report) ON (n.unit)",
    "UNIT_LABEL": "CREATE INDEX unit_label IF NOT EXISTS FOR (n:Unit) ON (n.label)",
    # Gap facts of some notices: their targets, reports, tasks, indicators and deadlines.
    **{
        f"{k.upper()}_NOTICE": (
            f"CREATE INDEX {k.lower()}_notice IF NOT EXISTS FOR (n:{k}) ON (n.notice)"
        )
        for k in ("Target", "Report", "Task", "Indicator", "Deadline")
    },
}

# -- writes -------------------------------------------------------------------------------


def _node_merge(kind: NodeKind) -> str:
    # Returns the ids of the nodes that existed before: only those need their props recomputed.
    # The notice's (:Source) registers the node (sources_cypher.py; _write ensures it exists).
    return (
        "MATCH (src:Source {id: $notice})\n"
        "UNWIND $rows AS row\n"
        f"OPTIONAL MATCH (old:{ENTITY} {{id: row.id}})\n"
        "WITH src, row, old IS NOT NULL AS existed\n"
        f"MERGE (n:{kind} {{id: row.id}})\n"
        f"SET n:{ENTITY}, n += row.props,\n"
        "    n.notice_ids = [x IN coalesce(n.notice_ids, []) WHERE x <> $notice] + $notice,\n"
        "    n.sources = [s IN coalesce(n.sources, []) WHERE NOT s STARTS WITH $prefix]"
        " + ($prefix + row.source)\n"
        "MERGE (src)-[:STATES]->(n)\n"
        "WITH n, existed\n"
        "WHERE existed\n"
        "RETURN n.id AS id"
    )


def _edge_merge(kind: EdgeKind) -> str:
    # A start node the source does not state itself is registered (DRAWS): its relationships
    # are found from the nodes it states or draws from. MERGE: an orphan re-attached may name a
    # source that states no node any more.
    return (
        "MERGE (src:Source {id: $notice})\n"
        "WITH src\n"
        "UNWIND $rows AS row\n"
        f"MATCH (a:{ENTITY} {{id: row.src}})\n"
        f"MATCH (b:{ENTITY} {{id: row.dst}})\n"
        f"MERGE (a)-[r:{kind} {{key: row.key}}]->(b)\n"
        "SET r += row.props,\n"
        "    r.notice_ids = [x IN coalesce(r.notice_ids, []) WHERE x <> $notice] + $notice\n"
        "WITH DISTINCT src, a\n"
        "WHERE NOT $notice IN a.notice_ids\n"
        "MERGE (src)-[:DRAWS]->(a)"
    )


NODE_MERGE: dict[NodeKind, str] = {k: _node_merge(k) for k in NODE_KINDS}
EDGE_MERGE: dict[EdgeKind, str] = {k: _edge_merge(k) for k in EDGE_KINDS}

# Replacing a notice: drop it from its relationships (deleting those no other notice states),
# then from its nodes; nodes no notice states any more go, the rest are recomputed. Each
# starts at the notice's (:Source) (an index seek) and follows its STATES / DRAWS links.
DELETE_NOTICE_EDGES = """\
MATCH (:Source {id: $notice})-[:STATES|DRAWS]->(a:Entity)
WITH DISTINCT a
MATCH (a)-[r]->(:Entity)
WHERE $notice IN r.notice_ids
SET r.notice_ids = [x IN r.notice_ids WHERE x <> $notice]
WITH r
WHERE size(r.notice_ids) = 0
DELETE r"""

DETACH_NOTICE_NODES = """\
MATCH (:Source {id: $notice})-[st:STATES]->(n:Entity)
SET n.notice_ids = [x IN n.notice_ids WHERE x <> $notice],
    n.sources = [s IN n.sources WHERE NOT s STARTS WITH $prefix]
DELETE st
RETURN n.id AS id, size(n.notice_ids) AS remaining"""

# Of the nodes a batch detached, those no notice states any more (and the batch did not state
# again).
DELETE_ORPHAN_NODES = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE size(n.notice_ids) = 0
DETACH DELETE n"""

READ_SOURCES = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.sources AS sources"""

# `SET n = map` replaces all properties (labels stay): the merged view of every source.
NODE_REPLACE_PROPS = """\
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row.props"""

# -- counts -------------------------------------------------------------------------------

COUNT_NODES = "MATCH (n:Entity) RETURN count(n) AS n"
COUNT_EDGES = "MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n"
# The notices and import sources stating at least one node, from the registry (sources_cypher).
NOTICES = """\
MATCH (s:Source)
WHERE EXISTS { (s)-[:STATES]->(:Entity) }
RETURN s.id AS notice
ORDER BY notice"""

# -- reads: owners ------------------------------------------------------------------------

FIND_ITEMS_EXACT = """\
MATCH (n:Entity)
WHERE (n:Task OR n:Indicator)
  AND (n.id = $text OR n.id ENDS WITH ':' + $text OR n.path = $text)
RETURN n.id AS id
ORDER BY id"""

FIND_ITEMS_WORDS = """\
MATCH (n:Entity)
WHERE (n:Task OR n:Indicator)
  AND (n.label CONTAINS $text
       OR (coalesce(n.title, '') + ' ' + coalesce(n.name, '') + ' ' + coalesce(n.text, ''))
          CONTAINS $text)
RETURN n.id AS id
ORDER BY id"""

ITEM = """\
MATCH (n:Entity {id: $item})
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, n.label AS label,
       coalesce(n.notice, '') AS notice, n.path AS path"""


# -- reads: responsibilities --------------------------------------------------------------

FIND_UNITS_BY_LABEL = """\
MATCH (u:Unit)
WHERE u.label IN $names
RETURN u.id AS id
ORDER BY id"""

FIND_UNITS_BY_ALIAS = """\
MATCH (u:Unit)
WHERE any(a IN coalesce(u.aliases, []) WHERE a IN $names)
RETURN u.id AS id
ORDER BY id"""

FIND_UNITS_BY_SUFFIX = """\
MATCH (u:Unit)
WHERE any(x IN $names WHERE u.label ENDS WITH x)
RETURN u.id AS id
ORDER BY id"""

# -- reads: rollup ------------------------------------------------------------------------

# The tables (named exactly through the Target.table index, else every table containing the
# text), the regions (unit named by label, else alias, else name ending: find_units' order),
# and per notice, table, measure and period the children inside the regions, the stated 合计,
# and the notice's headline candidates: one request where there were six.
# With regions, only the units inside them are visited (downward from each region over
# PART_OF), with the stated cells of the groups they have cells in.
ROLLUP_ONE = """\
WITH CASE
       WHEN EXISTS { MATCH (t:Target) WHERE t.table = $indicator } THEN [$indicator]
       ELSE COLLECT {
         MATCH (t:Target) WHERE t.table CONTAINS $indicator
         WITH DISTINCT t.table AS table
         RETURN table ORDER BY table
       }
     END AS tables,
     CASE
       WHEN $names IS NULL THEN null
       WHEN EXISTS { MATCH (u:Unit) WHERE u.label IN $names }
         THEN COLLECT { MATCH (u:Unit) WHERE u.label IN $names RETURN u.id }
       WHEN EXISTS { MATCH (u:Unit) WHERE any(a IN coalesce(u.aliases, []) WHERE a IN $names) }
         THEN COLLECT {
           MATCH (u:Unit) WHERE any(a IN coalesce(u.aliases, []) WHERE a IN $names)
           RETURN u.id
         }
       ELSE COLLECT {
         MATCH (u:Unit) WHERE any(x IN $names WHERE u.label ENDS WITH x) RETURN u.id
       }
     END AS regions
CALL {
  WITH tables, regions
  UNWIND CASE WHEN regions IS NULL THEN [true] ELSE [] END AS whole
  MATCH (t:Target)
  WHERE t.table IN tables AND ($period IS NULL OR t.period = $period)
  RETURN t
  UNION
  WITH tables, regions
  UNWIND coalesce(regions, []) AS region
  MATCH (r:Unit {id: region})
  MATCH (u:Unit)-[:PART_OF*0..]->(r)
  WITH DISTINCT tables, u
  MATCH (u)-[:OWNS]->(c:Target)
  WHERE c.table IN tables AND ($period IS NULL OR c.period = $period) AND NOT c.stated
  WITH collect(DISTINCT c) AS cells
  UNWIND cells + COLLECT {
    UNWIND cells AS c
    WITH DISTINCT c.table AS table, c.notice AS notice, c.period AS period
    MATCH (s:Target)
    WHERE s.notice = notice AND s.table = table AND s.period = period AND s.stated
    RETURN DISTINCT s
  } AS t
  RETURN DISTINCT t
}
MATCH (u:Unit {id: t.unit})-[:OWNS]->(t)
WITH tables, regions, t, u
ORDER BY u.label, t.value
WITH tables, regions, t.notice AS notice, t.table AS table, t.measure AS measure, t.period AS period,
     collect({label: u.label, value: t.value, stated: t.stated}) AS cells
WITH tables, regions, notice, table, measure, period,
     [c IN cells WHERE NOT c.stated] AS children,
     [c IN cells WHERE c.stated] AS stated
WHERE regions IS NULL OR size(children) > 0
RETURN notice, table, measure, period,
       [c IN children | [c.label, toFloat(c.value)]] AS children,
       head([c IN stated | toFloat(c.value)]) AS stated,
       head([c IN stated | c.label]) AS region,
       COLLECT {
         MATCH (i:Indicator) WHERE i.notice = notice
         WITH i ORDER BY i.id
         RETURN [i.name, i.measure, i.value]
       } AS headlines,
       COUNT { (:Report) } + COUNT { (:Enterprise) } AS actuals,
       tables
ORDER BY notice, table, period"""


# -- reads: lineage -----------------------------------------------------------------------

# Notices by node id, 发文字号, parse id, file name, else title words: the lowest rank wins.
FIND_NOTICES = """\
MATCH (n:Notice)
WITH n,
     CASE
       WHEN n.id = $text THEN 0
       WHEN n.doc_number = $text THEN 1
       WHEN n.notice = $text THEN 2
       WHEN n.file = $text THEN 3
       WHEN n.label CONTAINS $text THEN 4
     END AS rank
WHERE rank IS NOT NULL
RETURN n.id AS id, rank
ORDER BY rank, id"""

NOTICE = """\
MATCH (n:Notice {id: $notice})
RETURN n.id AS id, n.label AS label, n.doc_number AS doc_number"""

# CITES and IMPLEMENTS in both directions, with the notice at the other end.
NOTICE_LINKS = """\
MATCH (n:Notice {id: $notice})-[r:CITES|IMPLEMENTS]-(m:Notice)
RETURN type(r) AS kind, startNode(r) = n AS outgoing, m.id AS id, m.label AS label,
       m.doc_number AS doc_number, NOT coalesce(m.stub, false) AS known
ORDER BY id, kind"""

# -- reads: impact ------------------------------------------------------------------------

NODES = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, n.label AS label,
       n.unit AS unit"""

# One step out of a node over some relationship types, to nodes of one label (impact's walk).
OUT_NEIGHBOURS = """\
MATCH (:Entity {id: $id})-[r]->(b:Entity)
WHERE type(r) IN $kinds AND $label IN labels(b)
RETURN DISTINCT b.id AS id, [x IN labels(b) WHERE x <> 'Entity'][0] AS kind
ORDER BY id"""

# The notice a task, indicator or target belongs to: its CONTAINS parent, else by parse id.
NOTICE_OF = """\
MATCH (i:Entity {id: $item})
OPTIONAL MATCH (p:Notice)-[:CONTAINS]->(i)
WITH i, collect(p.id) AS parents
OPTIONAL MATCH (m:Notice)
WHERE m.notice = i.notice AND NOT coalesce(m.stub, false)
RETURN parents, collect(m.id) AS by_notice"""

# -- reads: whole-graph snapshot (analyses that walk the graph in Python) ----------------

SNAPSHOT_NODES = """\
MATCH (n:Entity)
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, properties(n) AS props
ORDER BY id"""

SNAPSHOT_EDGES = """\
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS src, b.id AS dst, type(r) AS kind, properties(r) AS props
ORDER BY src, dst"""

# -- reads: progress ----------------------------------------------------------------------

# A roll-up's actuals read only what counts toward its tables' targets: the targets, the
# reports on them, and the enterprises and rows that CONTRIBUTES_TO them (not the whole graph).
ACTUAL_TARGETS = """\
MATCH (t:Target)
WHERE t.table IN $tables
RETURN t.id AS id, 'Target' AS kind, properties(t) AS props"""

ACTUAL_REPORTS = """\
MATCH (t:Target)
WHERE t.table IN $tables
MATCH (r:Report)
WHERE r.item = t.id
RETURN r.id AS id, 'Report' AS kind, properties(r) AS props"""

ACTUAL_CONTRIBUTIONS = """\
MATCH (a:Entity)-[c:CONTRIBUTES_TO]->(t:Target)
WHERE t.table IN $tables
RETURN a.id AS src, [x IN labels(a) WHERE x <> 'Entity'][0] AS src_kind,
       properties(a) AS src_props, t.id AS dst, type(c) AS kind, properties(c) AS props"""


def all_statements() -> dict[str, str]:
    """Every statement by a stable name, for the linter and for the parameter check."""
    out: dict[str, str] = {}
    out.update({f"CONSTRAINT_{k}": v for k, v in CONSTRAINTS.items()})
    out.update({f"INDEX_{k}": v for k, v in INDEXES.items()})
    out.update({f"NODE_MERGE_{k}": v for k, v in NODE_MERGE.items()})
    out.update({f"EDGE_MERGE_{k}": v for k, v in EDGE_MERGE.items()})
    for name in (*_SINGLE, *_BROWSE_SINGLE, *_INTEGRITY, *_SCOPE):
        out[name] = globals()[name]
    out.update({f"SCOPE_KIND_{k}": v for k, v in SCOPE_KIND.items()})
    out.update({f"EDIT_MERGE_OUT_{k}": v for k, v in EDIT_MERGE_OUT.items()})
    out.update({f"EDIT_MERGE_IN_{k}": v for k, v in EDIT_MERGE_IN.items()})
    for module in _MODULES:
        out.update({k: statement for k, (statement, _) in module.items()})
    return out


_SINGLE = (
    "DELETE_NOTICE_EDGES",
    "DETACH_NOTICE_NODES",
    "DELETE_ORPHAN_NODES",
    "READ_SOURCES",
    "NODE_REPLACE_PROPS",
    "COUNT_NODES",
    "COUNT_EDGES",
    "NOTICES",
    "FIND_ITEMS_EXACT",
    "FIND_ITEMS_WORDS",
    "ITEM",
    "FIND_UNITS_BY_LABEL",
    "FIND_UNITS_BY_ALIAS",
    "FIND_UNITS_BY_SUFFIX",
    "ROLLUP_ONE",
    "FIND_NOTICES",
    "NOTICE",
    "NOTICE_LINKS",
    "NODES",
    "OUT_NEIGHBOURS",
    "NOTICE_OF",
    "SNAPSHOT_NODES",
    "SNAPSHOT_EDGES",
    "ACTUAL_TARGETS",
    "ACTUAL_REPORTS",
    "ACTUAL_CONTRIBUTIONS",
)

_NODE_WRITE = frozenset({"rows", "notice", "prefix"})
_EDGE_WRITE = frozenset({"rows", "notice"})

# The parameters the store passes with each statement (checked against the `$name`s used).
PARAMS: dict[str, frozenset[str]] = {
    **{f"CONSTRAINT_{k}": frozenset() for k in CONSTRAINTS},
    **{f"INDEX_{k}": frozenset() for k in INDEXES},
    **{f"NODE_MERGE_{k}": _NODE_WRITE for k in NODE_MERGE},
    **{f"EDGE_MERGE_{k}": _EDGE_WRITE for k in EDGE_MERGE},
    "DELETE_NOTICE_EDGES": frozenset({"notice"}),
    "DETACH_NOTICE_NODES": frozenset({"notice", "prefix"}),
    "DELETE_ORPHAN_NODES": frozenset({"ids"}),
    "READ_SOURCES": frozenset({"ids"}),
    "NODE_REPLACE_PROPS": frozenset({"rows"}),
    "COUNT_NODES": frozenset(),
    "COUNT_EDGES": frozenset(),
    "NOTICES": frozenset(),
    "FIND_ITEMS_EXACT": frozenset({"text"}),
    "FIND_ITEMS_WORDS": frozenset({"text"}),
    "ITEM": frozenset({"item"}),
    "FIND_UNITS_BY_LABEL": frozenset({"names"}),
    "FIND_UNITS_BY_ALIAS": frozenset({"names"}),
    "FIND_UNITS_BY_SUFFIX": frozenset({"names"}),
    "ROLLUP_ONE": frozenset({"indicator", "names", "period"}),
    "FIND_NOTICES": frozenset({"text"}),
    "NOTICE": frozenset({"notice"}),
    "NOTICE_LINKS": frozenset({"notice"}),
    "NODES": frozenset({"ids"}),
    "OUT_NEIGHBOURS": frozenset({"id", "kinds", "label"}),
    "NOTICE_OF": frozenset({"item"}),
    "SNAPSHOT_NODES": frozenset(),
    "SNAPSHOT_EDGES": frozenset(),
    "ACTUAL_TARGETS": frozenset({"tables"}),
    "ACTUAL_REPORTS": frozenset({"tables"}),
    "ACTUAL_CONTRIBUTIONS": frozenset({"tables"}),
}


# -- reads: browsing (graph/browse.py) ----------------------------------------------------

GET_NODES = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, properties(n) AS props"""

# browse.matches in Cypher: every given filter holds; ordered by kind (as listed) then id.
LIST_NODES = """\
MATCH (n:Entity)
WITH n, [x IN labels(n) WHERE x IN $kinds][0] AS kind
WHERE kind IS NOT NULL
  AND ($text IS NULL
       OR any(w IN [n.label, n.title, n.text, n.name, n.doc_number, n.file, n.quote]
                   + coalesce(n.aliases, [])
              WHERE w IS NOT NULL AND toString(w) CONTAINS $text))
  AND ($notice IS NULL OR $notice IN n.notice_ids
       OR EXISTS { MATCH (m:Notice {id: $notice}) WHERE m.notice IN n.notice_ids })
  AND ($owned IS NULL OR EXISTS { MATCH (:Unit)-[:OWNS]->(n) } = $owned)
  AND ($collective IS NULL OR coalesce(n.collective, false) = $collective)
  AND ($loaded IS NULL OR (NOT coalesce(n.stub, false)) = $loaded)
WITH n, kind
ORDER BY [i IN range(0, size($kinds) - 1) WHERE $kinds[i] = kind][0], n.id
WITH collect({id: n.id, kind: kind, props: properties(n)}) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS items"""

# Owners of many items at once, with each unit's groups and leaders (no query per item).
OWNERS_OF = """\
UNWIND $ids AS item
MATCH (u:Unit)-[r:OWNS]->(:Entity {id: item})
RETURN item, u.id AS unit_id, u.label AS unit, coalesce(r.role, 'owner') AS role,
       [(u)-->(g:Group) | g.label] AS groups,
       [(l:Leader)-->(u) | l {.id, .name, .title, .role}] AS leaders,
       [(l:Leader)-->(u) | [(l)-->(lg:Group) | lg.label]] AS leader_groups
ORDER BY item, unit_id, r.key"""

PARENT_TASKS_OF = """\
UNWIND $ids AS item
MATCH (t:Task)-->(:Indicator {id: item})
RETURN DISTINCT item, t.id AS id
ORDER BY item, id"""

COLLECTIVES_OF = """\
UNWIND $units AS unit
MATCH p = (:Unit {id: unit})-[:MEMBER_OF*1..]->(c:Unit)
WHERE all(x IN nodes(p) WHERE x:Unit)
WITH unit, c, min(length(p)) AS depth
RETURN unit, c.id AS id, c.label AS label
ORDER BY unit, depth, id"""

OWNED_BY = """\
UNWIND $units AS unit
MATCH (:Unit {id: unit})-[r:OWNS]->(i:Entity)
RETURN unit, i.id AS id, [x IN labels(i) WHERE x <> 'Entity'][0] AS kind, i.label AS label,
       coalesce(r.role, 'owner') AS role, coalesce(i.notice, '') AS notice, i.path AS path
ORDER BY unit, id, r.key"""

# -- hand edits (graph/edit_log.py): logged as :Edit nodes, re-applied after every load ----

EDIT = "Edit"
NEXT_EDIT_SEQ = "MATCH (e:Edit) RETURN coalesce(max(e.seq), 0) + 1 AS seq"
CREATE_EDIT = "CREATE (:Edit {seq: $seq, op: $op, args: $args})"
EDITS = """\
MATCH (e:Edit)
RETURN e.seq AS seq, e.op AS op, e.args AS args
ORDER BY seq"""
DELETE_EDITS = "MATCH (e:Edit) DELETE e"

EDIT_ASSIGN = """\
MATCH (u:Unit {id: $unit})
MATCH (i:Entity {id: $item})
WHERE i:Task OR i:Indicator
MERGE (u)-[r:OWNS {key: $key}]->(i)
SET r.role = $role,
    r.notice_ids = [x IN coalesce(r.notice_ids, []) WHERE x <> $source] + $source
RETURN count(r) AS n"""

EDIT_REMOVE = """\
MATCH (:Unit {id: $unit})-[r:OWNS]->(:Entity {id: $item})
WHERE $role = '' OR r.role = $role
WITH collect(r) AS found
FOREACH (r IN found | DELETE r)
RETURN size(found) AS n"""


def _merge_out(kind: EdgeKind) -> str:
    return (
        f"MATCH (v:Unit {{id: $variant}})-[r:{kind}]->(b:{ENTITY})\n"
        "WHERE b.id <> $canonical\n"
        "MATCH (c:Unit {id: $canonical})\n"
        f"MERGE (c)-[s:{kind} {{key: r.key}}]->(b)\n"
        "WITH r, s, coalesce(s.notice_ids, []) AS had\n"
        "SET s += properties(r)\n"
        "SET s.notice_ids = [x IN had WHERE NOT x IN r.notice_ids] + r.notice_ids\n"
        "DELETE r"
    )


def _merge_in(kind: EdgeKind) -> str:
    return (
        f"MATCH (a:{ENTITY})-[r:{kind}]->(v:Unit {{id: $variant}})\n"
        "WHERE a.id <> $canonical\n"
        "MATCH (c:Unit {id: $canonical})\n"
        f"MERGE (a)-[s:{kind} {{key: r.key}}]->(c)\n"
        "WITH r, s, coalesce(s.notice_ids, []) AS had\n"
        "SET s += properties(r)\n"
        "SET s.notice_ids = [x IN had WHERE NOT x IN r.notice_ids] + r.notice_ids\n"
        "DELETE r"
    )


EDIT_MERGE_OUT: dict[EdgeKind, str] = {k: _merge_out(k) for k in EDGE_KINDS}
EDIT_MERGE_IN: dict[EdgeKind, str] = {k: _merge_in(k) for k in EDGE_KINDS}

# The variant's name joins the canonical unit's aliases (computed by the store), then it goes.
EDIT_MERGE_NODE = """\
MATCH (v:Unit {id: $variant})
MATCH (c:Unit {id: $canonical})
SET c.aliases = $aliases
DETACH DELETE v
RETURN count(c) AS n"""

EDIT_MERGE_UNIT_PROP = """\
MATCH (n:Entity)
WHERE n.unit = $variant
SET n.unit = $canonical
RETURN count(n) AS n"""

_BROWSE_SINGLE = (
    "GET_NODES",
    "LIST_NODES",
    "OWNERS_OF",
    "PARENT_TASKS_OF",
    "COLLECTIVES_OF",
    "OWNED_BY",
    "NEXT_EDIT_SEQ",
    "CREATE_EDIT",
    "EDITS",
    "DELETE_EDITS",
    "EDIT_ASSIGN",
    "EDIT_REMOVE",
    "EDIT_MERGE_NODE",
    "EDIT_MERGE_UNIT_PROP",
)
_MERGE_PARAMS = frozenset({"variant", "canonical"})
PARAMS.update(
    {
        "GET_NODES": frozenset({"ids"}),
        "LIST_NODES": frozenset(
            {"kinds", "text", "notice", "owned", "collective", "loaded", "offset", "limit"}
        ),
        "OWNERS_OF": frozenset({"ids"}),
        "PARENT_TASKS_OF": frozenset({"ids"}),
        "COLLECTIVES_OF": frozenset({"units"}),
        "OWNED_BY": frozenset({"units"}),
        "NEXT_EDIT_SEQ": frozenset(),
        "CREATE_EDIT": frozenset({"seq", "op", "args"}),
        "EDITS": frozenset(),
        "DELETE_EDITS": frozenset(),
        "EDIT_ASSIGN": frozenset({"unit", "item", "key", "role", "source"}),
        "EDIT_REMOVE": frozenset({"unit", "item", "role"}),
        "EDIT_MERGE_NODE": frozenset({"variant", "canonical", "aliases"}),
        "EDIT_MERGE_UNIT_PROP": _MERGE_PARAMS,
        **{f"EDIT_MERGE_OUT_{k}": _MERGE_PARAMS for k in EDIT_MERGE_OUT},
        **{f"EDIT_MERGE_IN_{k}": _MERGE_PARAMS for k in EDIT_MERGE_IN},
    }
)

# -- integrity: re-imports keep the graph whole (graph/store/integrity.py) ------------------
# A relationship of another source that a replaced notice's vanished node carried is kept as
# an (:Orphan) record (not an :Entity: counts and snapshots leave it out) until its ends exist
# again; graph/backends/neo4j/store.py `_integrity_*` issue these statements.

# What one notice said about each node it states, before it is replaced (for identities).
INTEGRITY_NOTICE_NODES = """\
MATCH (:Source {id: $notice})-[:STATES]->(n:Entity)
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind,
       [s IN n.sources WHERE s STARTS WITH $prefix] AS said"""

# Relationships of other sources on nodes about to be deleted (no notice states them any
# more) or whose item moved to another id: read, then deleted by INTEGRITY_DELETE_RELS. `ids`:
# the nodes the write detached or moved (index seeks, not a scan).
INTEGRITY_DANGLING = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE size(n.notice_ids) = 0 OR n.id IN $moved
MATCH (n)-[r]-(:Entity)
WHERE size(n.notice_ids) = 0 OR NOT $notice IN r.notice_ids
WITH DISTINCT r
RETURN elementId(r) AS rid, startNode(r).id AS src, endNode(r).id AS dst, type(r) AS kind,
       properties(r) AS props"""

INTEGRITY_DELETE_RELS = """\
MATCH ()-[r]->()
WHERE elementId(r) IN $rids
DELETE r"""

INTEGRITY_SAVE_ORPHANS = """\
UNWIND $rows AS row
MERGE (o:Orphan {src: row.src, dst: row.dst, key: row.key})
SET o.kind = row.kind, o.notice_ids = row.notice_ids, o.props = row.props"""

INTEGRITY_ORPHANS = """\
MATCH (o:Orphan)
RETURN o.src AS src, o.dst AS dst, o.key AS key, o.kind AS kind, o.notice_ids AS notice_ids,
       o.props AS props
ORDER BY src, dst, key"""

INTEGRITY_DELETE_ORPHANS = """\
UNWIND $rows AS row
MATCH (o:Orphan {src: row.src, dst: row.dst, key: row.key})
DELETE o"""

INTEGRITY_EXISTING = """\
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.label AS label"""

# Reports name their item in their props: rewrite what their source said, then recompute.
INTEGRITY_REPORTS_ON = """\
MATCH (n:Report)
WHERE n.item IN $ids OR n.unit IN $ids
RETURN n.id AS id, n.sources AS sources"""

INTEGRITY_SET_SOURCES = """\
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.sources = row.sources"""

INTEGRITY_SET_EDIT_ARGS = """\
UNWIND $rows AS row
MATCH (e:Edit {seq: row.seq})
SET e.args = row.args"""

INTEGRITY_CLEAR = "MATCH (o:Orphan) DELETE o"

_INTEGRITY = {
    "INTEGRITY_CLEAR": frozenset(),
    "INTEGRITY_NOTICE_NODES": frozenset({"notice", "prefix"}),
    "INTEGRITY_DANGLING": frozenset({"ids", "moved", "notice"}),
    "INTEGRITY_DELETE_RELS": frozenset({"rids"}),
    "INTEGRITY_SAVE_ORPHANS": frozenset({"rows"}),
    "INTEGRITY_ORPHANS": frozenset(),
    "INTEGRITY_DELETE_ORPHANS": frozenset({"rows"}),
    "INTEGRITY_EXISTING": frozenset({"ids"}),
    "INTEGRITY_REPORTS_ON": frozenset({"ids"}),
    "INTEGRITY_SET_SOURCES": frozenset({"rows"}),
    "INTEGRITY_SET_EDIT_ARGS": frozenset({"rows"}),
}
PARAMS.update(_INTEGRITY)

# -- reads: the part of the graph a gap check or a light reads (graph/backends/neo4j/scoped.py) --
# Gaps for one notice or one unit and the lights of a few nodes select on the server the nodes
# and relationships the Python checks read (issue 13), instead of the whole graph (snapshot).

# Properties as [key, value] pairs without `sources` (what each notice said: the bulk of a
# node's bytes, which the checks never read; Cypher cannot drop one key of a map).
_PAIRS = "[k IN keys(n) WHERE k <> 'sources' | [k, n[k]]]"
_NODE_ROW = f"n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, {_PAIRS} AS props"

# Nodes of some kinds stated for some notices (parse ids in `notice`), through Entity(notice).
SCOPE_BY_NOTICE = f"""\
MATCH (n:Entity)
WHERE n.notice IN $notices AND any(x IN labels(n) WHERE x IN $kinds)
RETURN {_NODE_ROW}"""

# Targets and indicators whose `unit` is one of these units (a unit's lights and progress).
SCOPE_ITEMS_OF_UNITS = f"""\
MATCH (n:Entity)
WHERE n.unit IN $units AND (n:Target OR n:Indicator)
RETURN {_NODE_ROW}"""

# Every target of the same notice, table and unit as these (graph.queries.Actuals sums a
# unit's reports over all periods of its cell).
SCOPE_CELLS = f"""\
UNWIND $ids AS id
MATCH (t:Target {{id: id}})
MATCH (n:Target)
WHERE n.unit = t.unit AND n.notice = t.notice AND n.table = t.table
RETURN DISTINCT {_NODE_ROW}"""

# Reports on some items or by some units.
SCOPE_REPORTS = f"""\
MATCH (n:Report)
WHERE n.item IN $items OR n.unit IN $units
RETURN {_NODE_ROW}"""

# Relationships of some types into / out of these nodes, each with the node at its other end.
SCOPE_EDGES_IN = f"""\
UNWIND $ids AS id
MATCH (n:Entity)-[r]->(b:Entity {{id: id}})
WHERE type(r) IN $kinds
RETURN n.id AS src, b.id AS dst, type(r) AS kind, properties(r) AS props,
       {{id: n.id, kind: [x IN labels(n) WHERE x <> 'Entity'][0], props: {_PAIRS}}} AS node"""

SCOPE_EDGES_OUT = f"""\
UNWIND $ids AS id
MATCH (a:Entity {{id: id}})-[r]->(n:Entity)
WHERE type(r) IN $kinds
RETURN a.id AS src, n.id AS dst, type(r) AS kind, properties(r) AS props,
       {{id: n.id, kind: [x IN labels(n) WHERE x <> 'Entity'][0], props: {_PAIRS}}} AS node"""

# The notices with a recurring report obligation (a unit's missing reports may be due there).
SCOPE_RECURRING_NOTICES = """\
MATCH (d:Deadline)
WHERE d.recurrence IS NOT NULL AND d.dates IS NOT NULL AND d.notice IS NOT NULL
RETURN DISTINCT d.notice AS notice"""

# Units of these jurisdictions and name lengths: the only ones a name can differ from by one
# character (gaps `names`, near-duplicates).
SCOPE_NAME_PEERS = f"""\
MATCH (n:Unit)
WHERE coalesce(n.jurisdiction, '') IN $places AND size(n.label) IN $sizes
RETURN {_NODE_ROW}"""

SCOPE_KIND = {kind: f"MATCH (n:{kind})\nRETURN {_NODE_ROW}" for kind in ("Notice", "Unit")}

_SCOPE = {
    "SCOPE_BY_NOTICE": frozenset({"notices", "kinds"}),
    "SCOPE_ITEMS_OF_UNITS": frozenset({"units"}),
    "SCOPE_CELLS": frozenset({"ids"}),
    "SCOPE_REPORTS": frozenset({"items", "units"}),
    "SCOPE_EDGES_IN": frozenset({"ids", "kinds"}),
    "SCOPE_EDGES_OUT": frozenset({"ids", "kinds"}),
    "SCOPE_RECURRING_NOTICES": frozenset(),
    "SCOPE_NAME_PEERS": frozenset({"places", "sizes"}),
}
PARAMS.update(_SCOPE)
PARAMS.update({f"SCOPE_KIND_{k}": frozenset() for k in SCOPE_KIND})

# -- the other modules' statements (supervision_cypher.py, gaps_cypher.py, …) ------------
for _module in _MODULES:
    PARAMS.update({k: params for k, (_, params) in _module.items()})
