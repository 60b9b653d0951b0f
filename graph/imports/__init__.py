"""Writes into the graph: a notice, the spreadsheets (progress, enterprises, liaisons), hand edits.

Writes through GraphBackend and the store; spreadsheet rows come from loaders.sheets."""

from dutygraph.graph.imports.enterprises import import_enterprises
from dutygraph.graph.imports.liaisons import import_liaisons
from dutygraph.graph.imports.notice import Imported, import_parsed, import_text
from dutygraph.graph.imports.progress import import_progress, record_progress
from dutygraph.graph.imports.sheet import FactsBackend, ImportOutcome, Tick

__all__ = [
    "FactsBackend",
    "ImportOutcome",
    "Imported",
    "Tick",
    "import_enterprises",
    "import_liaisons",
    "import_progress",
    "import_parsed",
    "import_text",
    "record_progress",
]
