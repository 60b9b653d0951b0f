"""Queries through the real ASGI app over the five sample notices."""

from ..conftest import T004, Api, data


def test_owners_of_004_item_three_three_one(api: Api) -> None:
    q = """query($id: String!) { whoOwns(taskId: $id) {
        totalCount items { itemId label noticeId owners { unitId unit role } } } }"""
    got = data(api.gql(q, {"id": T004}))["whoOwns"]
    assert got["totalCount"] == 1
    (item,) = got["items"]
    assert (item["itemId"], item["label"], item["noticeId"]) == (
        T004,
        "提升行政保护质效",
        "na3a8e7f37d",
    )
    units = {o["unit"] for o in item["owners"]}
    assert len(units) == 9
    assert {"枣庄市市中区市场监督管理局", "枣庄市市中区司法局", "枣庄市市中区各镇街"} <= units
    assert {o["role"] for o in item["owners"]} == {"owner"}


def test_who_owns_by_text_finds_items_in_several_notices(api: Api) -> None:
    got = data(api.gql('{ whoOwns(text: "三.(三).1") { totalCount items { itemId } } }'))
    ids = {i["itemId"] for i in got["whoOwns"]["items"]}
    assert T004 in ids and len(ids) == got["whoOwns"]["totalCount"] == 2


def test_duties_of_shuiguo_include_the_collective_tasks(api: Api) -> None:
    q = """{ duties(unit: "税郭镇", limit: 100) { totalCount
        items { itemId kind label role via path } } }"""
    got = data(api.gql(q))["duties"]
    assert got["totalCount"] == 26
    via = [d for d in got["items"] if d["via"] == "枣庄市市中区各镇街"]
    in_three = [d for d in via if d["kind"] == "Task" and d["path"].startswith("三.")]
    assert len(in_three) == 11  # as the CLI's `duties 税郭镇` and the contract tests
    assert T004 in {d["itemId"] for d in via}
    direct = [d for d in got["items"] if d["via"] is None]
    assert {d["kind"] for d in direct} == {"Target"}
    assert "新增有效发明专利数量 税郭镇 2024-2026" in {d["label"] for d in direct}


def test_a_units_duties_page_like_the_top_level_list(api: Api) -> None:
    q = """{ unit(name: "税郭镇") { id name aliases
        duties(limit: 10, offset: 20) { totalCount offset limit items { itemId } } } }"""
    unit = data(api.gql(q))["unit"]
    assert unit["id"] == "u:枣庄市市中区税郭镇" and "税郭镇" in unit["aliases"]
    page = unit["duties"]
    assert (page["totalCount"], page["offset"], page["limit"]) == (26, 20, 10)
    assert len(page["items"]) == 6


def test_rollup_of_open_licences_165_against_headline_200(api: Api) -> None:
    q = """{ rollup(indicator: "知识产权专利开放许可", period: "2024—2026") { totalCount items {
        table period region computed stated diffStated diffHeadline
        headline { name value } children { unit value } } } }"""
    got = data(api.gql(q))["rollup"]
    assert got["totalCount"] == 1
    (r,) = got["items"]
    assert (r["computed"], r["stated"], r["diffStated"]) == (165, 165, 0)
    assert r["headline"] == {"name": "专利开放许可", "value": 200}
    assert r["diffHeadline"] == -35
    assert len(r["children"]) == 11
    assert {"unit": "枣庄市市中区税郭镇", "value": 15.0} in r["children"]
    assert sum(c["value"] for c in r["children"]) == 165


