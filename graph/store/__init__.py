"""The embedded store: networkx in memory, one SQLite file on disk, and the hand-edit log.

Imports only graph basics (model, build, units, errors) — never queries or backends."""

from dutygraph.graph.store.clash import NoticeClash, check_replacing, heads_of_graph
from dutygraph.graph.store.closing import Closing
from dutygraph.graph.store.edit_log import Edit, owns_key
from dutygraph.graph.store.embedded import ENV_VAR, Store, merge_props, store_path
from dutygraph.graph.store.integrity import ORPHANS, Orphan, identity, orphans_of, successors
from dutygraph.graph.store.settle import (
    freeze_derived,
    freeze_long_lived,
    frozen_objects,
    let_go,
    paused_gc,
    refreeze,
    thaw,
)
from dutygraph.graph.store.slice import (
    PointStore,
    Slicer,
    has_indexes,
    open_points,
    store_error,
    target_tables,
    targets_of,
)

__all__ = [
    "Closing",
    "ENV_VAR",
    "Edit",
    "NoticeClash",
    "ORPHANS",
    "Orphan",
    "PointStore",
    "Slicer",
    "Store",
    "check_replacing",
    "has_indexes",
    "freeze_derived",
    "freeze_long_lived",
    "frozen_objects",
    "heads_of_graph",
    "identity",
    "let_go",
    "merge_props",
    "open_points",
    "orphans_of",
    "owns_key",
    "paused_gc",
    "refreeze",
    "store_path",
    "store_error",
    "successors",
    "target_tables",
    "targets_of",
    "thaw",
]
