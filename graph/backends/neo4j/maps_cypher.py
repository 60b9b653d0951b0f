"""The Cypher of the org and notice maps and the whole store's ledger on Neo4j (maps.py).

Each returns node rows shaped as scoped.py's (id, kind, properties as [key, value] pairs
without `sources`); cypher.py lists them for the linter. Values only as parameters.
"""

_PAIRS = "[k IN keys(n) WHERE k <> 'sources' | [k, n[k]]]"
_ROW = f"n.id AS id, [x IN labels(n) WHERE x <> 'Entity'][0] AS kind, {_PAIRS} AS props"

MAPS: dict[str, tuple[str, frozenset[str]]] = {
    # Every leading group: an org map finds its group by id, name, alias or words (find_groups).
    "MAPS_GROUPS": (f"MATCH (n:Group)\nRETURN {_ROW}", frozenset()),
    # Units named "<group>办公室" / "<group>成员单位" (index unit_label): a group's office and
    # members that a notice names as owners without saying who they are.
    "MAPS_UNITS_NAMED": (
        f"MATCH (n:Unit)\nWHERE n.label IN $labels\nRETURN {_ROW}",
        frozenset({"labels"}),
    ),
    # Every task: the rows of the whole store's ledger.
    "MAPS_TASKS": (f"MATCH (n:Task)\nRETURN {_ROW}", frozenset()),
}
