"""Gap analysis: find_gaps, the finding kinds, one module per check family, the report writers.

Reads through GraphBackend snapshots and graph.progress lights, never a store directly."""

from dutygraph.graph.gaps.find import GapQueryError, find_gaps, notice_names
from dutygraph.graph.gaps.finding import KIND_ZH, KINDS, SEVERITY_ZH, Finding
from dutygraph.graph.gaps.kinds import UnknownKind, chosen_kinds
from dutygraph.graph.gaps.overview import Overview, item_lights, overview, unit_people
from dutygraph.graph.gaps.report import status_zh, to_csv, to_json, to_xlsx

__all__ = [
    "Finding",
    "GapQueryError",
    "KINDS",
    "KIND_ZH",
    "SEVERITY_ZH",
    "UnknownKind",
    "chosen_kinds",
    "find_gaps",
    "notice_names",
    "Overview",
    "item_lights",
    "overview",
    "unit_people",
    "status_zh",
    "to_csv",
    "to_json",
    "to_xlsx",
]
