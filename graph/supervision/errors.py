"""Typed refusals of the supervision loop; str() is the one line shown to the clerk (Chinese)."""

from dutygraph.graph.errors import GraphError


class Forbidden(GraphError, PermissionError):
    """The account may not do this to this item (a unit writing for another unit, a leader writing)."""


class NotAuthenticated(GraphError, PermissionError):
    """No account matches the token, or it was revoked; the message never says which."""


class SupervisionError(GraphError, ValueError):
    """A supervision request that cannot be carried out as asked (closing a task twice…)."""


class NoSupervisionStore(GraphError, NotImplementedError):
    """Accounts, audit and status live in the SQLite file or the Neo4j database; a backend
    that is neither cannot keep them (nor be written through the loop)."""

    def __init__(self) -> None:
        super().__init__(
            "督办功能（账号、留痕、任务状态）需要 SQLite 文件或 Neo4j 存储"
            " (supervision needs the SQLite or the Neo4j store)"
        )
