"""The names imports and writes match against on Neo4j, without reading the whole graph.

Progress, enterprise and liaison imports, recordProgress, hand edits' did-you-mean and a load's
clash check read names and a few properties: units (label, aliases, place), notices' heads,
indicators, tasks' titles, and only the targets of the tables a file names. A few parameterised
statements (names_cypher.py) return those light rows; they are shaped as snapshot() so
the same ProgressCatalog, UnitLookup, did_you_mean and heads_of_graph run on them (~50 s over
Bolt for the synthetic province's whole graph; these read a few thousand rows).
"""

from collections.abc import Iterable
from typing import Any

import networkx as nx

from dutygraph.graph.backends.neo4j.integrity import integrity_orphans
from dutygraph.graph.backends.neo4j.names_cypher import NAMES
from dutygraph.graph.backends.neo4j.scoped import Read, Scope, snapshot_graph
from dutygraph.graph.queries.names import tables_named
from dutygraph.graph.queries.suggest import TABLE_NAMES, What
from dutygraph.graph.store import Edit, Orphan, orphans_of

# What each did-you-mean pool reads; units come with the notices whose jurisdictions place them.
_POOLS: dict[What, tuple[str, ...]] = {
    "unit": ("NAMES_UNITS", "NAMES_NOTICES"),
    "item": ("NAMES_TASKS", "NAMES_INDICATORS"),
    "table": (),
    "notice": ("NAMES_NOTICES",),
}


def _rows(read: Read, *names: str, **params: Any) -> list[dict[str, Any]]:
    """Node rows of these statements, absent properties left out (as the embedded graph)."""
    out = []
    for name in names:
        for r in read(NAMES[name][0], **params):
            props = {k: v for k, v in r["props"].items() if v is not None}
            out.append({"id": r["id"], "kind": r["kind"], "props": props})
    return out


def _tables(read: Read) -> list[str]:
    return [str(r["table"]) for r in read(NAMES["NAMES_TABLES"][0]) if r["table"] is not None]


def names_graph(read: Read, what: What) -> nx.MultiDiGraph:
    """A graph on which did_you_mean(g, text, what) answers as on the whole graph."""
    g = snapshot_graph(_rows(read, *_POOLS[what]), [])
    if what == "table":
        g.graph[TABLE_NAMES] = _tables(read)
    return g


def progress_graph(read: Read, indicators: Iterable[str]) -> nx.MultiDiGraph:
    """Units, notices, tasks and indicators, and the cells of the tables these names may mean
    (tables_named); every table name for did-you-mean."""
    tables = _tables(read)
    wanted = sorted({t for w in set(indicators) for t in tables_named(tables, w)})
    rows = _rows(read, "NAMES_UNITS", "NAMES_NOTICES", "NAMES_TASKS", "NAMES_INDICATORS")
    if wanted:
        rows += _rows(read, "NAMES_TARGETS_OF_TABLES", tables=wanted)
    g = snapshot_graph(rows, [])
    g.graph[TABLE_NAMES] = tables
    return g


def enterprises_graph(read: Read, words: list[str]) -> nx.MultiDiGraph:
    """Units, notices, indicators, the enterprises already stored, and the township cells of
    tables naming one of `words` (what an enterprise may count toward)."""
    rows = _rows(read, "NAMES_UNITS", "NAMES_NOTICES", "NAMES_INDICATORS", "NAMES_ENTERPRISES")
    rows += _rows(read, "NAMES_TARGETS_NAMING", words=list(words))
    return snapshot_graph(rows, [])


def orphans(read: Read, orphan_rows: list[dict[str, Any]], edits: list[Edit]) -> list[Orphan]:
    """The store's orphans, judged on the nodes they name (read by id), not the whole graph."""
    ends = {str(r[k]) for r in orphan_rows for k in ("src", "dst")}
    for e in edits:
        ends |= {str(e.args.get(k, "")) for k in ("variant", "canonical", "unit", "item")}
    scope = Scope(read)
    scope.nodes_of(sorted(ends - {""}))
    g = scope.graph()
    integrity_orphans(g, orphan_rows, edits)
    return orphans_of(g)
