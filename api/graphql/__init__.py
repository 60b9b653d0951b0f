"""The GraphQL API: schema, types, lights, dataloaders, limits and the per-request context.

Thin resolvers over graph and visualize; errors are coded in api.errors."""

from dutygraph.api.graphql.body_check import parse_body
from dutygraph.api.graphql.context import Context
from dutygraph.api.graphql.dataloaders import Loaders
from dutygraph.api.graphql.limits import BodyLimit
from dutygraph.api.graphql.schema import build_schema, sdl

__all__ = ["BodyLimit", "Context", "Loaders", "build_schema", "parse_body", "sdl"]
