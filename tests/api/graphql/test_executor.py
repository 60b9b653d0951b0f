"""PlainFieldsExecutor answers exactly as strawberry's own executor: data (in the query's
order), errors (messages, paths) and nulls, on the sample store and on values that fail."""

import asyncio
import json
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import ExecutionResult

from dutygraph.api.auth import Access
from dutygraph.api.graphql import Context, Loaders
from dutygraph.api.graphql.executor import _PLANS, PlainFieldsExecutor
from dutygraph.api.graphql.limits import limit_extensions
from dutygraph.api.graphql.schema import Mutation, Query, Schema

from ..conftest import OPEN, T004, Api

QUERIES: list[tuple[str, dict[str, Any]]] = [
    (
        """query($id: String!) { whoOwns(taskId: $id) { totalCount offset limit
        items { itemId kind label noticeId owners { unitId unit role groups leaders } } } }""",
        {"id": T004},
    ),
    (
        """{ duties(unit: "税郭镇", limit: 100) { totalCount
        items { itemId kind label role via path } } }""",
        {},
    ),
    (
        """{ rollup(indicator: "知识产权专利开放许可", period: "2024—2026") { items {
        table period region computed stated diffStated diffHeadline
        headline { name value } children { unit value actual targetId } } } }""",
        {},
    ),
    (
        """{ tasks(limit: 30) { totalCount items { id path title line __typename
        owners { unit role groups leaders } } } }""",
        {},
    ),
    (
        """{ search(text: "税郭镇") { items { kind field snippet
        node { __typename ... on Unit { id name aliases } ... on Task { id path } } } } }""",
        {},
    ),
    # aliases, one field asked twice, fragments and directives on plain fields
    (
        """query($skip: Boolean!) { notices(limit: 100) { items { id a: title title
        b: id @skip(if: $skip) date @include(if: $skip) ...N } } }
        fragment N on Notice { loaded docNumber issuer }""",
        {"skip": False},
    ),
    ('{ task(id: "t:no-such-task") { id } }', {}),
    ('{ impact(unit: "税郭镇") { start levels { name nodes { id via } } } }', {}),
]


def _run(schema: strawberry.Schema, query: str, variables: dict[str, Any], api: Api) -> str:
    context = Context(api.backend, OPEN, Access(True, True, True), Loaders(api.backend))
    result = asyncio.run(schema.execute(query, variables, context_value=context))
    return _dump(result)


def _dump(result: ExecutionResult) -> str:
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)


def test_same_answers_as_strawberrys_executor_on_the_samples(api: Api) -> None:
    ours = Schema(
        query=Query,
        mutation=Mutation,
        extensions=limit_extensions(OPEN),
        execution_context_class=PlainFieldsExecutor,
    )
    stock = Schema(query=Query, mutation=Mutation, extensions=limit_extensions(OPEN))
    for query, variables in QUERIES:
        got = _run(ours, query, variables, api)
        assert got == _run(stock, query, variables, api)
        assert "税郭镇" in got or "NOT_FOUND" in got or "枣庄" in got
    planned = _PLANS[ours._schema]
    assert planned["Owner"]["unit"] is not None and planned["Query"]["whoOwns"] is None
    owners = json.loads(_run(ours, *QUERIES[0], api))["data"]["whoOwns"]["items"][0]["owners"]
    assert len(owners) == 9 and list(owners[0]) == ["unitId", "unit", "role", "groups", "leaders"]


@strawberry.enum
class Shade(Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Row:
    name: str
    count: int | None
    tags: list[str]
    maybe: list[str | None] | None
    shade: Shade


def _rows() -> list[Row]:
    def row(**changed: Any) -> Row:
        fields: dict[str, Any] = {
            "name": "税郭镇",
            "count": 3,
            "tags": ["a", "b"],
            "maybe": None,
            "shade": Shade.RED,
        }
        return Row(**{**fields, **changed})

    return [
        row(),
        row(name=None),  # null in a non-null field: the row becomes null, error at its path
        row(count="many"),  # does not coerce to Int: null and an error
        row(count=True, tags=("t",), maybe=["x", None], shade=Shade.GREEN),  # coerced, tuple
        row(tags=["a", None]),  # null item in a list of non-null items
        row(tags="ab"),  # a string is not a list
        row(shade="blue"),  # not a Shade
        row(name=7),  # an Int where a String is due: coerced to "7"
    ]


@strawberry.type
class Rows:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        rows: list[Row | None] = [*_rows()]
        return rows

    @strawberry.field
    def strict(self) -> list[Row]:
        return _rows()[:2]


def test_same_errors_and_nulls_as_strawberrys_executor() -> None:
    ours = strawberry.Schema(query=Rows, execution_context_class=PlainFieldsExecutor)
    stock = strawberry.Schema(query=Rows)
    for query in [
        "{ rows { name count tags maybe shade __typename n2: name } }",
        "{ rows { ... on Row { shade tags } count } }",
        "{ strict { name } }",  # the null propagates to the non-null list: data null
    ]:
        got = ours.execute_sync(query)
        assert _dump(got) == _dump(stock.execute_sync(query))
        assert got.errors
    rows = ours.execute_sync("{ rows { name count tags maybe shade } }")
    assert rows.data is not None and rows.data["rows"][0] == {
        "name": "税郭镇",
        "count": 3,
        "tags": ["a", "b"],
        "maybe": None,
        "shade": "RED",
    }
    assert rows.data["rows"][1] is None and rows.data["rows"][2]["count"] is None
    assert rows.data["rows"][3]["count"] == 1 and rows.data["rows"][7]["name"] == "7"
    paths = [e.path for e in rows.errors or []]
    assert ["rows", 1, "name"] in paths and ["rows", 2, "count"] in paths
