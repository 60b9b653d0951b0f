"""Store errors speak the truth (issue 17, item 8): one line naming the store file and the fault,
exit status 1, no traceback, no "Neo4j at None" when --store was given; a read-only store can
still be queried."""

import hashlib
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutygraph.api.cli.main import app
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_004 = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"


def _run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _one_line(code: int, out: str, err: str, path: Path, *words: str) -> str:
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("error: ") and str(path) in line, line
    assert "Traceback" not in out + err and "Neo4j" not in line, line
    for w in words:
        assert w in line, line
    return line


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def neo4j_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    """A set NEO4J_URI must not matter when --store is given."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")


@pytest.fixture
def loaded(tmp_path: Path, api_results: list[ParseResult]) -> Path:
    path = tmp_path / "g.sqlite"
    with Store(path) as s:
        s.load(api_results)
    return path


def _damage(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        (
            "UPDATE nodes SET props = '{\"label\": 1' WHERE id = 'u:枣庄市市中区税郭镇'",
            ("damaged row", "nodes row u:枣庄市市中区税郭镇"),
        ),
        (
            "UPDATE nodes SET kind = 'Nonsense' WHERE id = 'u:枣庄市市中区税郭镇'",
            ("kind 'Nonsense'",),
        ),
        ("UPDATE edges SET props = 'null' WHERE kind = 'OWNS'", ("damaged row", "edges row")),
        ("INSERT INTO edits (op, args) VALUES ('explode', '{}')", ("damaged row", "edits row")),
        ("INSERT INTO edits (op, args) VALUES ('assign_owner', '{}')", ("edits row 1",)),
        ("UPDATE edges SET kind = 'LIKES' WHERE kind = 'CITES'", ("has kind 'LIKES'",)),
    ],
)
def test_damaged_rows_name_the_file_and_row(loaded: Path, sql: str, words: tuple[str, ...]) -> None:
    _damage(loaded, sql)
    for args in (["owners", "提升行政保护质效"], ["duties", "税郭镇"], ["gaps"], ["export"]):
        _one_line(*_run(*args, "--store", str(loaded)), loaded, *words)


def test_load_into_a_damaged_store_says_so(loaded: Path) -> None:
    _damage(loaded, "UPDATE nodes SET props = 'x' WHERE id = 'u:枣庄市市中区税郭镇'")
    _one_line(*_run("load", str(SAMPLE_004), "--store", str(loaded)), loaded, "damaged row")


@pytest.mark.parametrize("content", [b"", b"x", b"SQLite format 3"])
def test_tiny_store_file_is_not_treated_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tiny.sqlite"
    path.write_bytes(content)
    for args in (["owners", "x"], ["export"], ["load", str(SAMPLE_004)]):
        _one_line(*_run(*args, "--store", str(path)), path, f"{len(content)} bytes")
    assert path.read_bytes() == content  # left as it was


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库。" * 100, encoding="utf-8")
    _one_line(*_run("duties", "税郭镇", "--store", str(path)), path, "not a dutygraph store")


def test_damaged_database_pages(loaded: Path) -> None:
    data = bytearray(loaded.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the file overwritten
    loaded.write_bytes(bytes(data))
    line = _one_line(*_run("owners", "提升行政保护质效", "--store", str(loaded)), loaded)
    assert "damaged" in line or "not a dutygraph store" in line


@pytest.fixture
def read_only(loaded: Path) -> Iterator[Path]:
    loaded.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    yield loaded
    loaded.chmod(0o644)


def test_read_only_store_answers_queries(read_only: Path) -> None:
    before = _digest(read_only)
    code, out, err = _run("owners", "提升行政保护质效", "--store", str(read_only), "--json")
    assert code == 0, err
    assert "枣庄市市中区市场监督管理局" in out
    code, out, err = _run("rollup", "知识产权专利开放许可", "--store", str(read_only))
    assert code == 0 and "165" in out, err
    code, out, err = _run("gaps", "--store", str(read_only), "--kind", "allocation")
    assert code == 0, err
    assert _digest(read_only) == before


def test_read_only_store_refuses_writes_in_one_line(read_only: Path) -> None:
    before = _digest(read_only)
    _one_line(*_run("load", str(SAMPLE_004), "--store", str(read_only)), read_only, "read-only")
    progress = ROOT / "examples" / "progress" / "shizhong_progress_example.xlsx"
    _one_line(
        *_run("progress", "import", str(progress), "--store", str(read_only)),
        read_only,
        "read-only",
    )
    assert _digest(read_only) == before


def test_export_failure_is_one_line(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "g.graphml"
    code, _, err = _run("export", "--store", str(loaded), "-o", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(out) in err
    assert "Traceback" not in err


def test_graphql_over_a_read_only_store(read_only: Path) -> None:
    """Reads answer; a mutation is refused with STORE_ERROR and the fault, not a 500."""
    from dutygraph.graph.backends import Embedded
    from tests.api.conftest import AUTH, Api

    with Store(read_only) as s:
        api = Api(Embedded(s))
        body = api.gql("{ notices { totalCount } }")
        assert body["data"]["notices"]["totalCount"] > 5
        body = api.gql(
            'mutation { recordProgress(unit: "税郭镇", indicator: "知识产权专利开放许可",'
            ' period: "2024", value: 4) { id } }',
            headers=AUTH,
        )
        assert Api.codes(body) == ["STORE_ERROR"]
        assert body["errors"][0]["message"] == (
            "store: read-only file: it can be queried but not written"
        )
