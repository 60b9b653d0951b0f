"""Gap analysis, progress and traffic lights through the real ASGI app, on the five samples."""

import datetime as dt
from typing import Any

from dutygraph.graph.gaps import find_gaps

from ..conftest import Api, data

GAPS = """query($kinds: [String!], $notice: String, $limit: Int! = 50, $offset: Int! = 0) {
    gaps(asOf: "2024-12-10", kinds: $kinds, notice: $notice, limit: $limit, offset: $offset) {
    totalCount offset limit items { kind kindZh severity notice explanationZh status
    entities { id kind label } numbers { name value } } } }"""
RECORD = """mutation($unit: String!, $period: String! = "2024", $value: Float! = 4) {
    recordProgress(unit: $unit, indicator: "知识产权专利开放许可", period: $period,
    value: $value, asOf: "2024-07-01") { id unit itemId name period value reported } }"""
ROLLUP = """query($d: Date) { rollup(indicator: "知识产权专利开放许可", period: "2024") {
    items { stated actualTotal status(asOf: $d) { colour actual }
    children { unit value actual targetId status(asOf: $d) { colour target actual expected } } } } }"""
TASK = """query($d: Date) { task(id: "t:n215db929d3:四.(一)") { label
    status(asOf: $d) { colour colourZh end explanationZh } } }"""
SHUIGUO = "枣庄市市中区税郭镇"


def test_gaps_finds_the_allocation_gap_of_004(api: Api) -> None:
    got = data(api.gql(GAPS, {"kinds": ["allocation"]}))["gaps"]
    by_table = {f["entities"][1]["label"]: f for f in got["items"]}
    assert got["totalCount"] == 3 and {f["kind"] for f in got["items"]} == {"allocation"}
    f = by_table["知识产权专利开放许可"]
    numbers = {n["name"]: n["value"] for n in f["numbers"]}
    assert numbers == {"总目标": 200, "分解合计": 165, "差额": -35, "分解单位数": 11}
    assert (f["severity"], f["kindZh"], f["notice"]) == ("warning", "目标分解", "na3a8e7f37d")
    assert "尚有35项未分解" in f["explanationZh"]


def test_gaps_finds_the_ten_unowned_measures_of_001_page_by_page(api: Api) -> None:
    q = {"kinds": ["unowned"], "notice": "nf92219446d"}
    first = data(api.gql(GAPS, {**q, "limit": 6}))["gaps"]
    rest = data(api.gql(GAPS, {**q, "limit": 6, "offset": 6}))["gaps"]
    tasks = [f for f in first["items"] + rest["items"] if f["entities"][0]["kind"] == "Task"]
    assert len(tasks) == 10 and len({f["entities"][0]["id"] for f in tasks}) == 10
    assert first["totalCount"] == rest["totalCount"] >= 10
    assert {f["notice"] for f in first["items"] + rest["items"]} == {"nf92219446d"}
    assert any("未明确责任单位" in f["explanationZh"] for f in tasks)


def test_gaps_refuses_unknown_kinds_and_notices(api: Api) -> None:
    body = api.gql(GAPS, {"kinds": ["allocation", "weather"]})
    assert api.codes(body) == ["BAD_INPUT"]
    assert body["errors"][0]["message"].startswith("unknown finding kind 'weather'; use one of")
    body = api.gql(GAPS, {"notice": "没有这个通知"})
    assert api.codes(body) == ["NOT_FOUND"] and "没有这个通知" in body["errors"][0]["message"]


