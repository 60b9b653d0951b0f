"""The `dutygraph` command line: one module per command group over the library functions.

Imports graph, visualize, loaders and api.graphql (for `serve`); holds no logic of its own."""

from dutygraph.api.cli.graph import register
from dutygraph.api.cli.main import app

__all__ = ["app", "register"]
