"""One interface over both stores: the embedded SQLite store and Neo4j answer alike.

The CLI (and the API later) open a backend with `open_backend`; the contract tests run the
same questions against each implementation.
"""

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import networkx as nx

from dutygraph.graph import queries
from dutygraph.graph.model import Facts
from dutygraph.graph.queries import (
    Duty,
    NodeFilter,
    NodeInfo,
    OwnerRow,
    Owners,
    Page,
    Rollup,
    SearchHit,
    browse,
)
from dutygraph.graph.queries.impact import Impact, impact
from dutygraph.graph.queries.lineage import Lineage, find_notices, lineage
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import Closing, Edit, Orphan, Store
from dutygraph.graph.views.catalog import Catalog, catalog
from dutygraph.schema import ParseResult

if TYPE_CHECKING:  # the driver loads only for a store given by NEO4J_URI (open_backend)
    from dutygraph.graph.backends.neo4j.store import Neo4jStore
    from dutygraph.graph.gaps.finding import Finding, Kind
    from dutygraph.graph.gaps.overview import Overview
    from dutygraph.graph.progress import Status


class GraphBackend(Protocol):
    """Load, counts, notices, owners, responsibilities, rollup, lineage, impact, snapshot.

    `snapshot()` is the whole graph as networkx, for analyses that walk it in Python (export,
    the whole store's gaps).
    """

    @property
    def where(self) -> str: ...

    @property
    def in_memory(self) -> bool:
        """Whether the whole graph lives in this process (a forked worker can analyse it)."""
        ...

    def __enter__(self) -> Any: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def load(self, results: list[ParseResult], replace: bool = False) -> Any: ...
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
    def gaps_graph(self, notice: str | None = None, unit: str | None = None) -> nx.MultiDiGraph:
        """A graph on which find_gaps(notice=, unit=) answers as on the whole graph."""
        ...

    def gaps(
        self,
        as_of: dt.date | None = None,
        notice: str | None = None,
        unit: str | None = None,
        kinds: "Iterable[Kind] | None" = None,
    ) -> "tuple[list[Finding], nx.MultiDiGraph]":
        """find_gaps(notice=, unit=, kinds=) at `as_of` (GapQueryError as it raises), and the
        graph it read (notice names, the supervision loop's ledger)."""
        ...

    def lights_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        """A graph on which the traffic lights of `ids` are as on the whole graph."""
        ...

    def lights(self, ids: list[str], as_of: dt.date) -> "dict[str, Status]":
        """The number-only lights (graph.progress.Lights.status) of these nodes at `as_of`
        (ids not in the store left out); on Neo4j the actuals computed by Cypher."""
        ...

    def rights_graph(self, items: list[str], units: list[str]) -> nx.MultiDiGraph:
        """A graph on which the rights check of these items and units is as on the whole graph."""
        ...

    def loop_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        """A graph on which the loop's lights of `ids` and the ledger rows of these tasks and
        of the tasks these units own are as on the whole graph."""
        ...

    def unit_graph(self, uid: str) -> nx.MultiDiGraph:
        """A graph on which the card and map of unit `uid` are as on the whole graph."""
        ...

    def map_graph(self, kind: str, ident: str, lights: bool = True) -> nx.MultiDiGraph:
        """A graph on which the org or notice map of `ident` (with the loop's lights of what it
        colours when `lights`) is as on the whole graph."""
        ...

    def ledger_graph(self, notice: str | None = None) -> nx.MultiDiGraph:
        """A graph on which the ledger of every task, or of the notice `notice` names, is as on
        the whole graph."""
        ...

    def names_graph(self, what: What) -> nx.MultiDiGraph:
        """A graph on which did_you_mean(g, text, what) answers as on the whole graph; for
        "unit" also UnitLookup (units and notices' jurisdictions), for "notice" the notices'
        heads (notice_names, heads_of_graph)."""
        ...

    def progress_graph(self, indicators: list[str]) -> nx.MultiDiGraph:
        """A graph on which ProgressCatalog matches rows naming these indicators (or tables)
        as on the whole graph."""
        ...

    def enterprises_graph(self, words: list[str]) -> nx.MultiDiGraph:
        """A graph on which enterprise_facts matches as on the whole graph, when what an
        enterprise counts toward is named by one of `words`."""
        ...

    # -- the index, task, notice-list and members pages (on Neo4j: neo4j/browse.py) ----------
    def catalog(self) -> Catalog:
        """Groups, notices, units (with how many items each owns) and allocation tables."""
        ...

    def overview(self, as_of: dt.date) -> "Overview":
        """graph.gaps.overview's light counts by unit and by notice at `as_of`."""
        ...

    def pool_graph(self, kind: str) -> nx.MultiDiGraph:
        """A graph on which find_tasks ("Task", with notice_names) or find_groups ("Group")
        answer as on the whole graph."""
        ...

    def task_graph(self, task: str) -> nx.MultiDiGraph:
        """A graph on which the page of task id `task` is as on the whole graph."""
        ...

    def notice_graph(self, notice: str) -> nx.MultiDiGraph:
        """A graph on which the task list of Notice node `notice` is as on the whole graph."""
        ...

    def group_graph(self, group: str) -> nx.MultiDiGraph:
        """A graph on which the member list of Group node `group` is as on the whole graph."""
        ...

    def find_units(self, name: str) -> list[str]: ...
    def find_notices(self, text: str) -> list[str]: ...

    # -- browsing, batched look-ups and hand edits (graph/browse.py, graph/edits.py) ---------
    def get_nodes(self, ids: list[str]) -> dict[str, NodeInfo]: ...
    def list_nodes(
        self, kinds: Sequence[str], f: NodeFilter, offset: int, limit: int
    ) -> Page[NodeInfo]: ...
    def search(self, text: str, offset: int, limit: int) -> Page[SearchHit]: ...
    def owners_of(self, item_ids: list[str]) -> dict[str, list[OwnerRow]]: ...
    def duties_of(self, unit_ids: list[str]) -> dict[str, list[Duty]]: ...
    def record_edit(self, edit: Edit) -> Edit: ...
    def edits(self) -> list[Edit]: ...
    def load_facts(self, batch: Iterable[Facts]) -> None: ...
    def orphans(self) -> list[Orphan]: ...


