"""The embedded store: networkx in memory, one SQLite file on disk, and the hand-edit log.

Imports only graph basics (model, build, units, errors) — never queries or backends."""

from dutygraph.graph.store.closing import Closing
from dutygraph.graph.store.edit_log import Edit, owns_key
from dutygraph.graph.store.embedded import ENV_VAR, Store, merge_props, store_path

__all__ = ["Closing", "ENV_VAR", "Edit", "Store", "merge_props", "owns_key", "store_path"]
