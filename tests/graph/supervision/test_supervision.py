"""The supervision library on the five samples: tokens, may(), the audit chain, status, ledger.

A contract: `db` runs each test on the embedded store and on Neo4j (when NEO4J_URI is set).
"""

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from dutygraph.graph.backends import Embedded, GraphBackend, Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.store import Store
from dutygraph.graph.supervision import (
    SERVER_TOKEN,
    Forbidden,
    NotAuthenticated,
    SupervisionError,
    audit,
    may,
    subject_of,
    writes,
)
from dutygraph.graph.supervision.ledger import COLUMNS, LedgerFilter
from dutygraph.graph.supervision.remind import reminders, write_notice
from dutygraph.graph.supervision.rights import unit_subject
from dutygraph.graph.supervision.status import assignment_of, assignments, states
from dutygraph.graph.supervision.tables import store_of
from dutygraph.graph.supervision.workbook import FILLS, TEMPLATE_SHEET, write_ledger
from dutygraph.loaders import read_notice

from ..conftest import BACKENDS, NO_NEO4J, licence_cells, loaded_backend

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TASK = "t:na3a8e7f37d:三.(二).1"
"""探索推进专利开放许可, owned by 各镇街 (so by 税郭镇 and 孟庄镇)."""
SHUIGUO = "u:枣庄市市中区税郭镇"
MENGZHUANG = "u:枣庄市市中区孟庄镇"
AS_OF = dt.date(2024, 12, 10)


@pytest.fixture(scope="module")
def results() -> list:  # type: ignore[type-arg]
    return [read_notice(p) for p in NOTICES]


def _clear(backend: GraphBackend) -> None:
    found = neo4j_supervision(backend)
    if found is not None:
        found.clear()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path, results: list) -> Iterator[GraphBackend]:  # type: ignore[type-arg]
    """The five samples in a fresh SQLite file, or in the emptied Neo4j database."""
    with loaded_backend(request.param, tmp_path / "g.sqlite", results) as backend:
        _clear(backend)
        yield backend
        _clear(backend)


def tamper(db: GraphBackend, sql: str, cypher: str) -> None:
    """Change the stored trail behind the library's back: SQL on the file, Cypher on Neo4j."""
    if isinstance(db, Embedded):
        db.store.conn.execute(sql)
        return
    assert isinstance(db, Neo4jStore)
    with db.driver.session(database=db.database) as s:
        s.run(cypher).consume()


