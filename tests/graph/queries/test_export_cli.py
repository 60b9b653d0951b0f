"""`dutygraph export`: each format to a file or stdout; an unknown format exits 1."""

import io
import json
from pathlib import Path

import networkx as nx
import typer
from typer.testing import CliRunner

from dutygraph.api.cli import register
from dutygraph.graph.store import Store

runner = CliRunner()


def _app() -> typer.Typer:
    a = typer.Typer(pretty_exceptions_enable=False)
    register(a)
    return a


def test_export_formats(store: Store, tmp_path: Path) -> None:
    app, path = _app(), str(store.path)
    out = tmp_path / "g.graphml"
    r = runner.invoke(app, ["export", "--store", path, "--format", "graphml", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert nx.read_graphml(out).number_of_nodes() == store.counts()[0]
    r = runner.invoke(app, ["export", "--store", path, "-f", "json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["links"]) == store.counts()[1]
    r = runner.invoke(app, ["export", "--store", path, "-f", "cypher"])
    assert r.exit_code == 0 and r.stdout.startswith("CREATE CONSTRAINT")
    assert nx.read_graphml(io.StringIO(runner.invoke(app, ["export", "--store", path]).stdout))


def test_export_unknown_format(store: Store) -> None:
    r = runner.invoke(_app(), ["export", "--store", str(store.path), "-f", "dot"])
    assert r.exit_code == 1 and "unknown format" in r.output
