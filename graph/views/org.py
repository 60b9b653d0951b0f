"""A leading group (领导小组 / 工作专班) as an organisation: leaders, office, member units, and
the districts or townships of the jurisdiction it coordinates.

Works on a snapshot graph (`backend.snapshot()`), so it answers alike on either store.
"""

from dataclasses import dataclass, field

import networkx as nx

from dutygraph.graph.model import unit_id
from dutygraph.graph.views.refs import Ref, attrs, in_edges, notice_nodes, of_kind, out_edges, ref

# Seniority order of the roles a notice gives; unknown roles sort after these.
ROLE_ORDER = ("组长", "常务副组长", "第一副组长", "副组长", "办公室主任", "成员")


@dataclass(frozen=True)
class LeaderRow:
    """One person (or post, when the notice names no one) in a group, with role and unit."""

    id: str
    name: str | None
    title: str | None
    role: str
    org: Ref | None


@dataclass(frozen=True)
class MemberUnit:
    """A member unit, with the units under it (collective members such as each district's 局)."""

    unit: Ref
    under: list[Ref] = field(default_factory=list)


@dataclass(frozen=True)
class Organisation:
    """A group, who leads it, its office, its member units and the sub-regions it coordinates."""

    group: Ref
    notices: list[Ref]
    leaders: list[LeaderRow]
    office: list[Ref]
    members: list[MemberUnit]
    region: Ref | None
    subregions: list[Ref]

    @property
    def units(self) -> list[str]:
        """The units its map draws: office, members, those under them, the region and parts."""
        units = [u.id for u in self.office] + [m.unit.id for m in self.members]
        units += [u.id for m in self.members for u in m.under] + [u.id for u in self.subregions]
        return units + ([self.region.id] if self.region else [])


def find_groups(g: nx.MultiDiGraph, text: str) -> list[str]:
    """Group ids by id, full name or alias as written, else by words of the name."""
    groups = of_kind(g, "Group")
    for match in (
        lambda n: n == text,
        lambda n: attrs(g, n)["label"] == text,
        lambda n: text in attrs(g, n)["props"].get("aliases", []),
        lambda n: text in attrs(g, n)["label"],
    ):
        found = [n for n in groups if match(n)]
        if found:
            return found
    return []


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _named_units(g: nx.MultiDiGraph, group_label: str, suffix: str) -> list[str]:
    # 004 names "…领导小组办公室" and "…领导小组成员单位" as owners without saying who they are;
    # they belong on the group's map as its office and members.
    return [n for n in of_kind(g, "Unit") if attrs(g, n)["label"] == group_label + suffix]


def _under(g: nx.MultiDiGraph, uid: str) -> list[Ref]:
    """Units that are members of `uid` (a collective) or parts of it (a region)."""
    below = {u for u, _ in in_edges(g, uid, "MEMBER_OF") if attrs(g, u)["kind"] == "Unit"}
    below |= {u for u, _ in in_edges(g, uid, "PART_OF")}
    return [ref(g, u) for u in sorted(below)]


def organisation(g: nx.MultiDiGraph, group_id: str) -> Organisation:
    """The organisation of one group. Raises LookupError when `group_id` is not a Group."""
    if group_id not in g or attrs(g, group_id)["kind"] != "Group":
        raise LookupError(f"no group {group_id!r}")
    group = ref(g, group_id)
    leaders: list[LeaderRow] = []
    member_ids: list[str] = []
    for lid, _ in in_edges(g, group_id, "LEADS") + in_edges(g, group_id, "MEMBER_OF"):
        if attrs(g, lid)["kind"] != "Leader":
            continue
        p = attrs(g, lid)["props"]
        orgs = [u for u, e in out_edges(g, lid, "MEMBER_OF") if e["props"].get("role") == "staff"]
        org = ref(g, orgs[0]) if orgs else None
        leaders.append(LeaderRow(lid, p.get("name"), p.get("title"), str(p.get("role")), org))
    # By seniority, then name: the graph keeps no document order among leaders of one role.
    leaders.sort(key=lambda r: (_role_rank(r.role), r.name or r.title or "", r.id))
    for r in leaders:
        if r.org and r.org.id not in member_ids:
            member_ids.append(r.org.id)
    office_ids = [
        u for u, e in in_edges(g, group_id, "MEMBER_OF") if e["props"].get("role") == "office"
    ]
    office_ids += [u for u in _named_units(g, group.label, "办公室") if u not in office_ids]
    member_ids += [u for u in _named_units(g, group.label, "成员单位") if u not in member_ids]
    by_notice = notice_nodes(g)
    notices = [ref(g, by_notice[n]) for n in attrs(g, group_id)["notices"] if n in by_notice]
    region: Ref | None = None
    for notice in notices:
        jurisdiction = attrs(g, notice.id)["props"].get("jurisdiction")
        if jurisdiction and unit_id(jurisdiction) in g:
            region = ref(g, unit_id(jurisdiction))
            break
    return Organisation(
        group=group,
        notices=notices,
        leaders=leaders,
        office=[ref(g, u) for u in office_ids],
        members=[MemberUnit(ref(g, u), _under(g, u)) for u in member_ids],
        region=region,
        subregions=[ref(g, u) for u, _ in in_edges(g, region.id, "PART_OF")] if region else [],
    )
