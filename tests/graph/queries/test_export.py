"""export(): GraphML re-reads with networkx, JSON is node-link, Cypher literals round-trip."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from dutygraph.graph.queries.export import export, literal
from dutygraph.graph.store import Store

ROOT = Path(__file__).resolve().parents[3]
TRICKY = "甲'乙\\丙\"丁\n`戊"
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def _unescape(lit: str) -> str:
    """Decode one single-quoted Cypher string literal, as Neo4j does."""
    assert lit[0] == lit[-1] == "'"
    out, i, body = [], 0, lit[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        assert ch != "'", "unescaped quote ends the literal early"
        out.append(ch)
        i += 1
    return "".join(out)


def _tricky_store(store: Store) -> Store:
    uid = next(n for n, a in store.graph.nodes(data=True) if a["kind"] == "Unit")
    store.graph.nodes[uid]["label"] = TRICKY
    return store


def test_graphml_rereads_with_same_counts(store: Store) -> None:
    g = nx.read_graphml(io.StringIO(export(_tricky_store(store).graph, "graphml")))
    assert (g.number_of_nodes(), g.number_of_edges()) == store.counts()
    assert TRICKY in {a.get("label") for _, a in g.nodes(data=True)}
    values = [a["p_value"] for _, a in g.nodes(data=True) if a["kind"] == "Target"]
    assert values and all(isinstance(v, float) for v in values)


def test_json_is_node_link(store: Store) -> None:
    data = json.loads(export(store.graph, "json"))
    assert len(data["nodes"]) == store.counts()[0]
    assert len(data["links"]) == store.counts()[1]
    assert {"source", "target", "key", "kind"} <= set(data["links"][0])


def test_literal_round_trips_quote_and_backslash() -> None:
    for text in (TRICKY, "\\'", "a\\\\'b", "\\", "'", "\x01"):
        assert _unescape(literal(text)) == text


def test_cypher_names_round_trip(store: Store) -> None:
    script = export(_tricky_store(store).graph, "cypher")
    lits = re.findall(r"n\.label = ('(?:\\.|[^'\\])*')", script)
    assert TRICKY in {_unescape(lit) for lit in lits}
    assert "$" not in script.replace("\\$", "")  # no parameters
    assert script.count("MERGE (n:") == store.counts()[0]
    assert script.count("MERGE (a)-[") == store.counts()[1]


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules/@neo4j-cypher").is_dir(),
    reason="node or @neo4j-cypher/language-support not installed (npm ci)",
)
def test_cypher_parses_with_neo4j_parser(store: Store) -> None:
    lines = export(_tricky_store(store).graph, "cypher").splitlines()
    sample = lines[:8] + [ln for ln in lines if "甲" in ln] + lines[-3:]
    stmts = {str(i): s for i, s in enumerate(sample)}
    params: dict[str, list[str]] = {k: [] for k in stmts}
    run = subprocess.run(
        ["node", str(ROOT / "tools/cypher_lint.mjs")],
        input=json.dumps({"statements": stmts, "params": params}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_graphml_with_control_characters_parses(store: Store) -> None:
    # A notice line may carry \x01, \x0b or a form feed; XML 1.0 cannot hold them at all.
    uid = next(n for n, a in store.graph.nodes(data=True) if a["kind"] == "Unit")
    store.graph.nodes[uid]["label"] = "甲\x01乙\x0b丙\x0c丁\t戊"
    text = export(store.graph, "graphml")
    g = nx.read_graphml(io.StringIO(text))  # raised "not well-formed (invalid token)"
    labels = {a.get("label") for _, a in g.nodes(data=True)}
    assert "甲\\u0001乙\\u000b丙\\u000c丁\t戊" in labels
    assert g.number_of_nodes() == store.graph.number_of_nodes()
