"""Mutations through the real ASGI app: import a notice, edit owners, merge units; all atomic."""

from pathlib import Path

from ..conftest import T004, Api, data

ROOT = Path(__file__).resolve().parents[3]
COUNTY = (ROOT / "tests" / "loaders" / "notice" / "county_notice.txt").read_text(encoding="utf-8")
IMPORT = """mutation($text: String!, $name: String!) { importNotice(text: $text, filename: $name) {
    noticeId noticeNodeId title taskIds indicatorIds warnings { code line } } }"""
ASSIGN = """mutation($task: String!, $unit: String!) {
    assignOwner(taskId: $task, unit: $unit, role: "lead") { id owners { unit role } } }"""
COUNTS = "{ notices { totalCount } tasks { totalCount } units { totalCount } }"


def test_import_a_notice_then_query_it(fresh_api: Api) -> None:
    before = data(fresh_api.gql(COUNTS))
    got = data(fresh_api.gql(IMPORT, {"text": COUNTY, "name": "county.txt"}, fresh_api.auth))[
        "importNotice"
    ]
    assert got["noticeNodeId"] == "n:某政办发〔2023〕12号"
    assert got["title"] == "关于印发某某县优化营商环境三年行动方案的通知"
    assert len(got["taskIds"]) == 4 and len(got["indicatorIds"]) == 5
    q = "query($n: String!) { tasks(filter: {notice: $n}) { totalCount items { id } } }"
    seen = data(fresh_api.gql(q, {"n": got["noticeId"]}))["tasks"]
    assert sorted(t["id"] for t in seen["items"]) == sorted(got["taskIds"])
    owners = data(
        fresh_api.gql('{ whoOwns(text: "推行“一网通办”") { items { owners { unit role } } } }')
    )
    (item,) = owners["whoOwns"]["items"]
    assert {"unit": "某某县行政审批服务局", "role": "lead"} in item["owners"]
    after = data(fresh_api.gql(COUNTS))
    assert after["notices"]["totalCount"] == before["notices"]["totalCount"] + 1
    assert after["tasks"]["totalCount"] == before["tasks"]["totalCount"] + 4


def test_import_of_a_broken_text_is_coded_and_changes_nothing(fresh_api: Api) -> None:
    before = data(fresh_api.gql(COUNTS)), fresh_api.backend.counts()
    for text, phrase in [
        ("   \n\n  ", "empty"),
        ("\x01\x02\x03\x04 通知 \x05\x06\x07\x08\x0b\x0e\x0f\x10", "control characters"),
    ]:
        body = fresh_api.gql(IMPORT, {"text": text, "name": "broken.txt"}, fresh_api.auth)
        assert fresh_api.codes(body) == ["NOTICE_UNREADABLE"]
        message = body["errors"][0]["message"]
        assert message.startswith("broken.txt: ") and phrase in message
    body = fresh_api.gql(IMPORT, {"text": COUNTY, "name": "../etc/x.txt"}, fresh_api.auth)
    assert fresh_api.codes(body) == ["BAD_INPUT"]
    assert (data(fresh_api.gql(COUNTS)), fresh_api.backend.counts()) == before


def test_mutations_without_or_with_a_wrong_token_are_refused(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    variables = {"task": T004, "unit": "税郭镇"}
    body = fresh_api.gql(ASSIGN, variables)
    assert fresh_api.codes(body) == ["UNAUTHENTICATED"] and body["data"] is None
    assert "Authorization: Bearer" in body["errors"][0]["message"]
    body = fresh_api.gql(ASSIGN, variables, {"Authorization": "Bearer wrong"})
    assert fresh_api.codes(body) == ["FORBIDDEN"]
    body = fresh_api.gql(IMPORT, {"text": COUNTY, "name": "county.txt"})
    assert fresh_api.codes(body) == ["UNAUTHENTICATED"]
    assert fresh_api.backend.counts() == before and fresh_api.backend.edits() == []


def test_assign_remove_and_merge_through_the_api(fresh_api: Api) -> None:
    auth = fresh_api.auth
    got = data(fresh_api.gql(ASSIGN, {"task": T004, "unit": "税郭镇"}, auth))["assignOwner"]
    assert {"unit": "枣庄市市中区税郭镇", "role": "lead"} in got["owners"]
    q = 'mutation($t: String!) { removeOwner(taskId: $t, unit: "区司法局") { owners { unit } } }'
    removed = data(fresh_api.gql(q, {"t": T004}, auth))["removeOwner"]
    owners = {o["unit"] for o in removed["owners"]}
    assert "枣庄市市中区司法局" not in owners and len(owners) == 9
    q = 'mutation { mergeUnits(variant: "齐村镇", canonical: "税郭镇") { id aliases } }'
    merged = data(fresh_api.gql(q, headers=auth))["mergeUnits"]
    assert merged["id"] == "u:枣庄市市中区税郭镇" and "枣庄市市中区齐村镇" in merged["aliases"]
    body = fresh_api.gql('{ unit(id: "u:枣庄市市中区齐村镇") { id } }')
    assert fresh_api.codes(body) == ["NOT_FOUND"]
    # a refused edit is a coded error and logs nothing
    body = fresh_api.gql(ASSIGN, {"task": T004, "unit": "没有这个镇"}, auth)
    assert fresh_api.codes(body) == ["NOT_FOUND"]
    body = fresh_api.gql(ASSIGN, {"task": T004, "unit": "税郭镇"}, auth)
    assert fresh_api.codes(body) == ["BAD_INPUT"] and "already owns" in body["errors"][0]["message"]
    assert [e.op for e in fresh_api.backend.edits()] == [
        "assign_owner",
        "remove_owner",
        "merge_units",
    ]


def test_a_later_field_of_the_same_request_sees_the_edit(fresh_api: Api) -> None:
    q = """mutation($t: String!) {
        before: assignOwner(taskId: $t, unit: "税郭镇", role: "co") { owners { unit } }
        after: removeOwner(taskId: $t, unit: "税郭镇") { owners { unit } } }"""
    got = data(fresh_api.gql(q, {"t": T004}, fresh_api.auth))
    assert "枣庄市市中区税郭镇" in {o["unit"] for o in got["before"]["owners"]}
    assert "枣庄市市中区税郭镇" not in {o["unit"] for o in got["after"]["owners"]}
