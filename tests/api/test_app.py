"""A POSTed JSON object is answered by DutyGraphQL.post_json exactly as strawberry's own `run`
answers it (which a content type after a space still reaches): status, headers and body."""

import json
from typing import Any

import pytest

from tests.api.conftest import T004, Api

WHO = "query($id: String!) { whoOwns(taskId: $id) { totalCount items { owners { unit } } } }"
BODIES: dict[str, Any] = {
    "whoOwns": {"query": WHO, "variables": {"id": T004}},
    "not found": {"query": '{ task(id: "t:none") { id } }'},
    "invalid query": {"query": "{ tasks { nope } }"},
    "syntax error": {"query": "{ tasks { "},
    "bad variable": {"query": WHO, "variables": {"id": 42}},
    "query not a string": {"query": 42},
    "variables not an object": {"query": WHO, "variables": [1]},
    "extensions not an object": {"query": WHO, "extensions": "x"},
    "no query": {},
    "null query": {"query": None},
    "unknown operation name": {"query": "query A { notices { totalCount } }", "operationName": "B"},
    "two operations, no name": {
        "query": "query A { __typename } query B { notices { totalCount } }"
    },
    "mutation without a token": {
        "query": 'mutation { mergeUnits(variant: "齐村镇", canonical: "税郭镇") { id } }'
    },
    "a batch": [{"query": "{ __typename }"}],
}


@pytest.mark.parametrize("case", BODIES)
@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_post_json_answers_as_strawberry_does(api: Api, case: str, accept: str) -> None:
    body = json.dumps(BODIES[case], ensure_ascii=False).encode("utf-8")
    answers = []
    for content_type in ("application/json", " application/json"):  # ours; strawberry's run
        headers = {"content-type": content_type, "accept": accept}
        r = api.client.post("/graphql", content=body, headers=headers)
        answers.append((r.status_code, r.headers["content-type"], r.json()))
    assert answers[0] == answers[1]
    status, _, got = answers[0]
    if case == "whoOwns":
        assert status == 200 and len(got["data"]["whoOwns"]["items"][0]["owners"]) == 9
    elif case == "two operations, no name":  # strawberry runs the first
        assert got == {"data": {"__typename": "Query"}}
    else:
        assert got["errors"][0]["message"]
