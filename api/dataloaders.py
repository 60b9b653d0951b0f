"""Per-request DataLoaders: nested lists (a task's owners, a unit's duties) in one call each.

Every `.load(id)` made while resolving one level of a query is collected into a single
`owners_of` / `duties_of` call to the backend, so a page of 50 tasks with owners costs one
owners call, not 50.
"""

from strawberry.dataloader import DataLoader

from dutygraph.graph.backend import GraphBackend
from dutygraph.graph.queries import Duty, OwnerRow


class Loaders:
    """The loaders of one request; `clear()` after a mutation so later fields see the change."""

    def __init__(self, backend: GraphBackend) -> None:
        self.backend = backend
        self.owners: DataLoader[str, list[OwnerRow]] = DataLoader(load_fn=self._owners)
        self.duties: DataLoader[str, list[Duty]] = DataLoader(load_fn=self._duties)

    async def _owners(self, ids: list[str]) -> list[list[OwnerRow]]:
        found = self.backend.owners_of(ids)
        return [found.get(i, []) for i in ids]

    async def _duties(self, ids: list[str]) -> list[list[Duty]]:
        found = self.backend.duties_of(ids)
        return [found.get(i, []) for i in ids]

    def clear(self) -> None:
        self.owners.clear_all()
        self.duties.clear_all()
