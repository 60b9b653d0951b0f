"""Hand edits to the graph (assign / remove an owner, merge two units) and how they apply.

Edits are kept apart from what notices state: the embedded store keeps them in its `edits`
table and applies them, in order, after every rebuild of the graph from the notices' rows; the
Neo4j store keeps them as :Edit nodes and re-applies them at the end of every load. So an edit
survives reopening the store and re-loading the notice it corrects.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from dutygraph.graph.errors import EditRefused, NotFound

Op = Literal["assign_owner", "remove_owner", "merge_units"]
OPS: tuple[Op, ...] = ("assign_owner", "remove_owner", "merge_units")
NEEDS: dict[str, set[str]] = {
    "assign_owner": {"item", "unit", "role"},
    "remove_owner": {"item", "unit"},
    "merge_units": {"variant", "canonical"},
}
"""The args each op reads; a logged edit without them is a damaged row."""


@dataclass(frozen=True)
class Edit:
    """One edit; `args` are node ids (and a role), `seq` its place in the log (0 = not kept yet)."""

    op: Op
    args: dict[str, str] = field(default_factory=dict)
    seq: int = 0

    @property
    def source(self) -> str:
        """What an edge added by this edit records as its origin, like a notice id."""
        return f"edit:{self.seq}"

    def dumps(self) -> str:
        return json.dumps(self.args, ensure_ascii=False, sort_keys=True)


def owns_key(role: str) -> str:
    """The multi-edge key of an OWNS edge, as graph.model.Edge.edge_key spells it."""
    return f"OWNS:{role}"


def _kind(g: Any, node_id: str) -> str | None:
    return str(g.nodes[node_id]["kind"]) if node_id in g else None


def _need(g: Any, node_id: str, kinds: tuple[str, ...], what: str) -> None:
    if _kind(g, node_id) not in kinds:
        raise NotFound(what, node_id)


def _assign(g: Any, e: Edit) -> None:
    item, unit, role = e.args["item"], e.args["unit"], e.args["role"]
    _need(g, item, ("Task", "Indicator"), "task")
    _need(g, unit, ("Unit",), "unit")
    key = owns_key(role)
    if g.has_edge(unit, item, key):
        a = g.edges[unit, item, key]
        a["notices"] = [*a["notices"], e.source]  # a new list: snapshots may share the old one
        return
    g.add_edge(unit, item, key=key, kind="OWNS", props={"role": role}, notices=[e.source])


def _remove(g: Any, e: Edit) -> None:
    item, unit, role = e.args["item"], e.args["unit"], e.args.get("role", "")
    _need(g, item, ("Task", "Indicator"), "task")
    _need(g, unit, ("Unit",), "unit")
    between = g.get_edge_data(unit, item) or {}
    keys = [
        k
        for k, a in between.items()
        if a["kind"] == "OWNS" and (not role or a["props"].get("role") == role)
    ]
    if not keys:
        what = f" as {role}" if role else ""
        raise EditRefused(f"{unit} does not own {item}{what}: nothing to remove")
    for k in keys:
        g.remove_edge(unit, item, k)


def _merge(g: Any, e: Edit) -> None:
    variant, canonical = e.args["variant"], e.args["canonical"]
    _need(g, variant, ("Unit",), "unit")
    _need(g, canonical, ("Unit",), "unit")
    if variant == canonical:
        raise EditRefused(f"cannot merge {variant} into itself")
    moved = [(canonical, v, k, a) for _, v, k, a in g.out_edges(variant, keys=True, data=True)]
    moved += [(u, canonical, k, a) for u, _, k, a in g.in_edges(variant, keys=True, data=True)]
    for src, dst, key, a in moved:
        if src == dst:  # an edge between the two units themselves
            continue
        if g.has_edge(src, dst, key):
            kept = g.edges[src, dst, key]
            kept["notices"] = kept["notices"] + [
                n for n in a["notices"] if n not in kept["notices"]
            ]
        else:
            g.add_edge(src, dst, key=key, **{**a, "notices": list(a["notices"])})
    v, c = g.nodes[variant], g.nodes[canonical]
    aliases = set(c["props"].get("aliases", [])) | set(v["props"].get("aliases", []))
    c["props"] = {**c["props"], "aliases": sorted(aliases | {v["label"]})}
    c["notices"] = sorted(set(c["notices"]) | set(v["notices"]))
    g.remove_node(variant)
    # Targets and progress reports name their unit in a prop too; roll-ups read it.
    for _, a in g.nodes(data=True):
        if a["props"].get("unit") == variant:
            a["props"] = {**a["props"], "unit": canonical}


_APPLY = {"assign_owner": _assign, "remove_owner": _remove, "merge_units": _merge}


def apply_edit(g: Any, e: Edit) -> None:
    """Apply one edit to a networkx graph in the embedded shape; typed errors when it can't.

    Every check runs before the graph is changed, so a refused edit leaves `g` as it was.
    """
    _APPLY[e.op](g, e)


@dataclass(frozen=True)
class Skipped:
    """An edit the replay could not apply; `missing` is the node id it names that is gone."""

    edit: Edit
    missing: str | None

    @property
    def ends(self) -> tuple[str, str]:
        """(unit, item) of an owner edit, (variant, canonical) of a merge."""
        a = self.edit.args
        if self.edit.op == "merge_units":
            return a.get("variant", ""), a.get("canonical", "")
        return a.get("unit", ""), a.get("item", "")


def replay(g: Any, rows: Any) -> list[Skipped]:
    """Apply logged (seq, op, args-json) rows in order, skipping those that no longer apply.

    An edit stops applying when a re-load removed what it refers to (`missing`: an orphan) or
    already says it; it stays in the log and applies again if a later load brings the node back.
    """
    skipped = []
    for seq, op, args in rows:
        e = Edit(op, json.loads(args), int(seq))
        try:
            apply_edit(g, e)
        except NotFound as exc:
            skipped.append(Skipped(e, exc.key))
        except EditRefused:
            skipped.append(Skipped(e, None))
    return skipped
