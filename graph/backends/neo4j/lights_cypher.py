"""The Cypher of traffic lights on Neo4j: each target's and indicator's actual computed on the
server (graph.queries.Actuals' rule), one row per node; graph/backends/neo4j/lights.py turns the
rows into lights with graph.progress.traffic's rule.

Periods reach Cypher as `$spans`: period text -> [first day, last day, days, first year, last
year] (ISO dates, [] for a text that names no period), parsed in Python by parse_period, the
one parser. Every row says which period texts it met that `$spans` lacked (`unknown`): the
caller parses those and asks again, so a store written before needs no migration.
"""

_PICKED = """reduce(acc = [], e IN inside |
         CASE WHEN any(p IN acc WHERE p[1] <= e[2] AND e[1] <= p[2]) THEN acc ELSE acc + [e] END
       )"""
"""The widest non-overlapping reports of `inside` (sorted in cover_sum's order), greedily."""


def _cover(x: str, scope: str, span: str, reports: str, enterprises: str, counts: str) -> str:
    """A CALL importing `scope` that binds `{x}_cover` (the widest non-overlapping cover of the
    reports `reports` matches as `r`, inside `span` and known at $as_of, in cover_sum's order:
    -days, start, -reported, id), `{x}_count` (the distinct enterprises `e` that `enterprises`
    matches through `k`, counted in a year of the span not after $year, when `counts`) and
    `{x}_unknown` (period texts $spans lacks). `span`: [first day, last day, _, years]."""
    return f"""\
CALL ({scope}) {{
  WITH {scope}, {span} AS span
  WITH {scope}, span, COLLECT {{
    {reports}
      AND (r.reported IS NULL OR r.reported <= $as_of)
    WITH r, $spans[r.period] AS rs
    ORDER BY rs[2] DESC, rs[0], coalesce(r.reported, '') DESC, r.id
    RETURN [r.period, rs[0], rs[1], toFloat(r.value)]
  }} AS reps
  WITH {scope}, span, reps,
       [e IN reps WHERE e[1] IS NOT NULL AND span[0] <= e[1] AND e[2] <= span[1]] AS inside
  WITH {scope}, span, reps, inside,
       {_PICKED} AS picked
  RETURN
    CASE WHEN size(inside) = 0 THEN null ELSE reduce(s = 0.0, p IN picked | s + p[3]) END
      AS {x}_cover,
    CASE WHEN {counts} THEN size(COLLECT {{
      {enterprises}
      WITH e, toInteger(k.year) AS year
      WHERE year IS NULL OR (span[3] <= year AND year <= span[4] AND year <= $year)
      RETURN DISTINCT e.id
    }}) ELSE 0 END AS {x}_count,
    [e IN reps WHERE NOT e[0] IN keys($spans) | e[0]] AS {x}_unknown
}}"""


def _actual(x: str) -> str:
    """_cover of target `x`: the reports of its cell (notice, table, unit) with its own stated
    flag, and the enterprises counted toward its cell when it is not a 合计; its period text
    joins `{x}_unknown` when $spans lacks it."""
    cell = f"(c:Target {{notice: {x}.notice, table: {x}.table, unit: {x}.unit}})"
    found = _cover(
        x,
        x,
        f"$spans[{x}.period]",
        f"MATCH {cell}\n    MATCH (r:Report {{item: c.id}})\n"
        f"    WHERE coalesce(r.stated, false) = coalesce({x}.stated, false)",
        f"MATCH {cell}<-[k:CONTRIBUTES_TO]-(e:Enterprise)",
        f"NOT coalesce({x}.stated, false) AND span[0] IS NOT NULL",
    )
    return found.replace(
        f" AS {x}_unknown",
        f"\n      + CASE WHEN {x}.period IN keys($spans) THEN [] ELSE [{x}.period] END"
        f" AS {x}_unknown",
    )


def _own(x: str) -> str:
    """`x`'s actual when it needs no children: its cover, else its enterprises (or null)."""
    return f"coalesce({x}_cover, CASE WHEN {x}_count > 0 THEN toFloat({x}_count) END)"


def _sum(xs: str) -> str:
    return f"CASE WHEN size({xs}) > 0 THEN reduce(s = 0.0, v IN {xs} | s + v) END"


NESTED = 3
"""How many levels of 合计 under a 合计 a light sums through (the embedded store recurses;
no sample or synthetic table nests totals at all)."""


