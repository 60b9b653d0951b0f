"""Accounts through the real app: 税郭镇 may report its own numbers, not 孟庄镇's; the office may;
the trail records who did it; 50 unit accounts writing at once lose nothing. Both stores."""

import threading
import warnings
from typing import Any

from dutygraph.graph.supervision import SERVER_TOKEN, audit, writes
from dutygraph.graph.supervision.tables import store_of
from tests.api.conftest import AUTH, Api, data
from tests.graph.conftest import licence_cells

RECORD = """mutation($unit: String!, $period: String!, $value: Float!) {
  recordProgress(unit: $unit, indicator: "知识产权专利开放许可", period: $period, value: $value,
                 asOf: "2024-07-01") { value } }"""
TASK = "t:na3a8e7f37d:三.(二).1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_unit_token_rights(both_api: Api) -> None:
    fresh_api = both_api
    db = fresh_api.backend
    _, shuiguo = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    _, leader = writes.add_account(db, SERVER_TOKEN, "区长", "leader")
    me = fresh_api.gql("{ me { name role unitId } }", headers=bearer(shuiguo))
    assert data(me)["me"] == {"name": "税郭镇", "role": "unit", "unitId": "u:枣庄市市中区税郭镇"}
    own = fresh_api.gql(RECORD, {"unit": "税郭镇", "period": "2024", "value": 4}, bearer(shuiguo))
    assert data(own)["recordProgress"]["value"] == 4
    other = fresh_api.gql(RECORD, {"unit": "孟庄镇", "period": "2024", "value": 4}, bearer(shuiguo))
    assert Api.codes(other) == ["FORBIDDEN"] and "孟庄镇" in other["errors"][0]["message"]
    owners = 'mutation { assignOwner(taskId: "' + TASK + '", unit: "孟庄镇", role: "lead") { id } }'
    assert Api.codes(fresh_api.gql(owners, headers=bearer(shuiguo))) == ["FORBIDDEN"]
    assert Api.codes(
        fresh_api.gql(RECORD, {"unit": "税郭镇", "period": "2024", "value": 1}, bearer(leader))
    ) == ["FORBIDDEN"]
    # the office (the server token) may do both
    assert "errors" not in fresh_api.gql(
        RECORD, {"unit": "孟庄镇", "period": "2024", "value": 2}, AUTH
    )
    assert "errors" not in fresh_api.gql(owners, headers=AUTH)
    # status: sign, report, close (office only)
    sign = 'mutation { acknowledgeTask(taskId: "' + TASK + '") { status } }'
    assert (
        data(fresh_api.gql(sign, headers=bearer(shuiguo)))["acknowledgeTask"]["status"] == "已签收"
    )
    close = (
        'mutation { closeTask(taskId: "' + TASK + '", unit: "税郭镇", note: "已完成") { status } }'
    )
    assert Api.codes(fresh_api.gql(close, headers=bearer(shuiguo))) == ["FORBIDDEN"]
    assert data(fresh_api.gql(close, headers=AUTH))["closeTask"]["status"] == "已办结"
    log = fresh_api.gql(
        '{ auditLog(unit: "税郭镇", limit: 10) { totalCount items { account action item } } }'
    )
    items = data(log)["auditLog"]["items"]
    assert [(i["account"], i["action"]) for i in items] == [
        ("督查室（服务器令牌）", "close"),
        ("税郭镇", "acknowledge"),
        ("税郭镇", "record_progress"),
        ("督查室（服务器令牌）", "account_add"),
    ]
    revoked = writes.revoke_account(db, SERVER_TOKEN, "税郭镇")
    assert revoked.revoked
    after = fresh_api.gql(RECORD, {"unit": "税郭镇", "period": "2024", "value": 5}, bearer(shuiguo))
    assert Api.codes(after) == ["FORBIDDEN"]  # the token no longer matches anything


def test_fifty_units_writing_at_once_lose_nothing(both_api: Api) -> None:
    fresh_api = both_api
    db = fresh_api.backend
    g = db.snapshot()
    cells = licence_cells(g)
    jobs: list[tuple[str, str, str, float]] = []
    for i in range(50):
        unit, period = cells[i % len(cells)]
        name = f"{unit}#{i}"
        _, token = writes.add_account(db, SERVER_TOKEN, name, "unit", unit=unit)
        jobs.append((token, unit, period, float(i + 1)))
    assert len({(u, p) for _, u, p, _ in jobs}) == min(50, len(cells))
    start = threading.Barrier(len(jobs))
    failures: list[Any] = []

    def work(job: tuple[str, str, str, float]) -> None:
        token, unit, period, value = job
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient
        client = TestClient(fresh_api.client.app, base_url="http://localhost")
        start.wait()
        r = client.post(
            "/graphql",
            json={"query": RECORD, "variables": {"unit": unit, "period": period, "value": value}},
            headers=bearer(token),
        )
        if r.json().get("errors"):
            failures.append(r.json()["errors"])

    threads = [threading.Thread(target=work, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    conn = store_of(db)
    records = audit.records(conn, audit.AuditFilter(action="record_progress"), 0, 100)
    assert records.total == 50
    assert audit.verify(conn).ok
    # every write is in the trail, and the graph holds the last value of each cell
    by_account = {r.account: r.after["value"] for r in records.items}
    assert sorted(by_account.values()) == [float(i + 1) for i in range(50)]
    latest: dict[tuple[str, str], float] = {}
    for r in sorted(records.items, key=lambda r: r.seq):
        latest[(r.after["unit"], r.after["period"])] = r.after["value"]
    g = db.snapshot()
    stored = {
        (a["props"]["unit"], a["props"]["period"]): a["props"]["value"]
        for _, a in g.nodes(data=True)
        if a.get("kind") == "Report"
    }
    assert {k: stored[k] for k in latest} == latest


def test_a_client_guessing_tokens_is_paused(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    me = "{ me { name } }"
    for i in range(10):
        guess = fresh_api.gql(me, headers=bearer(f"dg_{i:012d}_guess"))
        assert data(guess)["me"] is None
    # the right token from the same client is now refused unchecked for a while
    assert data(fresh_api.gql(me, headers=bearer(token)))["me"] is None
    assert data(fresh_api.gql(me, headers=AUTH))["me"]["name"] == "督查室（服务器令牌）"
