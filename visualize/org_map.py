"""Organisation map of a leading group: group -> leaders (title, role) -> office -> member units
-> the units under them, and the districts or townships of the jurisdiction it coordinates.
Clustered by level, top to bottom.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import graphviz

from dutygraph.graph.views import Organisation
from dutygraph.visualize.labels import html_label
from dutygraph.visualize.nodes import Link, Status, capped, edge, more, no_link, node, ref_node
from dutygraph.visualize.style import new_graph

ROW_WIDTH = 5
"""Units (members, units under them, townships) side by side before the next row starts."""


def under_anchor(k: int) -> str:
    """The anchor of the `k`-th member's units on the group's member list (its 另有K项 opens it)."""
    return f"under-{k}"


@contextmanager
def _cluster(g: graphviz.Digraph, name: str, title: str) -> Iterator[graphviz.Digraph]:
    """A dashed, titled cluster: one level of the organisation."""
    with g.subgraph(name=f"cluster_{name}") as c:
        c.attr(label=title, style="rounded,dashed", color="#94a3b8", fontsize="16")
        yield c


def _at(href: str | None, anchor: str) -> str | None:
    """`href` with `#anchor`, or None when there is no page to open."""
    return f"{href}#{anchor}" if href else None


def org_map(
    org: Organisation, link: Link = no_link, status: Status | None = None
) -> graphviz.Digraph:
    """The Digraph of one group's organisation; nodes link to their own pages through `link`,
    and the group, post-only leaders and 另有K项 nodes to the group's member list."""
    g = new_graph("org", f"组织架构：{org.group.label}", rankdir="TB", ordering="out")
    gid = org.group.id
    roster = link("members", gid)
    node(
        g,
        gid,
        "Group",
        html_label(org.group.label, "领导机构"),
        href=roster,
        status=status,
        tooltip=org.group.label + ("（点击查看成员名单）" if roster else ""),
    )
    for n in org.notices:
        ref_node(g, n, "Notice", "印发通知", link=link, status=status, to="notice")
        edge(g, n.id, gid, label="成立", style="dotted")
    placed: set[str] = set()
    with _cluster(g, "leaders", "领导") as c:
        if not org.leaders:
            node(
                c,
                f"none:{gid}",
                "More",
                "<<I>通知未列明组长、副组长</I>>",
                href=_at(roster, "leaders"),
                tooltip="通知未列明组长、副组长" + ("（点击查看成员名单）" if roster else ""),
                style="dashed,filled",
            )
            edge(g, gid, f"none:{gid}", style="dashed")
        for r in org.leaders:
            who = r.name or r.title or "—"
            detail = " · ".join(
                x for x in (r.title if r.name else None, r.org.label if r.org else None) if x
            )
            # A post without a unit (市长) opens the roster, where the leaders are listed.
            href = link("unit", r.org.id) if r.org else _at(roster, "leaders")
            opens = "所在单位" if r.org else "成员名单"
            tip = "：".join(x for x in (f"{who} {r.role}", detail) if x)
            node(
                c,
                r.id,
                "Leader",
                html_label(f"{who} {r.role}", detail),
                href=href,
                status=status,
                tooltip=tip + (f"（点击查看{opens}）" if href else ""),
            )
            edge(g, gid, r.id, label=r.role, style="bold" if r.role == "组长" else "solid")
    with _cluster(g, "office", "办公室") as c:
        for u in org.office:
            ref_node(c, u, "Office", "领导小组办公室", link=link, status=status)
            edge(g, gid, u.id, label="下设办公室")
            placed.add(u.id)
    direct = 0
    with _cluster(g, "members", "成员单位") as c:
        for m in org.members:
            if m.unit.id not in placed:
                ref_node(c, m.unit, "Unit", link=link, status=status)
                placed.add(m.unit.id)
            # A unit that provides leaders hangs off them; any other member off the group.
            staff = [r for r in org.leaders if r.org and r.org.id == m.unit.id]
            for r in staff:
                edge(g, r.id, m.unit.id, style="dashed", arrowhead="none", label="所在单位")
            if not staff:
                # Rows of ROW_WIDTH members (longer edges push later ones a rank down), so a
                # group of 30 members is a block a page can hold, not one line 3000 pt wide.
                edge(g, gid, m.unit.id, label="成员", minlen=str(1 + direct // ROW_WIDTH))
                direct += 1
    with _cluster(g, "under", "下属单位 / 下辖地区") as c:
        for k, m in enumerate(org.members):
            shown, rest = capped(m.under)
            for i, u in enumerate(shown):
                if u.id not in placed:
                    ref_node(c, u, "Unit", link=link, status=status)
                    placed.add(u.id)
                edge(g, m.unit.id, u.id, minlen=str(1 + i // ROW_WIDTH))
            more(c, m.unit.id, rest, _at(roster, under_anchor(k)))
        if org.region:
            rid = org.region.id
            ref_node(c, org.region, "Region", "辖区", link=link, status=status)
            # One rank below the members, so the townships sit under them, not beside them.
            edge(g, gid, rid, label="统筹协调", style="dotted", minlen="2")
            shown, rest = capped(org.subregions)
            for i, u in enumerate(shown):
                ref_node(c, u, "Region", link=link, status=status)
                edge(g, rid, u.id, minlen=str(1 + i // ROW_WIDTH))
            more(c, rid, rest, _at(roster, "region"))
    return g