def _rows_of(x: str, depth: int) -> str:
    """A CALL binding `{x}_kids`, the known actuals of the rows of 合计 cell `x` when it has
    no cover of its own (a row that is itself such a 合计 sums its rows, `depth` levels in all),
    and `{x}_kids_unknown`, the period texts they met that $spans lacked."""
    ch = f"{x}_r"
    if depth > 1:
        nested = _rows_of(ch, depth - 1)
        value = (
            f"CASE WHEN NOT coalesce({ch}.stated, false) THEN {_own(ch)}\n"
            f"  WHEN $spans[{ch}.period][0] IS NOT NULL\n"
            f"  THEN coalesce({ch}_cover, {_sum(f'{ch}_kids')}) END"
        )
        unknown = f"{ch}_unknown + {ch}_kids_unknown"
    else:
        nested, value, unknown = "", _own(ch), f"{ch}_unknown"
    body = f"""\
OPTIONAL MATCH ({ch}:Target)-[:CONTRIBUTES_TO]->({x})
WHERE coalesce({x}.stated, false) AND {x}_cover IS NULL
{_actual(ch)}
{nested}
RETURN collect({value}) AS {x}_kids,
       reduce(a = [], k IN collect({unknown}) | a + k) AS {x}_kids_unknown"""
    return f"CALL ({x}, {x}_cover) {{\n  {body.replace(chr(10), chr(10) + '  ')}\n}}"


def _targets(source: str) -> str:
    """The actual of each target `t` that `source` binds (a 合计 cell without a cover of its
    own sums its rows' actuals, NESTED levels of 合计 deep), with what its light names."""
    return f"""\
{source}
{_actual("t")}
{_rows_of("t", NESTED)}
OPTIONAL MATCH (u:Entity {{id: t.unit}})
RETURN t.id AS id, coalesce(t.label, t.id) AS label, t.unit AS unit, coalesce(u.label, t.unit) AS unit_label, t.table AS table,
       t.period AS period, t.value AS value, t.measure AS measure, t.notice AS notice,
       coalesce(t.stated, false) AS stated,
       CASE WHEN coalesce(t.stated, false)
         THEN coalesce(t_cover, {_sum("t_kids")})
         ELSE {_own("t")} END AS actual,
       t_unknown + t_kids_unknown AS unknown"""


# The actual of each of these targets.
TARGET_ACTUALS = _targets("""\
UNWIND $ids AS tid
MATCH (t:Target {id: tid})""")

# The actual of every non-stated target of some notices ($notices null: every notice) or of
# some units ($units null: any unit): the `progress` gap kind of a notice, a unit or the store.
# Set-based: the targets are grouped by cell (notice, table, unit), and each cell's reports (in
# _cover's order) and enterprises are read once, then every target of it takes its span's
# cover (a cell is whole: the scope filters on its key). Same numbers as TARGET_ACTUALS.
SCOPE_ACTUALS = f"""\
MATCH (c:Target)
WHERE ($notices IS NULL OR c.notice IN $notices) AND ($units IS NULL OR c.unit IN $units)
WITH c.notice AS notice, c.table AS table, c.unit AS unit, collect(c) AS cell
WITH notice, table, unit, cell,
     notice IS NOT NULL AND table IS NOT NULL AND unit IS NOT NULL AS keyed
WITH unit, cell,
  COLLECT {{
    UNWIND cell AS c
    MATCH (r:Report {{item: c.id}})
    WHERE keyed AND NOT coalesce(r.stated, false)
      AND (r.reported IS NULL OR r.reported <= $as_of)
    WITH r, $spans[r.period] AS rs
    ORDER BY rs[2] DESC, rs[0], coalesce(r.reported, '') DESC, r.id
    RETURN [r.period, rs[0], rs[1], toFloat(r.value)]
  }} AS reps,
  COLLECT {{
    UNWIND cell AS c
    MATCH (c)<-[k:CONTRIBUTES_TO]-(e:Enterprise)
    WHERE keyed
    RETURN [e.id, toInteger(k.year)]
  }} AS ents
OPTIONAL MATCH (u:Entity {{id: unit}})
UNWIND [t IN cell WHERE NOT coalesce(t.stated, false)] AS t
WITH t, u, reps, ents, $spans[t.period] AS span
WITH t, u, reps, ents, span,
     [e IN reps WHERE e[1] IS NOT NULL AND span[0] <= e[1] AND e[2] <= span[1]] AS inside
WITH t, u, reps, span, inside,
     {_PICKED} AS picked,
     CASE WHEN span[0] IS NULL THEN [] ELSE reduce(acc = [], e IN ents |
       CASE WHEN (e[1] IS NULL OR (span[3] <= e[1] AND e[1] <= span[4] AND e[1] <= $year))
                 AND NOT e[0] IN acc
         THEN acc + [e[0]] ELSE acc END) END AS counted
RETURN t.id AS id, coalesce(t.label, t.id) AS label, t.unit AS unit,
       coalesce(u.label, t.unit) AS unit_label, t.table AS table,
       t.period AS period, t.value AS value, t.measure AS measure, t.notice AS notice,
       false AS stated,
       coalesce(
         CASE WHEN size(inside) = 0 THEN null ELSE reduce(s = 0.0, p IN picked | s + p[3]) END,
         CASE WHEN size(counted) > 0 THEN toFloat(size(counted)) END) AS actual,
       [e IN reps WHERE NOT e[0] IN keys($spans) | e[0]]
         + CASE WHEN t.period IN keys($spans) THEN [] ELSE [t.period] END AS unknown"""

