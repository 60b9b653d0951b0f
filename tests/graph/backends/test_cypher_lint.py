"""Every Cypher statement of the Neo4j store, checked by Neo4j's own parser and for parameters.

No Neo4j server runs here, so `tools/cypher_lint.mjs` lints each statement of graph/backends/neo4j/cypher.py
with `lintCypherQuery` from @neo4j-cypher/language-support (installed by `npm ci`), with
exactly the parameters the store passes defined: any diagnostic fails the test.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.model import NODE_KINDS

ROOT = Path(__file__).resolve().parents[3]
LINTER = ROOT / "tools" / "cypher_lint.mjs"
PACKAGE = ROOT / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@pytest.fixture(scope="session")
def node() -> str:
    """The node binary, with node_modules installed from package-lock.json if missing."""
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("node is not installed: it is needed to lint the Cypher statements")
    if not PACKAGE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("node_modules is missing and npm is not installed: run `npm ci`")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or not PACKAGE.exists():
            pytest.fail(f"`npm ci` failed; run it in {ROOT}:\n{done.stderr[-2000:]}")
    return exe


def test_every_statement_has_declared_parameters() -> None:
    statements = cypher.all_statements()
    assert statements.keys() == cypher.PARAMS.keys()
    for name, query in statements.items():
        assert set(_PARAM.findall(query)) == cypher.PARAMS[name], name


def test_no_two_modules_name_a_statement_alike() -> None:
    """A name stated twice would leave one statement unlinted and its parameters unchecked."""
    names = [k for module in cypher._MODULES for k in module]
    assert len(names) == len(set(names))
    assert set(names) <= set(cypher.PARAMS)


def test_statements_cover_every_label_and_relationship() -> None:
    statements = cypher.all_statements()
    for kind in NODE_KINDS:
        assert f"CONSTRAINT_{kind}" in statements and f"NODE_MERGE_{kind}" in statements
    for rel in cypher.EDGE_KINDS:
        assert f"EDGE_MERGE_{rel}" in statements


def test_linter_knows_every_label_and_relationship() -> None:
    """tools/cypher_lint.mjs lists the schema by hand: an unknown type would be a diagnostic."""
    source = LINTER.read_text("utf-8")
    for name in (*NODE_KINDS, *cypher.EDGE_KINDS):
        assert f"'{name}'" in source, name


def test_neo4j_parser_finds_no_diagnostics(node: str) -> None:
    statements = cypher.all_statements()
    payload = {
        "statements": statements,
        "params": {k: sorted(v) for k, v in cypher.PARAMS.items()},
    }
    done = subprocess.run(
        [node, str(LINTER)],
        cwd=ROOT,
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard, not a time limit: a loaded 2-core machine is slow
    )
    assert done.stdout, done.stderr
    found: dict[str, list[str]] = json.loads(done.stdout)
    assert found.keys() == statements.keys()
    problems = {name: msgs for name, msgs in found.items() if msgs}
    assert problems == {}
    assert done.returncode == 0, done.stderr


def test_linter_reports_a_bad_statement(node: str) -> None:
    """The check can fail: a syntax error, an unknown label and an undeclared parameter."""
    payload = {
        "statements": {"bad": "MATCH (n:Unitt {id: $x}) RETURN m"},
        "params": {"bad": []},
    }
    done = subprocess.run(
        [node, str(LINTER)],
        cwd=ROOT,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard, not a time limit: a loaded 2-core machine is slow
    )
    assert done.returncode == 1
    messages = " ".join(json.loads(done.stdout)["bad"])
    assert "Unitt" in messages and "$x" in messages and "`m`" in messages
