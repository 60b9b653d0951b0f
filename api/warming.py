"""A server that answers before its graph is built: point questions from the SQLite file first.

Building a province graph takes ~10 s; `dutygraph serve` starts listening at once over a
`Warming` backend. Until the whole graph is built (in a background thread) the point questions
— whoOwns, duties, rollup, a node by id, names — are answered from slices of the store read
through its indexes (graph.queries.point), which give the same answers as the graph; every
other call, and every write, waits for the graph and then goes to it. So no reader sees a half
state (a slice is read in one SQLite read transaction; the graph is swapped in whole, once) and
writes only ever go through the whole store, its hooks (audit) included.
"""

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from dutygraph.graph import queries
from dutygraph.graph.backends import Embedded
from dutygraph.graph.queries import Duty, NodeInfo, OwnerRow, Owners, Rollup
from dutygraph.graph.store import PointStore, Slicer, Store, open_points

T = TypeVar("T")
POINT_CALLS = frozenset(
    {"owners", "responsibilities", "find_units", "rollup", "get_nodes", "owners_of", "duties_of"}
)
"""Backend calls a Warming backend answers from slices while the graph is being built."""


class Warming:
    """A backend over the store at `path` whose whole graph `build()` makes in the background."""

    def __init__(self, path: Path, build: Callable[[], Embedded]) -> None:
        self.points: PointStore = open_points(path)
        self._lock = threading.Lock()  # one SQLite connection for every slice
        self._whole: Embedded | None = None
        self._failed: BaseException | None = None
        self._ready = threading.Event()
        self._build = build
        self._thread = threading.Thread(target=self._run, name="graph-build", daemon=True)

    def start(self) -> None:
        """Begin building the whole graph (in a daemon thread)."""
        self._thread.start()

    def _run(self) -> None:
        try:
            self._whole = self._build()
        except BaseException as exc:  # told to every caller that waits for the graph
            self._failed = exc
        self._ready.set()

    @property
    def settled(self) -> Embedded | None:
        """The whole-graph backend once it is built, else None."""
        return self._whole if self._ready.is_set() else None

    def wait(self) -> Embedded:
        """The whole-graph backend, waiting for it to be built (its error if it failed)."""
        self._ready.wait()
        if self._whole is None:
            raise self._failed or RuntimeError("the graph was not built")
        return self._whole

    @property
    def where(self) -> str:
        return str(self.points.path)

    @property
    def store(self) -> Store:
        return self.wait().store

    def _sliced(self, view: Callable[[PointStore], Store], ask: Callable[[Store], T]) -> T:
        with self._lock:
            self.points.conn.execute("BEGIN")  # one snapshot of the file for the whole slice
            try:
                return ask(view(self.points))
            finally:
                self.points.conn.execute("COMMIT")

    def _nodes(self, ids: list[str]) -> Callable[[PointStore], Store]:
        def view(p: PointStore) -> Store:
            sl = Slicer(p)
            sl.add(ids)
            return sl.view()

        return view

    def owners(self, text: str) -> list[Owners]:
        if whole := self.settled:
            return whole.owners(text)
        return self._sliced(
            lambda p: queries.owners_view(p, text), lambda v: queries.owners(v, text)
        )

    def responsibilities(self, unit: str) -> list[Duty]:
        if whole := self.settled:
            return whole.responsibilities(unit)
        return self._sliced(
            lambda p: queries.duties_view(p, unit), lambda v: queries.responsibilities(v, unit)
        )

    def find_units(self, name: str) -> list[str]:
        if whole := self.settled:
            return whole.find_units(name)
        return self._sliced(
            lambda p: queries.duties_view(p, name), lambda v: queries.find_units(v, name)
        )

    def rollup(
        self, indicator: str, region: str | None = None, period: str | None = None
    ) -> list[Rollup]:
        if whole := self.settled:
            return whole.rollup(indicator, region, period)
        return self._sliced(
            lambda p: queries.rollup_view(p, indicator, region),
            lambda v: queries.rollup(v, indicator, region, period),
        )

    def get_nodes(self, ids: list[str]) -> dict[str, NodeInfo]:
        if whole := self.settled:
            return whole.get_nodes(ids)
        return self._sliced(self._nodes(ids), lambda v: queries.get_nodes(v, ids))

    def owners_of(self, item_ids: list[str]) -> dict[str, list[OwnerRow]]:
        if whole := self.settled:
            return whole.owners_of(item_ids)
        found: dict[str, list[OwnerRow]] = {}
        for item in item_ids:  # an item id is its own text: the slice `owners` reads for it
            view = partial(queries.owners_view, text=item)
            found.update(self._sliced(view, partial(queries.owners_of, item_ids=[item])))
        return found

    def duties_of(self, unit_ids: list[str]) -> dict[str, list[Duty]]:
        if whole := self.settled:
            return whole.duties_of(unit_ids)
        view = partial(queries.units_view, units=unit_ids)
        return self._sliced(view, partial(queries.duties_of, unit_ids=unit_ids))

    @property
    def building(self) -> bool:
        """True until the whole graph is built (/healthz says so)."""
        return not self._ready.is_set()

    def __getattr__(self, name: str) -> Any:
        # Everything else (writes included) is the whole graph's: wait until it is built.
        return getattr(self.wait(), name)

    def __enter__(self) -> "Warming":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.points.close()
        if whole := self.settled:
            whole.close()
