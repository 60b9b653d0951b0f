"""Hand edits through any backend: assign or remove an owner, confirm a near-duplicate unit.

Each checks its arguments (unknown task or unit -> NotFound, several units -> Ambiguous, an
edit that changes nothing -> EditRefused) and then asks the backend to log and apply it in one
transaction (graph/edit_log.py says how edits survive re-loads).
"""

import typing
from typing import TYPE_CHECKING

from dutygraph.graph.errors import EditRefused, NotFound
from dutygraph.graph.queries import IndicatorInfo, TaskInfo, UnitInfo, did_you_mean, one_unit
from dutygraph.graph.store import Edit
from dutygraph.schema.task import Role

if TYPE_CHECKING:
    from dutygraph.graph.backends import GraphBackend

ROLES: tuple[str, ...] = typing.get_args(Role)


def resolve_unit(backend: "GraphBackend", key: str) -> str:
    """A unit id from an id, a full name, an alias, an abbreviation or a unique name ending."""
    found = backend.get_nodes([key]).get(key)
    if isinstance(found, UnitInfo):
        return key
    found_ids = backend.find_units(key)
    if not found_ids:
        raise NotFound("unit", key, did_you_mean(backend.names_graph("unit"), key, "unit"))
    return one_unit(found_ids, key)


def _item(backend: "GraphBackend", item_id: str) -> str:
    found = backend.get_nodes([item_id]).get(item_id)
    if not isinstance(found, TaskInfo | IndicatorInfo):
        raise NotFound("task", item_id)
    return item_id


def _role(role: str) -> str:
    if role not in ROLES:
        raise EditRefused(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return role


def assign_owner(backend: "GraphBackend", item_id: str, unit: str, role: str = "owner") -> Edit:
    """Make `unit` an owner of a task (or indicator) with `role` (lead, co or owner)."""
    item, role = _item(backend, item_id), _role(role)
    uid = resolve_unit(backend, unit)
    if any(r.unit_id == uid and r.role == role for r in backend.owners_of([item]).get(item, [])):
        raise EditRefused(f"{uid} already owns {item} as {role}")
    return backend.record_edit(Edit("assign_owner", {"item": item, "unit": uid, "role": role}))


def remove_owner(backend: "GraphBackend", item_id: str, unit: str, role: str | None = None) -> Edit:
    """Remove `unit` from a task's owners (only as `role` when given)."""
    item = _item(backend, item_id)
    uid = resolve_unit(backend, unit)
    rows = backend.owners_of([item]).get(item, [])
    if not any(r.unit_id == uid and (role is None or r.role == role) for r in rows):
        what = f" as {role}" if role else ""
        raise EditRefused(f"{uid} does not own {item}{what}: nothing to remove")
    args = {"item": item, "unit": uid, "role": role or ""}
    return backend.record_edit(Edit("remove_owner", args))


def merge_units(backend: "GraphBackend", variant: str, canonical: str) -> Edit:
    """Confirm that `variant` names the same unit as `canonical`: its edges and name move over."""
    vid, cid = resolve_unit(backend, variant), resolve_unit(backend, canonical)
    if vid == cid:
        raise EditRefused(f"{variant!r} and {canonical!r} are already one unit ({cid})")
    return backend.record_edit(Edit("merge_units", {"variant": vid, "canonical": cid}))
