"""One interface over both stores: the embedded SQLite store and Neo4j answer alike.

The CLI (and the API later) open a backend with `open_backend`; the contract tests run the
same questions against each implementation.
"""

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import networkx as nx

from dutygraph.graph import queries
from dutygraph.graph.closing import Closing
from dutygraph.graph.impact import Impact, impact
from dutygraph.graph.lineage import Lineage, lineage
from dutygraph.graph.model import Facts
from dutygraph.graph.neo4j_store import URI_VAR, Neo4jStore
from dutygraph.graph.queries import Duty, Owners, Rollup
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult


class GraphBackend(Protocol):
    """Load, counts, notices, owners, responsibilities, rollup, lineage, impact, snapshot.

    `snapshot()` is the whole graph as networkx, for analyses that walk it in Python (gaps, maps).
    """

    @property
    def where(self) -> str: ...

    def __enter__(self) -> Any: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def load(self, results: list[ParseResult]) -> Any: ...
    def counts(self) -> tuple[int, int]: ...
    def notices(self) -> list[str]: ...
    def owners(self, text: str) -> list[Owners]: ...
    def responsibilities(self, unit: str) -> list[Duty]: ...
    def rollup(
        self, indicator: str, region: str | None = None, period: str | None = None
    ) -> list[Rollup]: ...
    def lineage(self, notice: str) -> Lineage: ...
    def impact(self, unit_or_target: str) -> Impact: ...
    def snapshot(self) -> nx.MultiDiGraph: ...
    def load_facts(self, batch: Iterable[Facts]) -> None: ...


class Embedded(Closing):
    """graph.queries, graph.lineage and graph.impact as methods of the SQLite store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def where(self) -> str:
        return f"store {self.store.path}"

    def close(self) -> None:
        self.store.close()

    def load(self, results: list[ParseResult]) -> Any:
        return self.store.load(results)

    def counts(self) -> tuple[int, int]:
        return self.store.counts()

    def notices(self) -> list[str]:
        return self.store.notices()

    def owners(self, text: str) -> list[Owners]:
        return queries.owners(self.store, text)

    def responsibilities(self, unit: str) -> list[Duty]:
        return queries.responsibilities(self.store, unit)

    def rollup(
        self, indicator: str, region: str | None = None, period: str | None = None
    ) -> list[Rollup]:
        return queries.rollup(self.store, indicator, region=region, period=period)

    def lineage(self, notice: str) -> Lineage:
        return lineage(self.store, notice)

    def impact(self, unit_or_target: str) -> Impact:
        return impact(self.store, unit_or_target)

    def snapshot(self) -> nx.MultiDiGraph:
        """The live graph (read-only by convention): kind, label, props, notices per node."""
        return self.store.graph

    def load_facts(self, batch: Iterable[Facts]) -> None:
        """Write already-built Facts (imports) in one transaction."""
        self.store.load_facts(batch)


def open_backend(store: Path | None) -> Embedded | Neo4jStore:
    """A SQLite file when given; else Neo4j when NEO4J_URI is set; else ./dutygraph.sqlite."""
    if store is None and os.environ.get(URI_VAR):
        return Neo4jStore()
    return Embedded(Store(store))
