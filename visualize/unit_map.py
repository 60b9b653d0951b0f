"""Unit card: one unit and everything it owns, directly and through its collectives (各镇街),
grouped by notice; with the regions it is part of and the groups it serves. Left to right.
"""

from collections import defaultdict

import graphviz

from dutygraph.graph.views import DutyItem, UnitCard
from dutygraph.visualize.labels import html_label, node_name, number
from dutygraph.visualize.nodes import (
    Link,
    Status,
    capped,
    edge,
    more,
    no_link,
    node,
    ref_node,
    role_edge,
)
from dutygraph.visualize.style import new_graph

KIND_NAME = {"Task": "任务", "Indicator": "指标", "Target": "分解目标"}


def _duty_node(g: graphviz.Digraph, d: DutyItem, link: Link, status: Status | None) -> None:
    if d.kind == "Target":
        value = f"{number(d.value)}{d.measure or ''}"
        label = html_label(d.table or d.label, f"{d.period} · {KIND_NAME[d.kind]} {value}")
        href = link("rollup", d.table) if d.table else None
    else:
        label = html_label(f"{d.path or ''} {d.label}".strip(), KIND_NAME.get(d.kind, d.kind))
        href = link("task" if d.kind == "Task" else "indicator", d.id)
    tip = d.label + ("（点击查看详情）" if href else "")
    node(g, d.id, d.kind, label, href=href, status=status, tooltip=tip)


def _order(d: DutyItem) -> tuple[int, str, str]:
    """Tasks, then indicators, then targets; targets by table and period."""
    rank = list(KIND_NAME).index(d.kind) if d.kind in KIND_NAME else len(KIND_NAME)
    return rank, d.table or d.path or d.label, d.period or ""


def unit_map(
    card: UnitCard, link: Link = no_link, status: Status | None = None
) -> graphviz.Digraph:
    """The Digraph of one unit's card; tasks and indicators link to their pages, targets to
    their roll-up, a 另有K项 to the list of everything the unit owns."""
    g = new_graph("unit", f"单位责任：{card.unit.label}", ranksep="0.8")
    uid = card.unit.id
    n_direct = sum(1 for d in card.duties if d.via is None)
    node(
        g,
        uid,
        "Unit",
        html_label(card.unit.label, f"直接承担{n_direct}项"),
        status=status,
        penwidth="2.5",
    )
    for p in card.parents:
        ref_node(g, p, "Region", "所属地区", link=link, status=status)
        edge(g, p.id, uid, style="dotted", arrowhead="none")
    for grp in card.groups:
        ref_node(g, grp, "Group", "所在领导机构", link=link, status=status, to="org")
        edge(g, grp.id, uid, style="dotted", arrowhead="none")
    # The unit's collectives, and any collective reached through another one, drawn once each.
    collectives = {c.id: c for c in card.collectives}
    for d in card.duties:
        if d.via:
            collectives.setdefault(d.via.id, d.via)
    for c in collectives.values():
        ref_node(g, c, "Unit", "集体责任主体", link=link, status=status)
        edge(g, uid, c.id, label="属于", style="dashed")
    # Holder (the unit or a collective) -> notice -> duties; one cluster per notice.
    by_notice: dict[tuple[str, str], list[DutyItem]] = defaultdict(list)
    for d in card.duties:
        holder = d.via.id if d.via else uid
        by_notice[(holder, d.notice.id if d.notice else "")].append(d)
    for (holder, notice_id), items in sorted(by_notice.items()):
        notice = items[0].notice
        key = f"duties:{holder}:{notice_id}"
        with g.subgraph(name=f"cluster_{node_name(key)}") as c:
            c.attr(label="", style="rounded", color="#94a3b8")
            node(
                c,
                key,
                "Notice",
                html_label(notice.label if notice else "未知通知", f"{len(items)}项"),
                href=link("notice", notice_id) if notice_id else None,
                status=status,
            )
            shown, rest = capped(sorted(items, key=_order))
            for d in shown:
                _duty_node(c, d, link, status)
                role_edge(g, key, d.id, d.role)
            more(c, key, rest, link("duties", uid))
        edge(g, holder, key, label="承担")
    return g
