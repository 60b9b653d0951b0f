"""What every resolver gets in `info.context`: the backend, settings, access and loaders."""

from dataclasses import dataclass

import strawberry

from dutygraph.api.auth import Access
from dutygraph.api.graphql.dataloaders import Loaders
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import GraphBackend


@dataclass
class Context:
    """Per request: the (locked) backend, the server settings, the token check, DataLoaders."""

    backend: GraphBackend
    settings: Settings
    access: Access
    loaders: Loaders


Info = strawberry.Info[Context, None]
