"""The `dutygraph` command line: one module per command group over the library functions.

Imports graph, visualize, loaders and api.graphql (for `serve`); holds no logic of its own.
Nothing is imported until used, so a point question starts without the whole app (main.py)."""

from typing import TYPE_CHECKING, Any

from dutygraph.loaders import lazy_export

if TYPE_CHECKING:
    from dutygraph.api.cli.commands import app
    from dutygraph.api.cli.graph import register

__all__ = ["app", "register"]

_WHERE = {"app": "dutygraph.api.cli.commands", "register": "dutygraph.api.cli.graph"}


def __getattr__(name: str) -> Any:
    return lazy_export(__name__, _WHERE, name)
