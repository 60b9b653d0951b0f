"""schema.graphql at the repo root is the SDL of the code's schema (`make schema` rewrites it)."""

from pathlib import Path

from dutygraph.api.graphql import sdl

ROOT = Path(__file__).resolve().parents[3]


def test_schema_graphql_matches_the_code() -> None:
    written = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert written == sdl(), "schema.graphql is stale: run `make schema`"


def test_sdl_names_every_query_and_mutation_of_the_issue() -> None:
    text = sdl()
    for name in (
        "notices(",
        "notice(id",
        "tasks(",
        "task(id",
        "units(",
        "unit(id",
        "indicators(",
        "whoOwns(taskId",
        "duties(unit",
        "rollup(indicator",
        "lineage(notice",
        "impact(unit",
        "search(text",
        "importNotice(text",
        "assignOwner(",
        "removeOwner(",
        "mergeUnits(",
    ):
        assert name in text, name
    assert "totalCount: Int!" in text
