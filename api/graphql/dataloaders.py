"""Per-request DataLoaders: nested lists (a task's owners, a unit's duties) in one call each.

Every `.load(id)` made while resolving one level of a query is collected into a single
`owners_of` / `duties_of` call to the backend, so a page of 50 tasks with owners costs one
owners call, not 50. Traffic lights (with the supervision loop's task status) are batched the
same way: the lights of one level's nodes at any dates cost one `loop_graph` call (on Neo4j the
part those lights read; on the embedded store its live graph and its Lights index per date), or
on Neo4j while the supervision loop is unused one GraphBackend.lights call per date (actuals
computed by Cypher on the server).
"""

import datetime as dt

import anyio
from strawberry.dataloader import DataLoader

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.progress import Status
from dutygraph.graph.queries import Duty, OwnerRow
from dutygraph.graph.supervision.lights import loop_lights, served_lights


class Loaders:
    """The loaders of one request; `clear()` after a mutation so later fields see the change."""

    def __init__(self, backend: GraphBackend) -> None:
        self.backend = backend
        self.owners: DataLoader[str, list[OwnerRow]] = DataLoader(load_fn=self._owners)
        self.duties: DataLoader[str, list[Duty]] = DataLoader(load_fn=self._duties)
        self.lights: DataLoader[tuple[str, dt.date], Status] = DataLoader(load_fn=self._lights)

    async def _owners(self, ids: list[str]) -> list[list[OwnerRow]]:
        found = self.backend.owners_of(ids)
        return [found.get(i, []) for i in ids]

    async def _duties(self, ids: list[str]) -> list[list[Duty]]:
        found = self.backend.duties_of(ids)
        return [found.get(i, []) for i in ids]

    async def _lights(self, keys: list[tuple[str, dt.date]]) -> list[Status]:
        def work() -> list[Status]:
            ids = sorted({node for node, _ in keys})
            served: dict[dt.date, dict[str, Status]] = {}
            for day in {d for _, d in keys}:
                if (found := served_lights(self.backend, ids, day)) is None:
                    break
                served[day] = found
            else:
                return [served[day][node] for node, day in keys]
            g = self.backend.loop_graph(ids)
            lights = {day: loop_lights(self.backend, g, day) for day in {d for _, d in keys}}
            return [lights[day].status(node) for node, day in keys]

        # Off the event loop: the first index of a province's lights takes ~1 s.
        return await anyio.to_thread.run_sync(work)

    def clear(self) -> None:
        self.owners.clear_all()
        self.duties.clear_all()
        self.lights.clear_all()
