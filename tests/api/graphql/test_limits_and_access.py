"""Depth, size and body limits, and who may read: refused with a coded error, store unchanged."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dutygraph.api.graphql.limits import CheckedQueries, RequestChecks
from dutygraph.api.settings import Settings, SettingsError, load_token, reads_mode

from ..conftest import TOKEN, Api

# Depth 5 through real fields: duties -> items -> ... is legal GraphQL, only too deep.
DEEP = """{ search(text: "税郭镇") { items { node { ... on Unit {
    duties { items { itemId } } } } } } }"""


def test_a_too_deep_query_is_refused(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=TOKEN, reads="open", max_depth=4))
    body = api.gql(DEEP)
    assert api.codes(body) == ["QUERY_TOO_DEEP"] and body["data"] is None
    assert "maximum operation depth of 4" in body["errors"][0]["message"]
    ok = make_api(Settings(token=TOKEN, reads="open", max_depth=5)).gql(DEEP)
    assert "errors" not in ok and ok["data"]["search"]["items"]


def test_too_many_tokens_or_aliases_are_refused(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=TOKEN, reads="open", max_tokens=50, max_aliases=3))
    many = " ".join(f"a{i}: notices {{ totalCount }}" for i in range(20))
    body = api.gql("{ " + many + " }")
    assert api.codes(body)[0] == "QUERY_TOO_LARGE"
    aliases = " ".join(f"a{i}: notices {{ totalCount }}" for i in range(5))
    assert api.codes(api.gql("{ " + aliases + " }")) == ["QUERY_TOO_LARGE"]


def test_an_oversized_body_is_refused_before_graphql(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=TOKEN, reads="open", max_body_bytes=10_000))
    before = api.backend.counts()
    text = "关于印发某某方案的通知\n" + "一、总体要求\n" * 2000
    q = 'mutation($t: String!) { importNotice(text: $t, filename: "big.txt") { noticeId } }'
    r = api.client.post("/graphql", json={"query": q, "variables": {"t": text}}, headers=api.auth)
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert api.backend.counts() == before

    def chunks() -> Any:  # no Content-Length: counted as it streams in
        yield b'{"query": "{ notices { totalCount } }", "pad": "'
        for _ in range(20):
            yield b"x" * 1000
        yield b'"}'

    r = api.client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    small = api.gql("{ notices { totalCount } }")
    assert small["data"]["notices"]["totalCount"] == 13


def test_reads_open_local_or_token(make_api: Callable[..., Api]) -> None:
    q = "{ notices { totalCount } }"
    closed = make_api(Settings(token=TOKEN, reads="token"), client=("127.0.0.1", 5000))
    r = closed.client.post("/graphql", json={"query": q})
    assert r.status_code == 401
    assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert closed.gql(q, headers=closed.auth)["data"]["notices"]["totalCount"] == 13
    assert closed.client.get("/graphql", headers={"accept": "text/html"}).status_code == 200
    local = Settings(token=TOKEN, reads="local")
    assert make_api(local, client=("127.0.0.1", 5000)).gql(q)["data"] is not None
    remote = make_api(local, client=("192.0.2.7", 5000))  # a documentation address
    assert remote.client.post("/graphql", json={"query": q}).status_code == 401
    assert remote.gql(q, headers=remote.auth)["data"] is not None


def test_without_a_server_token_mutations_are_disabled(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=None, reads="open"))
    q = 'mutation { mergeUnits(variant: "齐村镇", canonical: "税郭镇") { id } }'
    body = api.gql(q, headers=api.auth)
    assert api.codes(body) == ["FORBIDDEN"]
    assert "started without a token" in body["errors"][0]["message"]


def test_token_from_env_or_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYGRAPH_TOKEN", raising=False)
    monkeypatch.delenv("DUTYGRAPH_TOKEN_FILE", raising=False)
    assert load_token() is None
    f = tmp_path / "token"
    f.write_text("from-file\n", encoding="utf-8")
    assert load_token(f) == "from-file"
    monkeypatch.setenv("DUTYGRAPH_TOKEN", "from-env")
    assert load_token(f) == "from-env"
    monkeypatch.delenv("DUTYGRAPH_TOKEN")
    (tmp_path / "empty").write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="empty"):
        load_token(tmp_path / "empty")
    with pytest.raises(SettingsError, match="cannot read"):
        load_token(tmp_path / "missing")
    with pytest.raises(SettingsError, match="open, local, token"):
        reads_mode("everyone")


def test_a_refused_query_is_refused_every_time(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=TOKEN, reads="open", max_depth=4))
    for _ in range(3):
        assert api.codes(api.gql(DEEP)) == ["QUERY_TOO_DEEP"]
        assert api.codes(api.gql("{ tasks { nope } }")) == ["GRAPHQL_VALIDATION_FAILED"]
        assert api.codes(api.gql("{ tasks { items { id ")) == ["GRAPHQL_PARSE_FAILED"]
        body = api.gql("{ notices { totalCount } }")  # kept after its first run
        assert body["data"]["notices"]["totalCount"] == 13 and "errors" not in body
    checks = checks_of(api)
    assert list(checks.checked._documents) == ["{ notices { totalCount } }"]


def test_a_checked_query_is_not_shared_across_schemas(make_api: Callable[..., Api]) -> None:
    loose = make_api(Settings(token=TOKEN, reads="open", max_depth=5))
    for _ in range(2):  # the second answer comes from the checked document
        assert loose.gql(DEEP)["data"]["search"]["items"]
    strict = make_api(Settings(token=TOKEN, reads="open", max_depth=4))
    assert strict.codes(strict.gql(DEEP)) == ["QUERY_TOO_DEEP"]
    assert len(checks_of(loose).checked) == 1 and len(checks_of(strict).checked) == 0


def test_checked_queries_keep_the_most_recently_used() -> None:
    from graphql import parse

    checked = CheckedQueries(size=2)
    for text in ["{ a }", "{ b }"]:
        checked.add(text, parse(text))
    assert checked.get("{ a }") is not None  # now the most recent
    checked.add("{ c }", parse("{ c }"))
    assert checked.get("{ b }") is None and checked.get("{ a }") is not None and len(checked) == 2


def checks_of(api: Api) -> RequestChecks:
    """The request checks of the app's GraphQL schema (one per request, a cache per schema)."""
    route = api.client.app.routes[0]  # type: ignore[attr-defined]
    view = route.app.app  # ReadGate -> DutyGraphQL
    (factory,) = view.schema.extensions
    checks = factory()
    assert isinstance(checks, RequestChecks)
    return checks
