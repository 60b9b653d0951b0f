"""`dutygraph users`, `audit`, `task`, `remind`, `ledger` on the five samples, end to end."""

import os
import re
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from dutygraph.api.cli import app
from dutygraph.graph.backends import Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from tests.graph.conftest import NO_NEO4J

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TASK = "t:na3a8e7f37d:三.(二).1"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "g.sqlite"
    result = runner.invoke(app, ["load", *map(str, NOTICES), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--store", str(db)])
    assert result.exit_code == code, result.output
    return result.stdout + result.stderr


def test_users_token_once_hashed_and_revoked(db: Path) -> None:
    out = run(db, "users", "add", "税郭镇", "--role", "unit")
    token = re.search(r"(dg_\S+)", out)
    assert token and "枣庄市市中区税郭镇" in out
    run(db, "users", "add", "税郭镇", "--role", "unit", code=1)  # one active account per name
    listed = run(db, "users", "list")
    assert "税郭镇" in listed and token.group(1) not in listed
    stored = sqlite3.connect(db).execute("SELECT selector, hash FROM accounts").fetchall()
    assert all(token.group(1).split("_")[2].encode() not in bytes(h) for _, h in stored)
    assert "已停用账号 1" in run(db, "users", "revoke", "税郭镇")
    run(db, "users", "add", "某人", "--role", "boss", code=1)


def test_audit_lists_and_verify_catches_an_altered_record(db: Path, tmp_path: Path) -> None:
    run(db, "users", "add", "税郭镇", "--role", "unit")
    run(db, "task", "set", "sign", TASK, "--unit", "税郭镇")
    out = run(db, "audit", "--json")
    assert '"total": 3' in out and "acknowledge" in out and "import_notice" in out
    assert "3条记录" in run(db, "audit", "verify")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit SET account = '别人' WHERE seq = 2")
    conn.commit()
    out = run(db, "audit", "verify", code=1)
    assert "第2条：记录内容被改动" in out and out.rstrip().splitlines()[-1].startswith("error: ")


def test_ledger_template_import_and_remind(db: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "台账.xlsx"
    out = run(db, "ledger", "--as-of", "2024-12-10", "-o", str(xlsx), "--unit", "税郭镇")
    assert "12 rows" in out
    wb = openpyxl.load_workbook(xlsx)
    t = wb["填报模板"]
    head = [c.value for c in t[1]]
    for r in range(2, t.max_row + 1):
        t.cell(r, head.index("2024年实际完成") + 1).value = r  # every row, a different value
    wb.save(xlsx)
    out = run(db, "progress", "import", str(xlsx))
    assert f"已导入 {xlsx}：{t.max_row - 1}条进度报告" in out
    assert "导入进度表" in run(db, "audit")  # the import is on record
    run(db, "ledger", "--as-of", "2024-12-10", "-o", str(xlsx), "--unit", "税郭镇")
    rows = list(openpyxl.load_workbook(xlsx)["督办台账"].iter_rows(min_row=3, values_only=True))
    opened = next(r for r in rows if r[2] == "三.(二).1 探索推进专利开放许可")
    assert opened[8] == "4项"  # 知识产权专利开放许可 is the third row of the template
    notice = tmp_path / "催办通知.docx"
    out = run(
        db, "remind", "--as-of", "2024-12-10", "--unit", "税郭镇", "-o", str(notice), "--mark"
    )
    assert "枣庄市市中区税郭镇" in out
    text = "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
    assert "催办通知" in text and "探索推进专利开放许可" in text
    run(db, "ledger", "--as-of", "2024-12-10", "-o", str(xlsx), "--unit", "税郭镇")
    rows = list(openpyxl.load_workbook(xlsx)["督办台账"].iter_rows(min_row=3, values_only=True))
    assert {r[9] for r in rows} == {"已交办（已催办1次）"}


def test_task_steps_refused_out_of_order(db: Path) -> None:
    run(db, "task", "set", "close", TASK, "--unit", "税郭镇", code=1)  # no note
    run(db, "task", "set", "close", TASK, "--unit", "税郭镇", "--note", "已完成")
    out = run(db, "task", "set", "sign", TASK, "--unit", "税郭镇", code=1)
    assert "已办结" in out
    run(db, "task", "set", "sign", TASK, "--unit", "没有这个镇", code=1)


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_the_loop_on_neo4j(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No --store and NEO4J_URI set: the same commands keep accounts, trail and status there."""
    monkeypatch.delenv("DUTYGRAPH_STORE", raising=False)
    with Neo4jStore() as n:
        n.clear()
        sup = neo4j_supervision(n)
        assert sup is not None
        sup.clear()
        try:

            def neo(*args: str, code: int = 0) -> str:
                result = runner.invoke(app, list(args))
                assert result.exit_code == code, result.output
                return result.stdout + result.stderr

            neo("load", *map(str, NOTICES))
            token = re.search(r"(dg_\S+)", neo("users", "add", "税郭镇", "--role", "unit"))
            assert token and "枣庄市市中区税郭镇" in neo("users", "list")
            assert token.group(1) not in neo("users", "list", "--json")
            neo("task", "set", "sign", TASK, "--unit", "税郭镇")
            neo("task", "set", "sign", TASK, "--unit", "税郭镇", code=1)  # already signed
            out = neo("audit", "--json")
            assert '"total": 3' in out and "acknowledge" in out and "import_notice" in out
            assert "3条记录" in neo("audit", "verify")
            xlsx = tmp_path / "台账.xlsx"
            assert "12 rows" in neo(
                "ledger", "--as-of", "2024-12-10", "-o", str(xlsx), "--unit", "税郭镇"
            )
            rows = list(
                openpyxl.load_workbook(xlsx)["督办台账"].iter_rows(min_row=3, values_only=True)
            )
            assert "已签收" in {r[9] for r in rows}
            neo("remind", "--as-of", "2024-12-10", "--unit", "税郭镇", "--mark")
            assert "已停用账号 1" in neo("users", "revoke", "税郭镇")
            assert "16条记录" in neo("audit", "verify")  # 12 reminders and the revocation
            with n.driver.session(database=n.database) as s:
                s.run("MATCH (a:Audit {seq: 2}) SET a.account = '别人'").consume()
            out = neo("audit", "verify", code=1)
            assert "第2条：记录内容被改动" in out
        finally:
            sup.clear()
            n.clear()
