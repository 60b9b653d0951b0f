"""Per-request DataLoaders: nested lists (a task's owners, a unit's duties) in one call each.

Every `.load(id)` made while resolving one level of a query is collected into a single
`owners_of` / `duties_of` call to the backend, so a page of 50 tasks with owners costs one
owners call, not 50. Traffic lights (with the supervision loop's task status) share one snapshot per request and one graph.traffic.Lights
index per date, so a page of tasks with their status costs one snapshot call.
"""

import datetime as dt

import anyio
import networkx as nx
from strawberry.dataloader import DataLoader

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.progress import Lights
from dutygraph.graph.queries import Duty, OwnerRow
from dutygraph.graph.supervision.lights import loop_lights


class Loaders:
    """The loaders of one request; `clear()` after a mutation so later fields see the change."""

    def __init__(self, backend: GraphBackend) -> None:
        self.backend = backend
        self.owners: DataLoader[str, list[OwnerRow]] = DataLoader(load_fn=self._owners)
        self.duties: DataLoader[str, list[Duty]] = DataLoader(load_fn=self._duties)
        self._snapshot: nx.MultiDiGraph | None = None
        self._lights: dict[dt.date, Lights] = {}
        self._building = anyio.Lock()

    async def _owners(self, ids: list[str]) -> list[list[OwnerRow]]:
        found = self.backend.owners_of(ids)
        return [found.get(i, []) for i in ids]

    async def _duties(self, ids: list[str]) -> list[list[Duty]]:
        found = self.backend.duties_of(ids)
        return [found.get(i, []) for i in ids]

    def snapshot(self) -> nx.MultiDiGraph:
        """The backend's snapshot, taken once per request (or after a mutation)."""
        if self._snapshot is None:
            self._snapshot = self.backend.snapshot()
        return self._snapshot

    def lights(self, as_of: dt.date) -> Lights:
        """The traffic lights of the request's snapshot at `as_of`, indexed once."""
        if as_of not in self._lights:
            self._lights[as_of] = loop_lights(self.backend, self.snapshot(), as_of)
        return self._lights[as_of]

    async def lights_off_loop(self, as_of: dt.date) -> Lights:
        """`lights(as_of)`, built in a worker thread when this request has not built it yet."""
        if as_of not in self._lights:
            async with self._building:  # a page of 50 statuses builds it once, not 50 times
                if as_of not in self._lights:
                    await anyio.to_thread.run_sync(self.lights, as_of)
        return self._lights[as_of]

    def clear(self) -> None:
        self.owners.clear_all()
        self.duties.clear_all()
        self._snapshot = None
        self._lights.clear()
