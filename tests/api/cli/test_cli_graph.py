"""The graph sub-commands: load (all or nothing), owners, duties, rollup, each with --json."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import dutygraph.graph.backends.neo4j.store as neo4j_backend
from dutygraph.api.cli import register
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store

from ..conftest import NOTICES

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer(pretty_exceptions_enable=False)
    register(a)
    return a


@pytest.fixture
def db(tmp_path: Path, app: typer.Typer) -> Path:
    path = tmp_path / "cli.sqlite"
    result = runner.invoke(app, ["load", *map(str, NOTICES), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_load_reports_each_file(tmp_path: Path, app: typer.Typer) -> None:
    path = tmp_path / "j.sqlite"
    result = runner.invoke(app, ["load", *map(str, NOTICES), "--store", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [Path(f["file"]).name for f in data["files"]] == [p.name for p in NOTICES]
    with Store(path) as s:
        assert s.counts() == (data["nodes"], data["edges"])


def test_load_error_is_one_line_and_store_untouched(
    db: Path, app: typer.Typer, tmp_path: Path
) -> None:
    with Store(db) as s:
        before = s.counts()
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["load", str(NOTICES[0]), str(missing), "--store", str(db)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    with Store(db) as s:
        assert s.counts() == before


def test_store_from_environment(
    db: Path, app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUTYGRAPH_STORE", str(db))
    result = runner.invoke(app, ["duties", "税郭镇", "--json"])
    assert result.exit_code == 0, result.output
    assert any(d["via"] == "枣庄市市中区各镇街" for d in json.loads(result.stdout))


def test_owners_json(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["owners", "三.(四).1", "--store", str(db), "--json"])
    assert result.exit_code == 0, result.output
    units = {o["unit"] for item in json.loads(result.stdout) for o in item["owners"]}
    assert "枣庄市市中区市场监督管理局" in units


def test_owners_no_match(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["owners", "没有这样的任务", "--store", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def test_duties_table(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["duties", "税郭镇", "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert "培育和引进高价值专利" in result.stdout


def test_rollup_json(db: Path, app: typer.Typer) -> None:
    args = ["rollup", "知识产权专利开放许可", "--period", "2024-2026", "--store", str(db), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (r,) = json.loads(result.stdout)
    assert (r["computed"], r["stated"], r["headline"]) == (165, 165, ["专利开放许可", 200])


def test_rollup_table(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["rollup", "新增有效发明专利数量", "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert "140" in result.stdout


@pytest.mark.parametrize("command", ["load", "owners", "duties", "rollup", "lineage", "impact"])
def test_help_has_example(app: typer.Typer, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--json" in result.stdout


def test_lineage_of_a_notice_file(db: Path, app: typer.Typer) -> None:
    path = next(p for p in NOTICES if p.name.startswith("000_"))
    result = runner.invoke(app, ["lineage", str(path), "--store", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "鲁市监办字〔2019〕310号" in {c["doc_number"] for c in data["cites"]}
    (imp,) = [i for i in data["implements"] if i["doc_number"] == "鲁市监办字〔2019〕310号"]
    assert imp["basis"] == "text"


def test_lineage_unknown_notice_fails(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["lineage", "没有这个通知", "--store", str(db)])
    assert result.exit_code == 1
    assert "no notice matches" in result.output


def test_impact_json(db: Path, app: typer.Typer) -> None:
    result = runner.invoke(app, ["impact", "税郭镇", "--store", str(db), "--json"])
    assert result.exit_code == 0, result.output
    levels = {lv["name"]: lv["nodes"] for lv in json.loads(result.stdout)["levels"]}
    assert "枣庄市市中区各镇街" in {n["label"] for n in levels["collectives"]}
    assert levels["rolls_up_into"]


class _FakeNeo4j(Embedded):
    """Stands in for Neo4jStore (no server here): the same queries over an embedded store."""

    path: Path = Path("unset.sqlite")
    opened: list[str] = []

    def __init__(self) -> None:
        super().__init__(Store(self.path))
        self.uri = "bolt://fake"
        self.opened.append(self.uri)

    @property
    def where(self) -> str:
        return f"Neo4j {self.uri}"


def test_neo4j_used_when_uri_set_and_no_store(
    db: Path, tmp_path: Path, app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DUTYGRAPH_STORE", raising=False)
    monkeypatch.setenv("NEO4J_URI", "bolt://fake")
    monkeypatch.setattr(_FakeNeo4j, "path", tmp_path / "neo.sqlite")
    monkeypatch.setattr(_FakeNeo4j, "opened", [])
    monkeypatch.setattr(neo4j_backend, "Neo4jStore", _FakeNeo4j)  # open_backend imports it
    loaded = runner.invoke(app, ["load", *map(str, NOTICES)])
    assert loaded.exit_code == 0, loaded.output
    assert "Neo4j bolt://fake" in loaded.stdout
    for args in (["duties", "税郭镇"], ["owners", "三.(四).1"], ["rollup", "专利开放许可"]):
        via_neo4j = runner.invoke(app, [*args, "--json"])
        via_sqlite = runner.invoke(app, [*args, "--json", "--store", str(db)])
        assert via_neo4j.exit_code == 0, via_neo4j.output
        assert via_neo4j.stdout == via_sqlite.stdout
    assert len(_FakeNeo4j.opened) == 4  # load + three queries; --store never opened Neo4j
