"""What depends on a unit's (or one target's) work, level by level up the graph.

From a township such as 税郭镇: the collectives it belongs to (各镇街), the regions above it
(枣庄市市中区 -> 枣庄市), the tasks it owns directly or through a collective, the indicators in
those tasks, its targets, the district targets they roll up into (CONTRIBUTES_TO, transitively),
the notices all of these come from, and what those notices cite or implement (transitively).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dutygraph.graph.queries.owners import find_units
from dutygraph.graph.store import Store

LEVELS = (
    "units",
    "collectives",
    "regions",
    "tasks",
    "indicators",
    "targets",
    "rolls_up_into",
    "notices",
    "upstream",
)


@dataclass(frozen=True)
class ImpactNode:
    """One node on the chain; `via` names the node it was reached from (a collective, a task…)."""

    id: str
    kind: str
    label: str
    via: str | None = None


@dataclass(frozen=True)
class Level:
    """One step of the chain, e.g. name="rolls_up_into" with the district 合计 targets."""

    name: str
    nodes: list[ImpactNode] = field(default_factory=list)

    def ids(self) -> list[str]:
        return [n.id for n in self.nodes]


@dataclass(frozen=True)
class Impact:
    """The chain above `start`, one Level per name in LEVELS (empty levels kept)."""

    start: str
    levels: list[Level]

    def level(self, name: str) -> Level:
        return next(lv for lv in self.levels if lv.name == name)


def _attrs(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def _out(store: Store, node_id: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    return sorted(
        (v, a) for _, v, a in store.graph.out_edges(node_id, data=True) if a["kind"] == kind
    )


def _closure(
    store: Store, starts: Iterable[str], kind: str | tuple[str, ...], node_kind: str
) -> dict[str, str]:
    """Nodes reachable over `kind` edges (to `node_kind` nodes), each with the node it came from."""
    kinds = (kind,) if isinstance(kind, str) else kind
    found: dict[str, str] = {}
    todo = list(starts)
    while todo:
        cur = todo.pop()
        for v in sorted({v for k in kinds for v, _ in _out(store, cur, k)}):
            if v not in found and _attrs(store, v)["kind"] == node_kind:
                found[v] = cur
                todo.append(v)
    return found


def _nodes(store: Store, via: dict[str, str | None]) -> list[ImpactNode]:
    out = []
    for node_id in sorted(via):
        a = _attrs(store, node_id)
        came = via[node_id]
        out.append(
            ImpactNode(
                node_id, a["kind"], a["label"], _attrs(store, came)["label"] if came else None
            )
        )
    return out


def _notice_of(store: Store, node_id: str) -> str | None:
    """The notice node a task, indicator or target belongs to."""
    for parent, _, a in store.graph.in_edges(node_id, data=True):
        if a["kind"] == "CONTAINS" and _attrs(store, parent)["kind"] == "Notice":
            return str(parent)
    parse_id = _attrs(store, node_id)["props"].get("notice")
    for n, a in store.graph.nodes(data=True):
        if (
            a["kind"] == "Notice"
            and a["props"].get("notice") == parse_id
            and not a["props"].get("stub")
        ):
            return str(n)
    return None


def impact(store: Store, unit_or_target: str) -> Impact:
    """The dependency chain above a unit (by name, as `find_units`) or a target (by node id).

    Raises LookupError when nothing matches.
    """
    g = store.graph
    targets: dict[str, str | None] = {}
    if unit_or_target in g and _attrs(store, unit_or_target)["kind"] == "Target":
        owner = str(_attrs(store, unit_or_target)["props"]["unit"])
        units: list[str] = [owner]
        targets[unit_or_target] = None
        own_targets = False
    else:
        units = find_units(store, unit_or_target)
        own_targets = True
    if not units:
        raise LookupError(f"no unit or target matches {unit_or_target!r}")
    collectives = _closure(store, units, "MEMBER_OF", "Unit")
    regions = _closure(store, [*units, *collectives], "PART_OF", "Unit")
    tasks: dict[str, str | None] = {}
    for holder in [*units, *collectives]:
        for item, _ in _out(store, holder, "OWNS"):
            kind = _attrs(store, item)["kind"]
            if kind == "Task":
                tasks.setdefault(item, holder)
            elif kind == "Target" and own_targets:
                targets.setdefault(item, None)
    indicators: dict[str, str | None] = {i: t for t in tasks for i, _ in _out(store, t, "CONTAINS")}
    rolls = _closure(store, targets, "CONTRIBUTES_TO", "Target")
    notices: dict[str, str | None] = {}
    for item in [*tasks, *targets, *rolls]:
        n = _notice_of(store, item)
        if n:
            notices.setdefault(n, None)
    upstream = _closure(store, notices, ("CITES", "IMPLEMENTS"), "Notice")
    levels = [
        Level("units", _nodes(store, dict.fromkeys(units))),
        Level("collectives", _nodes(store, dict(collectives))),
        Level("regions", _nodes(store, dict(regions))),
        Level("tasks", _nodes(store, tasks)),
        Level("indicators", _nodes(store, indicators)),
        Level("targets", _nodes(store, targets)),
        Level("rolls_up_into", _nodes(store, dict(rolls))),
        Level("notices", _nodes(store, notices)),
        Level("upstream", _nodes(store, dict(upstream))),
    ]
    return Impact(unit_or_target, levels)
