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


def test_rollup_who_owns_lineage_impact_name_what_was_meant(api: Api) -> None:
    """A name that matches nothing is NOT_FOUND with suggestions, never an empty list."""
    for query, meant in [
        ('{ rollup(indicator: "知识产权专利开放许可证") { totalCount } }', "知识产权专利开放许可"),
        ('{ rollup(indicator: "开放许可", region: "税国镇") { totalCount } }', "税郭镇"),
        ('{ whoOwns(text: "提升行政保户质效") { totalCount } }', "提升行政保护质效"),
        ('{ lineage(notice: "枣市监中心字2019") { noticeId } }', "枣市监中心字〔2019〕1号"),
        ('{ impact(unit: "西王庄") { start } }', "西王庄镇"),
    ]:
        body = api.gql(query)
        (err,) = body["errors"]
        assert err["extensions"] == {"code": "NOT_FOUND", "suggestions": [meant]}, query
        assert body["data"] is None


def test_rollup_and_who_owns_without_a_near_name_or_with_filters(api: Api) -> None:
    (err,) = api.gql('{ whoOwns(text: "月球开发区") { totalCount } }')["errors"]
    assert err["extensions"] == {"code": "NOT_FOUND"}
    # A known table and unit, but no rows for that period or region: an empty page, no error.
    body = api.gql('{ rollup(indicator: "知识产权专利开放许可", period: "2099") { totalCount } }')
    assert body["data"] == {"rollup": {"totalCount": 0}}
    body = api.gql('{ rollup(indicator: "知识产权专利开放许可", region: "税郭镇") { totalCount } }')
    assert body["data"]["rollup"]["totalCount"] == 4
