"""The GraphQL API: schema, types, lights, dataloaders, limits and the per-request context.

Thin resolvers over graph and visualize; errors are coded in api.errors."""

from dutygraph.api.graphql.body_check import body_problem
from dutygraph.api.graphql.context import Context
from dutygraph.api.graphql.dataloaders import Loaders
from dutygraph.api.graphql.limits import BodyLimit
from dutygraph.api.graphql.schema import build_schema, sdl

__all__ = ["BodyLimit", "Context", "Loaders", "body_problem", "build_schema", "sdl"]