def test_token_is_stored_hashed_and_checked(db: GraphBackend) -> None:
    account, token = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    assert account.unit_id == SHUIGUO
    assert writes.authenticate(db, token).id == account.id
    selector, secret = token.split("_", 2)[1:]
    with store_of(db).reading() as rec:
        (raw,) = rec.accounts("selector", selector, active=False)
    salt, digest = bytes(raw[7]), bytes(raw[8])
    assert secret.encode() not in digest and len(salt) == 16 and len(digest) == 32
    assert secret not in repr(raw)
    with pytest.raises(NotAuthenticated) as wrong:
        writes.authenticate(db, token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(NotAuthenticated) as unknown:
        writes.authenticate(db, "dg_000000000000_nothing")
    assert str(wrong.value) == str(unknown.value)  # never says whether the account exists
    writes.revoke_account(db, SERVER_TOKEN, "税郭镇")
    with pytest.raises(NotAuthenticated):
        writes.authenticate(db, token)


def test_may_units_write_only_their_own(db: GraphBackend) -> None:
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    leader, _ = writes.add_account(db, SERVER_TOKEN, "区长", "leader")
    s = subject_of(db.snapshot(), TASK)
    assert SHUIGUO in s.owners and MENGZHUANG in s.owners  # through 各镇街
    assert may(shuiguo, "acknowledge", s) and not may(shuiguo, "close", s)
    assert not may(shuiguo, "edit_owners", s) and may(SERVER_TOKEN, "edit_owners", s)
    assert may(leader, "read", s) and not may(leader, "report", s)
    foreign = subject_of(db.snapshot(), "t:n215db929d3:二.(一)")
    assert not may(shuiguo, "acknowledge", foreign)
    with pytest.raises(Forbidden, match="孟庄镇 2024"):
        writes.record_progress(db, shuiguo, "孟庄镇", "知识产权专利开放许可", "2024", 3)
    with pytest.raises(Forbidden):
        writes.assign_owner(db, shuiguo, TASK, "孟庄镇")
    writes.record_progress(db, shuiguo, "税郭镇", "知识产权专利开放许可", "2024", 3)
    writes.assign_owner(db, SERVER_TOKEN, TASK, "孟庄镇", "lead")


def test_every_write_is_audited_and_the_chain_detects_tampering(db: GraphBackend) -> None:
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    writes.record_progress(db, shuiguo, "税郭镇", "知识产权专利开放许可", "2024", 3)
    writes.record_progress(db, shuiguo, "税郭镇", "知识产权专利开放许可", "2024", 4)
    writes.step(db, shuiguo, TASK, "已签收")
    writes.assign_owner(db, SERVER_TOKEN, TASK, "孟庄镇", "lead")
    conn = store_of(db)
    page = audit.records(conn, audit.AuditFilter(), 0, 10)
    assert [r.action for r in page.items] == [
        "assign_owner",
        "acknowledge",
        "record_progress",
        "record_progress",
        "account_add",
    ]
    second = page.items[2]
    assert second.before == [3.0] and second.after["value"] == 4 and second.unit_id == SHUIGUO
    assert (
        audit.records(conn, audit.AuditFilter(unit_id=SHUIGUO, action="acknowledge"), 0, 5).total
        == 1
    )
    assert audit.verify(conn).ok
    tamper(
        db,
        "UPDATE audit SET after = '{\"value\": 40}' WHERE seq = 3",
        "MATCH (a:Audit {seq: 3}) SET a.after = '{\"value\": 40}'",
    )
    bad = audit.verify(conn)
    assert not bad.ok and bad.broken[0].seq == 3


def test_deleting_the_newest_record_is_detected(db: GraphBackend) -> None:
    writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    writes.add_account(db, SERVER_TOKEN, "孟庄镇", "unit")
    writes.add_account(db, SERVER_TOKEN, "区长", "leader")
    conn = store_of(db)
    tamper(db, "DELETE FROM audit WHERE seq = 3", "MATCH (a:Audit {seq: 3}) DELETE a")
    assert [b.seq for b in audit.verify(conn).broken] == [2]
    tamper(db, "DELETE FROM audit WHERE seq = 1", "MATCH (a:Audit {seq: 1}) DELETE a")
    broken = audit.verify(conn).broken
    assert [b.seq for b in broken] == [2, 2, 2]  # a gap, a broken link, and the head
    assert "缺少第1至1条记录" in broken[0].reason


def test_a_refused_write_leaves_no_record(db: GraphBackend) -> None:
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    before = db.counts()
    with pytest.raises(Forbidden):
        writes.record_progress(db, shuiguo, "孟庄镇", "知识产权专利开放许可", "2024", 3)
    with pytest.raises(SupervisionError):
        writes.step(db, shuiguo, TASK, "进行中", "  ")  # a note is required
    assert db.counts() == before
    assert audit.records(store_of(db), audit.AuditFilter(), 0, 10).total == 1


def test_status_steps_and_lights(db: GraphBackend) -> None:
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    f = LedgerFilter(unit=SHUIGUO)
    row = next(r for r in writes.ledger_rows(db, AS_OF, f) if r.task_id == TASK)
    assert (row.status, row.light, row.why) == ("已交办", "yellow", "尚未签收")
    assert row.target == "知识产权专利开放许可15项"
    writes.step(db, shuiguo, TASK, "已签收", day=AS_OF)
    writes.step(db, shuiguo, TASK, "进行中", "已对接3家企业", AS_OF)
    with pytest.raises(SupervisionError, match="无需再签收"):
        writes.step(db, shuiguo, TASK, "已签收")
    with pytest.raises(Forbidden):
        writes.step(db, shuiguo, TASK, "已办结", "完成")
    row = next(r for r in writes.ledger_rows(db, AS_OF, f) if r.task_id == TASK)
    assert (row.status, row.latest) == ("进行中", "2024-12-10 已对接3家企业")
    writes.step(db, SERVER_TOKEN, TASK, "已办结", "经核查已完成", AS_OF, "税郭镇")
    row = next(r for r in writes.ledger_rows(db, AS_OF, f) if r.task_id == TASK)
    assert (row.status, row.light) == ("已办结", "green")
    old = next(r for r in writes.ledger_rows(db, AS_OF) if r.task_id == "t:n215db929d3:二.(一)")
    assert old.overdue and old.light == "red" and old.due == dt.date(2022, 12, 31)


def test_ledger_workbook_and_template_round_trip(db: GraphBackend, tmp_path: Path) -> None:
    rows = writes.ledger_rows(db, AS_OF)
    out = write_ledger(tmp_path / "台账.xlsx", rows, AS_OF, db.snapshot(), [SHUIGUO])
    wb = openpyxl.load_workbook(out)
    ws = wb["督办台账"]
    assert ws["A1"].value == "督办台账（截至2024-12-10）"
    assert [c.value for c in ws[2]] == list(COLUMNS)
    assert ws.max_row == len(rows) + 2
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:K{len(rows) + 2}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["C3"].alignment.wrap_text
    fills = {ws.cell(i + 3, 10).fill.start_color.rgb[-6:] for i in range(len(rows))}
    assert fills == {FILLS["red"], FILLS["yellow"]}
    red = ws.cell(3, 10)
    assert red.value == "已交办（逾期）" and red.fill.start_color.rgb[-6:] == FILLS["red"]
    # fill the template as a township clerk would, and import it back as it is
    t = wb[TEMPLATE_SHEET]
    head = [c.value for c in t[1]]
    col = head.index("2024年实际完成") + 1
    row = next(r for r in range(2, t.max_row + 1) if t.cell(r, 2).value == "知识产权专利开放许可")
    t.cell(row, col).value = 6
    t.cell(row, head.index("报送日期") + 1).value = "2024-12-01"
    wb.save(out)
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    outcome = writes.import_progress_file(db, shuiguo, out)
    assert outcome.imported == 1
    after = next(
        r for r in writes.ledger_rows(db, AS_OF, LedgerFilter(unit=SHUIGUO)) if r.task_id == TASK
    )
    assert after.actual == "6项"
    mengzhuang, _ = writes.add_account(db, SERVER_TOKEN, "孟庄镇", "unit")
    with pytest.raises(Forbidden):
        writes.import_progress_file(db, mengzhuang, out)


def test_remind_lists_and_writes_a_docx(db: GraphBackend, tmp_path: Path) -> None:
    import docx

    rows = writes.ledger_rows(db, AS_OF, LedgerFilter(unit=SHUIGUO))
    found = reminders(rows)
    assert [(r.unit, len(r.overdue), len(r.unreported)) for r in found] == [
        ("枣庄市市中区税郭镇", 0, 12)
    ]
    out = write_notice(tmp_path / "催办通知.docx", found, AS_OF)
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert text[0] == "催办通知" and "枣庄市市中区税郭镇：" in text
    assert any(t.startswith("1. 三.(一).1 培育和引进高价值专利") for t in text)
    assert writes.mark_reminded(db, SERVER_TOKEN, found[0].unreported, AS_OF) == 12
    again = writes.ledger_rows(db, AS_OF, LedgerFilter(unit=SHUIGUO))
    assert {r.reminders for r in again} == {1}


def test_a_backend_without_a_supervision_store_is_refused(tmp_path: Path, results: list) -> None:  # type: ignore[type-arg]
    """Neither a SQLite file nor Neo4j: no write goes through unrecorded, in one clear line."""
    from dutygraph.graph.supervision import NoSupervisionStore

    with pytest.raises(NoSupervisionStore, match="SQLite 文件或 Neo4j"):
        store_of(object())

    class Bare:  # a backend that can snapshot and write, but keeps no trail
        def __init__(self, inner: Embedded) -> None:
            self.inner = inner

        def snapshot(self):  # type: ignore[no-untyped-def]
            return self.inner.snapshot()

        def load_facts(self, batch):  # type: ignore[no-untyped-def]
            return self.inner.store.load_facts(batch)

    with Embedded(Store(tmp_path / "g.sqlite")) as inner:
        inner.load(results)
        before = inner.counts()
        with pytest.raises(NoSupervisionStore):
            writes.record_progress(
                Bare(inner), SERVER_TOKEN, "孟庄镇", "知识产权专利开放许可", "2024", 3
            )
        assert inner.counts() == before


def test_sqlite_file_keeps_accounts_across_reopen(tmp_path: Path, results: list) -> None:  # type: ignore[type-arg]
    path = tmp_path / "g.sqlite"
    with Embedded(Store(path)) as db:
        db.load(results[-1:])
        _, token = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    with Embedded(Store(path)) as db:
        assert writes.authenticate(db, token).name == "税郭镇"
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM audit").fetchone()[0] == 1


def test_the_loop_feeds_the_gap_report(db: GraphBackend) -> None:
    from dutygraph.graph.supervision.findings import loop_findings

    g = db.snapshot()
    assert loop_findings(db, g, AS_OF) == []  # the office has not started the loop
    writes.step(db, SERVER_TOKEN, TASK, "进行中", "已对接3家企业", AS_OF, "税郭镇")
    found = loop_findings(db, g, AS_OF, unit="税郭镇")
    assert len(found) == 11 and {f.severity for f in found} == {"warning"}
    assert TASK not in {f.entities[0].id for f in found}  # it reported this month
    assert found[0].explanation_zh.startswith(
        "枣庄市市中区税郭镇承担的“三.(一).1 培育和引进高价值专利”30天内未报送进展"
    )
    overdue = loop_findings(db, g, AS_OF, notice="枣市监中心字〔2019〕1号")
    errors = [f for f in overdue if f.severity == "error"]
    assert errors and all(
        f.status == "red" and "已过，尚未办结" in f.explanation_zh for f in errors
    )
    assert {f.notice for f in overdue} == {"n215db929d3"}


def test_the_rights_check_reads_what_the_whole_graph_says(db: GraphBackend) -> None:
    """rights_graph (a scoped read on Neo4j) gives every subject and assignment of the samples
    as the whole graph does: a collective's members, an indicator's task owners, places."""
    g = db.snapshot()
    items = sorted(n for n, a in g.nodes(data=True) if a["kind"] in ("Task", "Indicator"))
    assert subject_of(db.rights_graph(items, []), TASK).owners >= {SHUIGUO, MENGZHUANG}
    for item in items[:: 1 if isinstance(db, Embedded) else 6] + [TASK]:
        assert subject_of(db.rights_graph([item], []), item) == subject_of(g, item), item
    for task, unit in [(TASK, SHUIGUO), ("t:n215db929d3:二.(一)", "u:枣庄市知识产权机构")]:
        scoped = db.rights_graph([task], [unit])
        assert unit_subject(scoped, unit, task) == unit_subject(g, unit, task)
        assert assignment_of(scoped, task, unit) == assignment_of(g, task, unit)
    with pytest.raises(SupervisionError, match="不承担任务"):
        assignment_of(
            db.rights_graph([TASK], ["u:枣庄市知识产权机构"]), TASK, "u:枣庄市知识产权机构"
        )


def test_an_office_with_a_jurisdiction_acts_only_within_it(db: GraphBackend) -> None:
    district, _ = writes.add_account(
        db, SERVER_TOKEN, "市中区督查室", "office", jurisdiction="枣庄市市中区"
    )
    g = db.snapshot()
    assert may(district, "edit_owners", subject_of(g, TASK))
    city_task = subject_of(g, "t:n215db929d3:二.(一)")  # owned by the city's bureaus
    assert not may(district, "edit_owners", city_task) and may(district, "read", city_task)
    with pytest.raises(Forbidden, match="不在本账号的管辖范围内"):
        writes.step(
            db, district, "t:n215db929d3:二.(一)", "已办结", "完成", AS_OF, "枣庄市知识产权机构"
        )
    writes.step(db, district, TASK, "已办结", "完成", AS_OF, "税郭镇")


def test_owner_edits_and_merges_record_before_and_after(db: GraphBackend) -> None:
    writes.assign_owner(db, SERVER_TOKEN, TASK, "孟庄镇", "lead")
    writes.remove_owner(db, SERVER_TOKEN, TASK, "孟庄镇", "lead")
    conn = store_of(db)
    removed, added = audit.records(conn, audit.AuditFilter(item=TASK), 0, 5).items
    assert added.action == "assign_owner" and removed.action == "remove_owner"
    owners = ["u:枣庄市市中区各镇街:owner", "u:枣庄市市中区市场监督管理局:owner"]
    assert added.before == owners
    assert added.after == sorted([*owners, "u:枣庄市市中区孟庄镇:lead"])
    assert removed.before == added.after and removed.after == added.before
    shuiguo, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    with pytest.raises(Forbidden):
        writes.merge_units(db, shuiguo, "孟庄镇", "税郭镇")
    writes.merge_units(db, SERVER_TOKEN, "孟庄镇", "税郭镇")
    merged = audit.records(conn, audit.AuditFilter(action="merge_units"), 0, 5).items
    assert [(m.account, m.after) for m in merged] == [("督查室（服务器令牌）", {"into": "税郭镇"})]
    assert audit.verify(conn).ok


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_neo4j_writers_in_parallel_queue_on_the_audit_head(results: list) -> None:  # type: ignore[type-arg]
    """No API lock in between: 24 threads on one Neo4jStore (accounts, status steps and
    progress values at once) leave 24 records in one unbroken chain and every change stored."""
    with loaded_backend("neo4j", Path("unused"), results) as db:
        _clear(db)
        try:
            g = db.snapshot()
            cells = licence_cells(g)[:8]
            assert len(cells) == 8
            tasks = sorted(a.task for a in assignments(g) if a.unit == SHUIGUO)[:4]
            jobs: list[Callable[[], object]] = []
            for i in range(8):
                jobs.append(partial(writes.add_account, db, SERVER_TOKEN, f"账号{i}", "leader"))
            for i, (unit, period) in enumerate(cells):
                record = partial(writes.record_progress, db, SERVER_TOKEN, unit)
                jobs.append(partial(record, "知识产权专利开放许可", period, i + 1))
            for task in tasks:
                for town in ("税郭镇", "孟庄镇"):
                    jobs.append(partial(writes.step, db, SERVER_TOKEN, task, "已签收", unit=town))
            start = threading.Barrier(len(jobs))
            failures: list[BaseException] = []

            def work(job: Callable[[], object]) -> None:
                start.wait()
                try:
                    job()
                except BaseException as exc:  # collected and shown by the assertion below
                    failures.append(exc)

            threads = [threading.Thread(target=work, args=(j,)) for j in jobs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert failures == []
            sup = store_of(db)
            page = audit.records(sup, audit.AuditFilter(), 0, 100)
            assert page.total == len(jobs) == 24
            assert sorted(r.seq for r in page.items) == list(range(1, 25))
            assert audit.verify(sup).ok
            assert len({a.id for a in writes.list_accounts(db)}) == 8
            with sup.reading() as rec:
                signed = {k for k, s in states(rec).items() if s.status == "已签收"}
            assert signed == {(t, u) for t in tasks for u in (SHUIGUO, MENGZHUANG)}
            g = db.snapshot()
            stored = {
                (str(g.nodes[a["props"]["unit"]]["label"]), a["props"]["period"])
                for _, a in g.nodes(data=True)
                if a.get("kind") == "Report"
            }
            assert set(cells) <= stored
        finally:
            _clear(db)


def test_the_record_and_the_change_commit_together(db: GraphBackend, results: list) -> None:  # type: ignore[type-arg]
    """A notice import is on record; a record that cannot be written takes the change with it."""
    r = results[0]
    writes.import_notice(db, SERVER_TOKEN, r.notice.file, r)
    (rec,) = audit.records(store_of(db), audit.AuditFilter(action="import_notice"), 0, 5).items
    assert rec.after == {"file": r.notice.file, "notice": r.notice.id}
    before = db.snapshot().number_of_nodes()

    def fail(_: object) -> None:
        raise RuntimeError("the record could not be written")

    with store_of(db).on_next_write(fail), pytest.raises(RuntimeError):
        writes.record_progress(db, SERVER_TOKEN, "税郭镇", "知识产权专利开放许可", "2024", 9)
    assert db.snapshot().number_of_nodes() == before
    assert audit.records(store_of(db), audit.AuditFilter(), 0, 5).total == 1
    assert audit.verify(store_of(db)).ok
