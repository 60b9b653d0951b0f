"""Typed errors of the graph library; str() is the one-line message shown to the user."""


class GraphError(Exception):
    """A question or an edit the graph cannot answer as asked (bad id, unknown unit, …)."""


class NotFound(GraphError, LookupError):
    """No node of `kind` matches `key`, e.g. NotFound("unit", "税国镇", ["税郭镇"]).

    `suggestions` (graph.queries.suggest) are near names, listed in the message, never used."""

    def __init__(self, kind: str, key: str, suggestions: list[str] | None = None) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = list(suggestions or [])
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no {kind} matches {key!r}{hint}")


class Ambiguous(GraphError, ValueError):
    """A name matches several nodes where one is needed; the candidates are listed."""

    def __init__(self, kind: str, key: str, candidates: list[str]) -> None:
        self.kind = kind
        self.key = key
        self.candidates = candidates
        shown = ", ".join(candidates[:5]) + (" …" if len(candidates) > 5 else "")
        super().__init__(
            f"{key!r} matches {len(candidates)} {kind}s ({shown}); give the full name or the id"
        )


class EditRefused(GraphError, ValueError):
    """An edit that would change nothing or contradict the graph (merge a unit into itself…)."""


class StoreError(Exception):
    """The store file cannot be used as asked: damaged, too small, not a store, read-only.

    str() is one line naming the file and the fault, e.g. "store g.sqlite: read-only file, …".
    """

    def __init__(self, path: object, fault: str) -> None:
        self.path = path
        self.fault = fault
        super().__init__(f"store {path}: {fault}")
