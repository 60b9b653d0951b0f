"""The checked-in schema/parse.schema.json must match the models it documents."""

import json
from pathlib import Path

from dutygraph.schema import ParseResult
from dutygraph.schema.parse import parse_json_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "parse.schema.json"
# The `parse --json` contract (README "The `parse --json` contract"); tests/api uses the model's
# fields, which test_schema_names_the_contract_keys pins to this set.
CONTRACT_KEYS = {
    "notice",
    "tasks",
    "indicators",
    "groups",
    "leaders",
    "contacts",
    "targets",
    "stated_totals",
    "deadlines",
    "warnings",
}


def test_checked_in_schema_matches_models() -> None:
    checked_in = SCHEMA_FILE.read_text(encoding="utf-8")
    assert checked_in == parse_json_schema_text(), (
        "schema/parse.schema.json drifted from the models in schema/*.py: run `make schema`"
    )


def test_schema_names_the_contract_keys() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["title"] == ParseResult.__name__
    assert set(schema["properties"]) == CONTRACT_KEYS
    assert set(ParseResult.model_fields) == CONTRACT_KEYS
    assert schema["required"] == ["notice"]
