"""The Cypher of the names the imports and writes match against on Neo4j (names.py).

Each returns light rows (id, kind, the few properties matching reads), never `sources`; cypher.py
lists them for the linter. Values only as parameters.
"""

_ROW = "n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind"
_TARGET = "n {.label, .table, .notice, .unit, .period, .stated, .measure}"

NAMES: dict[str, tuple[str, frozenset[str]]] = {
    # Every unit's names and place (UnitLookup, did_you_mean): ~2,000 rows on a province.
    "NAMES_UNITS": (
        f"MATCH (n:Unit)\nRETURN {_ROW}, n {{.label, .aliases, .jurisdiction}} AS props\n"
        "ORDER BY id",
        frozenset(),
    ),
    # Every notice's head: jurisdiction (issuer), 发文字号, the clash check's title and file.
    "NAMES_NOTICES": (
        f"MATCH (n:Notice)\nRETURN {_ROW}, "
        "n {.label, .notice, .stub, .issuer, .doc_number, .file} AS props\nORDER BY id",
        frozenset(),
    ),
    "NAMES_INDICATORS": (
        f"MATCH (n:Indicator)\nRETURN {_ROW}, "
        "n {.label, .title, .name, .notice, .measure, .unit} AS props\nORDER BY id",
        frozenset(),
    ),
    "NAMES_TASKS": (
        f"MATCH (n:Task)\nRETURN {_ROW}, n {{.label, .title, .notice}} AS props\nORDER BY id",
        frozenset(),
    ),
    # Each allocation table once, in the order of its first target (as point.name_pool).
    "NAMES_TABLES": (
        "MATCH (n:Target)\nWITH n.table AS table, min(n.id) AS first\n"
        "RETURN table, first\nORDER BY first",
        frozenset(),
    ),
    # The cells of the tables a progress file names (index target_table).
    "NAMES_TARGETS_OF_TABLES": (
        f"MATCH (n:Target)\nWHERE n.table IN $tables\nRETURN {_ROW}, {_TARGET} AS props\n"
        "ORDER BY id",
        frozenset({"tables"}),
    ),
    # The township cells an enterprise may count toward: tables naming one of `words`.
    "NAMES_TARGETS_NAMING": (
        "MATCH (n:Target)\n"
        "WHERE NOT coalesce(n.stated, false) AND any(w IN $words WHERE n.table CONTAINS w)\n"
        f"RETURN {_ROW}, {_TARGET} AS props\nORDER BY id",
        frozenset({"words"}),
    ),
    "NAMES_ENTERPRISES": (
        f"MATCH (n:Enterprise)\nRETURN {_ROW}, n {{.label, .township}} AS props\nORDER BY id",
        frozenset(),
    ),
}
