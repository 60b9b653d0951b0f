"""Write the whole graph for other tools: GraphML (Gephi/yEd), node-link JSON, or Cypher.

- graphml: every node/edge attribute is a string or a number; lists and dicts are JSON-encoded,
  and a property whose values mix types across nodes is written as strings throughout.
- json: networkx node-link data {"nodes": [...], "links": [...]} with props kept nested.
- cypher: a parameter-free script for a bulk load into an empty or existing Neo4j:
  uniqueness constraints, then one MERGE per node and per edge, literals escaped (see `literal`).
Each takes a backend's snapshot(); nodes, edges and props are written in sorted order, so the
same graph gives the same text from either store.
"""

import dataclasses
import io
import json
import math
import re
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx

from dutygraph.graph.model import NODE_KINDS
from dutygraph.graph.store import ORPHANS, orphans_of

Format = Literal["graphml", "json", "cypher"]
FORMATS: tuple[Format, ...] = ("graphml", "json", "cypher")


def _plain(value: Any) -> str | int | float:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": attrs["kind"]}
    if "label" in attrs:
        out["label"] = attrs["label"]
    out["notices"] = json.dumps(attrs.get("notices", []), ensure_ascii=False)
    for k, v in sorted(attrs.get("props", {}).items()):
        if v is not None:
            out[f"p_{k}"] = _plain(v)
    return out


def _unify(items: Iterable[dict[str, Any]]) -> None:
    """A key numeric on some items and text on others becomes text everywhere (GraphML types)."""
    materialised = list(items)
    kinds: dict[str, set[type]] = {}
    for d in materialised:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(float if isinstance(v, int | float) else str)
    mixed = {k for k, ts in kinds.items() if len(ts) > 1}
    for d in materialised:
        for k in mixed & d.keys():
            d[k] = str(d[k])
        for k, v in d.items():
            if isinstance(v, int) and kinds[k] == {float}:
                d[k] = float(v)


# Characters XML 1.0 cannot hold at all, not even as &#1;: networkx wrote them as they were and
# the file did not parse. They become the \\uXXXX text the Cypher export uses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """`value` with characters XML cannot hold written as \\uXXXX; non-strings unchanged."""
    if not isinstance(value, str):
        return value
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _xml_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: xml_text(v) for k, v in attrs.items()}


def _set(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes without null props: Neo4j stores none, so no store writes them."""
    props = {k: v for k, v in attrs.get("props", {}).items() if v is not None}
    return {**attrs, "props": props} if "props" in attrs else attrs


def _sorted(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in id order (a store's order is its own)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(
        (n, _set(a)) for n, a in sorted(graph.nodes(data=True), key=lambda x: str(x[0]))
    )
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda x: (str(x[0]), str(x[1]), str(x[2]))
    )
    g.add_edges_from((u, v, k, _set(a)) for u, v, k, a in edges)
    return g


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML text; node attrs kind, label, notices (JSON) and p_<prop> for each prop."""
    g: Any = nx.MultiDiGraph()
    src = _sorted(graph)
    nodes = [(xml_text(n), _xml_attrs(_flat(a))) for n, a in src.nodes(data=True)]
    edges = [
        (xml_text(u), xml_text(v), xml_text(k), _xml_attrs(_flat(a)))
        for u, v, k, a in src.edges(keys=True, data=True)
    ]
    _unify(d for _, d in nodes)
    _unify(d for *_, d in edges)
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON: {"directed", "multigraph", "graph", "nodes": [...], "links": [...]};
    "graph" lists the facts a re-import left without their other end ("orphans")."""
    data = nx.node_link_data(_sorted(graph), edges="links")
    data["graph"] = {ORPHANS: [dataclasses.asdict(o) for o in orphans_of(graph)]}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
"""Cypher string escapes; other control characters become \\uXXXX."""


def literal(value: Any) -> str:
    """A Cypher literal: 'text' with \\ ' " and control characters escaped; lists of literals.

    >>> literal("甲'乙\\\\丙")
    "'甲\\\\'乙\\\\\\\\丙'"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else literal(str(value))
    if isinstance(value, list) and all(
        isinstance(x, str | int | float | bool) and not isinstance(x, list) for x in value
    ):
        return "[" + ", ".join(literal(x) for x in value) + "]"
    if not isinstance(value, str):
        return literal(json.dumps(value, ensure_ascii=False, sort_keys=True))
    out = (_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) < 0x20 else ch) for ch in value)
    return "'" + "".join(out) + "'"


def name(identifier: str) -> str:
    """A label, type or property key, backquoted when not a plain identifier."""
    if identifier.isidentifier() and identifier.isascii():
        return identifier
    return "`" + identifier.replace("`", "``") + "`"


def _sets(var: str, attrs: dict[str, Any], skip: set[str]) -> str:
    parts = [f"{var}.label = {literal(attrs['label'])}"] if "label" in attrs else []
    parts.append(f"{var}.notices = {literal(list(attrs.get('notices', [])))}")
    for k, v in sorted(attrs.get("props", {}).items()):
        if v is not None and k not in skip:
            parts.append(f"{var}.{name(k)} = {literal(v)}")
    return ", ".join(parts)


def to_cypher(g: nx.MultiDiGraph) -> str:
    """Constraints, then `MERGE (n:Kind {id: …}) SET …;` per node and a MERGE per edge."""
    lines = [
        f"CREATE CONSTRAINT {name(kind.lower() + '_id')} IF NOT EXISTS "
        f"FOR (n:{name(kind)}) REQUIRE n.id IS UNIQUE;"
        for kind in NODE_KINDS
    ]
    for n, a in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        lines.append(
            f"MERGE (n:{name(a['kind'])} {{id: {literal(n)}}}) SET {_sets('n', a, {'id'})};"
        )
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda x: x[:3]):
        ku, kv = g.nodes[u]["kind"], g.nodes[v]["kind"]
        lines.append(
            f"MATCH (a:{name(ku)} {{id: {literal(u)}}}) MATCH (b:{name(kv)} {{id: {literal(v)}}}) "
            f"MERGE (a)-[r:{name(a['kind'])} {{key: {literal(k)}}}]->(b) "
            f"SET {_sets('r', a, {'key'})};"
        )
    return "\n".join(lines) + "\n"


def export(graph: nx.MultiDiGraph, format: Format) -> str:
    """The whole graph (a backend's snapshot()) as text in `format` (graphml, json or cypher)."""
    if format == "graphml":
        return to_graphml(graph)
    if format == "json":
        return to_json(graph)
    if format == "cypher":
        return to_cypher(graph)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
