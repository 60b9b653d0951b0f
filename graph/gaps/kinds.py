"""The finding kinds a user asks for (`dutygraph gaps --kind`, GraphQL `gaps(kinds:)`), checked."""

from collections.abc import Iterable

from dutygraph.graph.errors import GraphError
from dutygraph.graph.gaps.finding import KINDS, Kind


class UnknownKind(GraphError, ValueError):
    """A finding kind that graph.findings does not know, e.g. UnknownKind("weather")."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"unknown finding kind {kind!r}; use one of {', '.join(KINDS)}")


def chosen_kinds(names: Iterable[str] | None) -> list[Kind] | None:
    """The kinds named, once each in report order; None (all kinds) when none were given."""
    if names is None:
        return None
    wanted = list(names)
    for name in wanted:
        if name not in KINDS:
            raise UnknownKind(name)
    return [k for k in KINDS if k in wanted]