def test_lists_page_with_limit_offset_and_total(api: Api) -> None:
    q = "query($o: Int!) { tasks(limit: 50, offset: $o) { totalCount items { id } } }"
    first, second = (data(api.gql(q, {"o": o}))["tasks"] for o in (0, 50))
    assert first["totalCount"] == second["totalCount"] == 82
    ids = [t["id"] for t in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 82
    unowned = data(api.gql("{ tasks(filter: {owned: false}, limit: 100) { totalCount } }"))
    assert unowned["tasks"]["totalCount"] == 31
    of004 = data(api.gql('{ tasks(filter: {notice: "n:na3a8e7f37d"}) { totalCount } }'))
    assert of004["tasks"]["totalCount"] == 14
    notices = data(api.gql("{ notices(filter: {loaded: true}) { items { docNumber } } }"))
    assert "枣市监中心字〔2019〕1号" in {n["docNumber"] for n in notices["notices"]["items"]}
    units = data(api.gql("{ units(filter: {collective: true}, limit: 100) { totalCount } }"))
    assert units["units"]["totalCount"] == 13
    inds = data(api.gql('{ indicators(filter: {text: "专利开放许可"}) { items { name value } } }'))
    assert {"name": "专利开放许可", "value": 200.0} in inds["indicators"]["items"]


def test_search_over_unit_names_and_task_text(api: Api) -> None:
    q = """{ search(text: "铁拳") { totalCount items { kind field snippet
        node { ... on Task { id path } } } } }"""
    hits = data(api.gql(q))["search"]["items"]
    hit = next(h for h in hits if h["node"].get("id") == T004)
    assert hit["kind"] == "Task" and hit["field"] == "text" and "铁拳" in hit["snippet"]
    units = data(api.gql('{ search(text: "税郭镇") { items { node { ... on Unit { id } } } } }'))
    assert units["search"]["items"] == [{"node": {"id": "u:枣庄市市中区税郭镇"}}]


def test_node_by_id_lineage_and_impact(api: Api) -> None:
    task = data(api.gql(f'{{ task(id: "{T004}") {{ path title line }} }}'))["task"]
    assert task == {"path": "三.(三).1", "title": "提升行政保护质效", "line": 36}
    notice = data(api.gql('{ notice(id: "n:枣市监中心字〔2019〕1号") { loaded date } }'))
    assert notice["notice"] == {"loaded": True, "date": "2019-11-05"}
    q = '{ lineage(notice: "枣市监中心字〔2019〕1号") { implements { docNumber basis } } }'
    assert data(api.gql(q))["lineage"]["implements"] == [
        {"docNumber": "鲁市监办字〔2019〕310号", "basis": "text"}
    ]
    q = '{ impact(unit: "税郭镇") { levels { name nodes { id via } } } }'
    levels = {lv["name"]: lv["nodes"] for lv in data(api.gql(q))["impact"]["levels"]}
    assert {"id": "u:枣庄市市中区各镇街", "via": "枣庄市市中区税郭镇"} in levels["collectives"]
    assert len(levels["rolls_up_into"]) == 14


def test_unknown_ids_and_names_give_coded_errors(api: Api) -> None:
    for query, code in [
        ('{ task(id: "t:no-such-task") { id } }', "NOT_FOUND"),
        (f'{{ notice(id: "{T004}") {{ id }} }}', "NOT_FOUND"),  # a task id is not a notice
        ('{ unit(name: "没有这个镇") { id } }', "NOT_FOUND"),
        ('{ duties(unit: "没有这个镇") { totalCount } }', "NOT_FOUND"),
        ('{ whoOwns(taskId: "t:no-such-task") { totalCount } }', "NOT_FOUND"),
        ('{ lineage(notice: "没有这个通知") { noticeId } }', "NOT_FOUND"),
        ('{ impact(unit: "没有这个镇") { start } }', "NOT_FOUND"),
        ('{ unit(name: "镇") { id } }', "BAD_INPUT"),  # several townships end in 镇
        ('{ unit(id: "u:x", name: "税郭镇") { id } }', "BAD_INPUT"),
        ("{ tasks(limit: 1000) { totalCount } }", "BAD_INPUT"),
        ('{ search(text: " ") { totalCount } }', "BAD_INPUT"),
    ]:
        body = api.gql(query)
        assert api.codes(body) == [code], (query, body)
        message = body["errors"][0]["message"]
        assert "Traceback" not in message and "File " not in message
    body = api.gql('{ task(id: "t:no-such-task") { id } }')
    assert body["errors"][0]["message"] == "no task matches 't:no-such-task'"


def test_malformed_queries_and_bodies(api: Api) -> None:
    body = api.gql("{ tasks { items { id ")
    assert api.codes(body) == ["GRAPHQL_PARSE_FAILED"] and body["_status"] == 200
    assert body["errors"][0]["message"].startswith("Syntax Error")
    body = api.gql("{ tasks { nope } }")
    assert api.codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    body = api.gql("query($n: Int!) { tasks(limit: $n) { totalCount } }", {"n": "many"})
    assert api.codes(body) == ["BAD_INPUT"] and "many" in body["errors"][0]["message"]
    r = api.client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_graphiql_page_and_health(api: Api) -> None:
    page = api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    health = api.client.get("/healthz").json()
    nodes, edges = api.backend.counts()
    assert health == {"status": "ok", "nodes": nodes, "edges": edges}
    assert nodes > 300 and edges > 600  # the five samples, not an empty store


def test_responses_are_utf8_json_with_chinese_as_is(api: Api) -> None:
    r = api.client.post("/graphql", json={"query": f'{{ task(id: "{T004}") {{ title }} }}'})
    assert r.headers["content-type"].startswith("application/json")
    assert "提升行政保护质效".encode() in r.content and b"\\u" not in r.content


def test_unit_by_alias_or_abbreviation(api: Api) -> None:
    for name in ("区市场监管局", "枣庄市市中区市场监督管理局"):
        got = data(api.gql("query($n: String!) { unit(name: $n) { id } }", {"n": name}))
        assert got["unit"]["id"] == "u:枣庄市市中区市场监督管理局", name