# What the lights of these nodes read besides actuals: their kind and label, a task's
# indicators and deadlines, a unit's non-stated targets (in id order, as on snapshot()), an
# indicator's props and its notice's date.
NODES = """\
UNWIND $ids AS nid
MATCH (n:Entity {id: nid})
OPTIONAL MATCH (d:Notice {notice: n.notice})
WITH n, max(d.date) AS notice_date
RETURN n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind,
       coalesce(n.label, '') AS label, n.name AS name, n.notice AS notice, n.year AS year,
       n.unit AS unit,
       n.value AS value, n.measure AS measure, n.comparator AS comparator,
       notice_date,
       COLLECT { MATCH (n)-[:CONTAINS]->(c:Indicator) RETURN c.id ORDER BY c.id } AS indicators,
       COLLECT {
         MATCH (n)-[:CONTAINS]->(c:Deadline) RETURN [c.id, c.due, c.what] ORDER BY c.id
       } AS deadlines,
       COLLECT {
         MATCH (n)-[:OWNS]->(c:Target) WHERE NOT coalesce(c.stated, false)
         RETURN c.id ORDER BY c.id
       } AS targets"""

# The allocation tables of some notices: per (notice, table, measure) the target of the
# widest period (ties: the smallest id, the first one snapshot() lists).
TABLES = """\
MATCH (t:Target)
WHERE t.notice IN $notices
WITH t.notice AS notice, t.table AS table, t.measure AS measure, t.period AS period, t.id AS id
ORDER BY size(period) DESC, id
WITH notice, table, measure, collect([period, id])[0] AS widest
RETURN notice, table, measure, widest[0] AS period, widest[1] AS id"""

_ITEM_COVER = _cover(
    "i",
    "i, row",
    "[row.start, row.end, null, row.first, row.last]",
    "MATCH (r:Report {item: i.id})\n    WHERE true",
    "MATCH (i)<-[k:CONTRIBUTES_TO]-(e:Enterprise)",
    "true",
)
# Each indicator's own actual over its period ($rows: id, start, end, first and last year):
# the cover of the reports on it, else the enterprises counted toward it; `cells` the own
# actuals of the non-stated cells of its allocation table's widest period (row.table, null
# without one), which it sums when it has nothing of its own.
ITEM_ACTUALS = f"""\
UNWIND $rows AS row
MATCH (i:Indicator {{id: row.id}})
{_ITEM_COVER}
CALL (row, i_cover, i_count) {{
  OPTIONAL MATCH (t:Target {{notice: row.notice, table: row.table, period: row.period}})
  WHERE i_cover IS NULL AND i_count = 0 AND NOT coalesce(t.stated, false)
  {_actual("t").replace(chr(10), chr(10) + "  ")}
  RETURN collect({_own("t")}) AS cells, collect(t_unknown) AS cells_unknown
}}
RETURN i.id AS id,
       coalesce(i_cover, CASE WHEN i_count > 0 THEN toFloat(i_count) END,
                CASE WHEN size(cells) > 0 THEN reduce(s = 0.0, v IN cells | s + v) END)
         AS actual,
       i_unknown + reduce(a = [], k IN cells_unknown | a + k) AS unknown"""

# The indicators of some notices or units (null: any), with the words that tell a condition
# or a subsidy from a target (graph.gaps.relevance): the `progress` gap kind's indicators.
SCOPE_INDICATORS = """\
MATCH (i:Indicator)
WHERE ($notices IS NULL OR i.notice IN $notices) AND ($units IS NULL OR i.unit IN $units)
RETURN i.id AS id, i.quote AS quote,
       COLLECT {
         MATCH (t:Task)-[:CONTAINS]->(i) RETURN [t.id, t.section_title, t.title] ORDER BY t.id
       } AS tasks"""

_SCOPE = frozenset({"as_of", "year", "spans"})
LIGHTS: dict[str, tuple[str, frozenset[str]]] = {
    "LIGHTS_TARGET_ACTUALS": (TARGET_ACTUALS, _SCOPE | {"ids"}),
    "LIGHTS_SCOPE_ACTUALS": (SCOPE_ACTUALS, _SCOPE | {"notices", "units"}),
    "LIGHTS_NODES": (NODES, frozenset({"ids"})),
    "LIGHTS_SCOPE_INDICATORS": (SCOPE_INDICATORS, frozenset({"notices", "units"})),
    "LIGHTS_TABLES": (TABLES, frozenset({"notices"})),
    "LIGHTS_ITEM_ACTUALS": (ITEM_ACTUALS, _SCOPE | {"rows"}),
}
"""Name -> (statement, parameters), for cypher.PARAMS and the linter."""
