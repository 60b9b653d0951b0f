"""One unit and everything it owns, directly and through the collectives it belongs to.

The duties come from `queries.responsibilities` (or the Neo4j store's equivalent) through the
backend; this module adds what a card shows around them, read from a snapshot graph.
"""

from dataclasses import dataclass

import networkx as nx

from dutygraph.graph.model import unit_id
from dutygraph.graph.queries import Duty
from dutygraph.graph.views.refs import Ref, attrs, in_edges, notice_nodes, out_edges, ref


@dataclass(frozen=True)
class DutyItem:
    """A task, indicator or target the unit owns; a target carries its table, period and value."""

    id: str
    kind: str
    label: str
    role: str
    notice: Ref | None
    via: Ref | None
    path: str | None
    table: str | None = None
    period: str | None = None
    value: float | None = None
    measure: str | None = None


@dataclass(frozen=True)
class UnitCard:
    """The unit, the regions it is part of, its collectives and groups, and its duties."""

    unit: Ref
    parents: list[Ref]
    collectives: list[Ref]
    groups: list[Ref]
    duties: list[DutyItem]


def _groups(g: nx.MultiDiGraph, uid: str) -> list[Ref]:
    """Groups the unit is the office of, or whose leaders it provides."""
    found = {v for v, _ in out_edges(g, uid, "MEMBER_OF") if attrs(g, v)["kind"] == "Group"}
    for lid, _ in in_edges(g, uid, "MEMBER_OF"):
        if attrs(g, lid)["kind"] == "Leader":
            found |= {
                v
                for v, _ in out_edges(g, lid, "LEADS") + out_edges(g, lid, "MEMBER_OF")
                if attrs(g, v)["kind"] == "Group"
            }
    return [ref(g, n) for n in sorted(found)]


def _item(g: nx.MultiDiGraph, d: Duty, notices: dict[str, str]) -> DutyItem:
    p = attrs(g, d.item_id)["props"] if d.item_id in g else {}
    via = unit_id(d.via) if d.via else None
    value = p.get("value")
    return DutyItem(
        d.item_id,
        d.kind,
        d.label,
        d.role,
        ref(g, notices[d.notice]) if d.notice in notices else None,
        ref(g, via) if via and via in g else None,
        d.path,
        p.get("table") if d.kind == "Target" else None,
        p.get("period") if d.kind == "Target" else None,
        None if value is None else float(value),
        p.get("measure"),
    )


def unit_card(g: nx.MultiDiGraph, uid: str, duties: list[Duty]) -> UnitCard:
    """The card of Unit node `uid` with `duties` (its responsibilities); LookupError if no unit."""
    if uid not in g or attrs(g, uid)["kind"] != "Unit":
        raise LookupError(f"no unit {uid!r}")
    notices = notice_nodes(g)
    return UnitCard(
        unit=ref(g, uid),
        parents=[ref(g, v) for v, _ in out_edges(g, uid, "PART_OF")],
        collectives=[
            ref(g, v)
            for v, e in out_edges(g, uid, "MEMBER_OF")
            if attrs(g, v)["kind"] == "Unit" and e["props"].get("role") == "member"
        ],
        groups=_groups(g, uid),
        duties=[_item(g, d, notices) for d in duties],
    )
