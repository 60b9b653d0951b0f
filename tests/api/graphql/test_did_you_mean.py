"""Did-you-mean through GraphQL (extensions.suggestions) and on a spreadsheet row's reason."""

from ..conftest import Api


def test_unknown_unit_lists_near_names(api: Api) -> None:
    for query, meant in [
        ('{ duties(unit: "税国镇") { totalCount } }', "税郭镇"),
        ('{ unit(name: "西王庄") { id } }', "西王庄镇"),
    ]:
        body = api.gql(query)
        (err,) = body["errors"]
        assert err["extensions"] == {"code": "NOT_FOUND", "suggestions": [meant]}
        assert err["message"].endswith(f"did you mean {meant}?")


def test_a_far_name_has_no_suggestions(api: Api) -> None:
    (err,) = api.gql('{ duties(unit: "月球开发区") { totalCount } }')["errors"]
    assert err["extensions"] == {"code": "NOT_FOUND"}


def test_progress_row_with_a_misspelt_unit_suggests_it(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    body = fresh_api.gql(
        'mutation { recordProgress(unit: "税国镇", indicator: "知识产权专利开放许可",'
        ' period: "2024", value: 1) { id } }',
        headers=fresh_api.auth,
    )
    assert fresh_api.codes(body) == ["BAD_INPUT"]
    message = body["errors"][0]["message"]
    assert "单位“税国镇”" in message and "您是不是要找：税郭镇？" in message
    body = fresh_api.gql(
        'mutation { recordProgress(unit: "税郭镇", indicator: "知识产权陪训次数",'
        ' period: "2024", value: 1) { id } }',
        headers=fresh_api.auth,
    )
    assert "您是不是要找：知识产权培训次数？" in body["errors"][0]["message"]
    assert fresh_api.backend.counts() == before
