"""The result of reading one notice: the stable contract of `dutygraph parse --json`."""

import json
from typing import Any

from pydantic import BaseModel

from dutygraph.schema.allocation import StatedTotal, Target
from dutygraph.schema.deadline import Deadline
from dutygraph.schema.indicator import Indicator
from dutygraph.schema.notice import NoticeMeta
from dutygraph.schema.people import Contact, Group, Leader
from dutygraph.schema.task import Task
from dutygraph.schema.warning import ParseWarning


class ParseResult(BaseModel):
    """Everything read from one notice, each record carrying its source line."""

    notice: NoticeMeta
    tasks: list[Task] = []
    indicators: list[Indicator] = []
    groups: list[Group] = []
    leaders: list[Leader] = []
    contacts: list[Contact] = []
    targets: list[Target] = []
    stated_totals: list[StatedTotal] = []
    deadlines: list[Deadline] = []
    warnings: list[ParseWarning] = []


def parse_json_schema() -> dict[str, Any]:
    """The JSON Schema of ParseResult, as checked in at schema/parse.schema.json."""
    return ParseResult.model_json_schema()


def parse_json_schema_text() -> str:
    """The schema serialised the way the checked-in file is written."""
    return json.dumps(parse_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