def test_record_progress_needs_the_token_and_shows_in_the_rollup(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    body = fresh_api.gql(RECORD, {"unit": "税郭镇"})
    assert fresh_api.codes(body) == ["UNAUTHENTICATED"] and body["data"] is None
    body = fresh_api.gql(RECORD, {"unit": "税郭镇"}, {"Authorization": "Bearer nope"})
    assert fresh_api.codes(body) == ["FORBIDDEN"]
    assert fresh_api.backend.counts() == before
    (cell,) = [
        c
        for c in data(fresh_api.gql(ROLLUP))["rollup"]["items"][0]["children"]
        if c["unit"] == SHUIGUO
    ]
    assert (cell["value"], cell["actual"]) == (5, None)

    got = data(fresh_api.gql(RECORD, {"unit": "税郭镇"}, fresh_api.auth))["recordProgress"]
    assert (got["unit"], got["name"], got["period"], got["value"], got["reported"]) == (
        SHUIGUO,
        "知识产权专利开放许可",
        "2024",
        4,
        "2024-07-01",
    )
    assert got["itemId"] == cell["targetId"]
    (row,) = data(fresh_api.gql(ROLLUP))["rollup"]["items"]
    (cell,) = [c for c in row["children"] if c["unit"] == SHUIGUO]
    assert (cell["value"], cell["actual"], row["actualTotal"], row["stated"]) == (5, 4, 4, 55)


def test_record_progress_refuses_bad_input_and_changes_nothing(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"unit": "幸福镇"}, "单位“幸福镇”"),
        ({"unit": "税郭镇", "period": "明年"}, "年度/期间“明年”无法识别"),
        ({"unit": "税郭镇", "value": -1}, "negative value"),
    ]
    for args, phrase in cases:
        body = fresh_api.gql(RECORD, args, fresh_api.auth)
        assert fresh_api.codes(body) == ["BAD_INPUT"], body
        assert phrase in body["errors"][0]["message"]
    body = fresh_api.gql(
        'mutation { recordProgress(unit: "税郭镇", indicator: "月球开发", period: "2024",'
        " value: 1) { id } }",
        headers=fresh_api.auth,
    )
    assert fresh_api.codes(body) == ["BAD_INPUT"]
    assert "指标“月球开发”" in body["errors"][0]["message"]
    assert fresh_api.backend.counts() == before


def test_a_target_light_changes_with_as_of(fresh_api: Api) -> None:
    data(fresh_api.gql(RECORD, {"unit": "税郭镇"}, fresh_api.auth))
    colours = {}
    for day in ("2023-12-01", "2024-03-01", "2024-08-01", "2025-01-10"):
        (row,) = data(fresh_api.gql(ROLLUP, {"d": day}))["rollup"]["items"]
        (cell,) = [c for c in row["children"] if c["unit"] == SHUIGUO]
        colours[day] = cell["status"]["colour"]
        if day == "2024-08-01":  # 4 reported on 2024-07-01 against a pro-rated 2.9 of 5
            light = cell["status"]
            assert (light["target"], light["actual"], light["expected"]) == (5, 4, 2.9)
    assert colours == {
        "2023-12-01": "grey",  # the 2024 period has not started
        "2024-03-01": "yellow",  # started, nothing reported by then
        "2024-08-01": "green",
        "2025-01-10": "red",  # the year is over, 1 short
    }


def test_a_task_light_changes_with_as_of(api: Api) -> None:
    early = data(api.gql(TASK, {"d": "2019-03-01"}))["task"]
    late = data(api.gql(TASK, {"d": "2024-03-01"}))["task"]
    assert early["label"] == "制定方案（2019年9月）"
    assert (early["status"]["colour"], early["status"]["colourZh"]) == ("green", "绿灯")
    assert late["status"]["colour"] == "red"
    assert "期限2019-09-30已过" in late["status"]["explanationZh"]


def test_an_indicator_light_and_a_bad_date(api: Api) -> None:
    q = """query($d: Date) { indicator(id: "i:na3a8e7f37d:二.(二).2:L23:4") { name value
        status(asOf: $d) { colour target start end } } }"""
    got = data(api.gql(q, {"d": "2027-01-10"}))["indicator"]
    assert (got["name"], got["status"]["colour"], got["status"]["target"]) == (
        "专利开放许可",
        "red",
        200,
    )
    assert (got["status"]["start"], got["status"]["end"]) == ("2024-01-01", "2026-12-31")
    body = api.gql(q, {"d": "2024-13-45"})
    assert body.get("data") is None and api.codes(body) == ["BAD_INPUT"]


GAPS_OF = """query($notice: String, $unit: String) {
    gaps(asOf: "2024-12-10", notice: $notice, unit: $unit, limit: 100) {
    totalCount items { kind notice entities { id } } } }"""


def test_gaps_of_one_notice_or_unit_on_both_stores(both_api: Api) -> None:
    """On Neo4j these read only the notice's or unit's part (gaps_graph), and answer as
    find_gaps on the whole graph does."""
    g = both_api.backend.snapshot()
    day = dt.date(2024, 12, 10)
    for notice, unit in (("nf92219446d", None), (None, "税郭镇")):
        args = {"notice": notice, "unit": unit}
        got = data(both_api.gql(GAPS_OF, args))["gaps"]
        whole = find_gaps(g, day, notice=notice, unit=unit)
        assert got["totalCount"] == len(whole) > 0, args
        assert [f["kind"] for f in got["items"]] == [f.kind for f in whole[:100]]
    unowned = data(both_api.gql(GAPS_OF, {"notice": "nf92219446d"}))["gaps"]["items"]
    assert (
        sum(f["kind"] == "unowned" and f["entities"][0]["id"].startswith("t:") for f in unowned)
        == 10
    )
