"""What spreadsheet imports share: their source id, the backend they write to, the outcome.

An imported file becomes `Facts` under its own source id (progress:<sha1 of the file>, …),
written in one transaction with `load_facts`; importing the same file again replaces it.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import networkx as nx

from dutygraph.graph.model import Facts
from dutygraph.graph.queries.suggest import What
from dutygraph.loaders.sheets import ImportRejected, SpreadsheetError
from dutygraph.schema.rows import RowProblem

Tick = Callable[[int, int], None]
"""Progress callback: (rows done, rows in all)."""


class FactsBackend(Protocol):
    """A store that shows the names imports match against and writes Facts atomically
    (Embedded, Neo4jStore; graph/backends/backend.py says what each graph holds)."""

    def names_graph(self, what: What) -> nx.MultiDiGraph: ...
    def progress_graph(self, indicators: list[str]) -> nx.MultiDiGraph: ...
    def enterprises_graph(self, words: list[str]) -> nx.MultiDiGraph: ...
    def load_facts(self, batch: Iterable[Facts]) -> None: ...


@dataclass
class ImportOutcome:
    """What an import wrote: its source id, records kept, rows rejected (only with partial)."""

    source: str
    file: str
    imported: int
    nodes: int
    edges: int
    problems: list[RowProblem] = field(default_factory=list)


def source_id(kind: str, path: str | Path) -> str:
    """kind:<first 12 hex of the file's sha1>, so the same file always replaces itself."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SpreadsheetError(str(path), exc.strerror or str(exc)) from None
    return f"{kind}:{hashlib.sha1(data).hexdigest()[:12]}"


def commit(
    backend: FactsBackend,
    facts: Facts,
    file: str,
    imported: int,
    problems: list[RowProblem],
    partial: bool,
) -> ImportOutcome:
    """Refuse the whole file when any row is bad (unless partial), else write it in one go."""
    problems = sorted(problems, key=lambda p: (p.sheet or "", p.row or 0))
    if problems and not partial:
        raise ImportRejected(file, problems)
    backend.load_facts([facts])
    return ImportOutcome(
        facts.notice_id, file, imported, len(facts.nodes), len(facts.edges), problems
    )