class Embedded(Closing):
    """graph.queries, graph.lineage and graph.impact as methods of the SQLite store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def where(self) -> str:
        return f"store {self.store.path}"

    @property
    def in_memory(self) -> bool:
        return True

    def close(self) -> None:
        self.store.close()

    def load(self, results: list[ParseResult], replace: bool = False) -> Any:
        return self.store.load(results, replace)

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

    def gaps_graph(self, notice: str | None = None, unit: str | None = None) -> nx.MultiDiGraph:
        """The live graph: it is in memory already, and its gap indexes are kept with it."""
        return self.store.graph

    def gaps(
        self,
        as_of: dt.date | None = None,
        notice: str | None = None,
        unit: str | None = None,
        kinds: "Iterable[Kind] | None" = None,
    ) -> "tuple[list[Finding], nx.MultiDiGraph]":
        """find_gaps over the live graph (its gap indexes are kept with it)."""
        from dutygraph.graph.gaps.find import find_gaps  # pydantic: not for point questions

        g = self.store.graph
        return find_gaps(g, as_of, notice, unit, kinds), g

    def lights_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        return self.store.graph

    def lights(self, ids: list[str], as_of: dt.date) -> "dict[str, Status]":
        from dutygraph.graph.progress import lights_at

        g = self.store.graph
        found = lights_at(g, as_of)
        return {i: found.status(i) for i in ids if i in g}

    def rights_graph(self, items: list[str], units: list[str]) -> nx.MultiDiGraph:
        return self.store.graph

    def loop_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        return self.store.graph

    def unit_graph(self, uid: str) -> nx.MultiDiGraph:
        return self.store.graph

    def map_graph(self, kind: str, ident: str, lights: bool = True) -> nx.MultiDiGraph:
        return self.store.graph

    def ledger_graph(self, notice: str | None = None) -> nx.MultiDiGraph:
        return self.store.graph

    def names_graph(self, what: What) -> nx.MultiDiGraph:
        return self.store.graph

    def progress_graph(self, indicators: list[str]) -> nx.MultiDiGraph:
        return self.store.graph

    def enterprises_graph(self, words: list[str]) -> nx.MultiDiGraph:
        return self.store.graph

    def catalog(self) -> Catalog:
        return catalog(self.store.graph)

    def overview(self, as_of: dt.date) -> "Overview":
        from dutygraph.graph.gaps.overview import overview

        return overview(self.store.graph, as_of)

    def pool_graph(self, kind: str) -> nx.MultiDiGraph:
        return self.store.graph

    def task_graph(self, task: str) -> nx.MultiDiGraph:
        return self.store.graph

    def notice_graph(self, notice: str) -> nx.MultiDiGraph:
        return self.store.graph

    def group_graph(self, group: str) -> nx.MultiDiGraph:
        return self.store.graph

    def find_units(self, name: str) -> list[str]:
        """Unit node ids for a name, as `duties` resolves it (queries.find_units)."""
        return queries.find_units(self.store, name)

    def find_notices(self, text: str) -> list[str]:
        """Notice node ids for a 发文字号, parse id, file name or title words."""
        return find_notices(self.store, text)

    def get_nodes(self, ids: list[str]) -> dict[str, NodeInfo]:
        return browse.get_nodes(self.store, ids)

    def list_nodes(
        self, kinds: Sequence[str], f: NodeFilter, offset: int, limit: int
    ) -> Page[NodeInfo]:
        return browse.list_nodes(self.store, kinds, f, offset, limit)

    def search(self, text: str, offset: int, limit: int) -> Page[SearchHit]:
        return browse.search(self.store, text, offset, limit)

    def owners_of(self, item_ids: list[str]) -> dict[str, list[OwnerRow]]:
        return browse.owners_of(self.store, item_ids)

    def duties_of(self, unit_ids: list[str]) -> dict[str, list[Duty]]:
        return browse.duties_of(self.store, unit_ids)

    def record_edit(self, edit: Edit) -> Edit:
        return self.store.add_edit(edit)

    def edits(self) -> list[Edit]:
        return self.store.edits()

    def load_facts(self, batch: Iterable[Facts]) -> None:
        """Write already-built Facts (imports) in one transaction."""
        self.store.load_facts(batch)

    def orphans(self) -> list[Orphan]:
        """Facts kept aside because a re-import removed their other end."""
        return self.store.orphans()


def open_backend(store: Path | None) -> "Embedded | Neo4jStore":
    """A SQLite file when given; else Neo4j when NEO4J_URI is set; else ./dutygraph.sqlite."""
    if store is None:
        from dutygraph.graph.backends.neo4j.store import URI_VAR, Neo4jStore

        if os.environ.get(URI_VAR):
            return Neo4jStore()
    return Embedded(Store(store))
