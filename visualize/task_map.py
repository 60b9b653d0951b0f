"""Task map of a notice: sections -> tasks -> owning units, with the indicators each task carries.

Left to right, one cluster per section; the lead unit's edge is bold red, co-owners' dashed,
plain 责任单位 solid. Units are drawn once, outside the clusters, since many tasks share them.
"""

import graphviz

from dutygraph.graph.views import IndicatorRef, NoticeView
from dutygraph.visualize.labels import html_label, node_name, number, shorten
from dutygraph.visualize.nodes import (
    Link,
    Status,
    capped,
    edge,
    keep_cluster_order,
    more,
    no_link,
    node,
    ref_node,
    role_edge,
    section_id,
)
from dutygraph.visualize.style import new_graph


def indicator_text(i: IndicatorRef) -> str:
    """'≥ 200 项 (2026年)' from an indicator's comparator, value, measure and year."""
    cmp = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}.get(i.comparator or "", "")
    year = f"（{i.year}年）" if i.year else ""
    return f"{cmp}{number(i.value)}{i.measure or ''}{year}"


def _indicators(
    g: graphviz.Digraph,
    parent: str,
    items: list[IndicatorRef],
    status: Status | None,
    link: Link,
) -> None:
    """The indicators under `parent`; the rest behind one 另有K项 that opens where they are
    listed (the page of the first one left out: its task's or its notice's list)."""
    shown, rest = capped(items)
    for i in shown:
        # A number broken down by an allocation table opens that table's roll-up; any other
        # opens the page that lists it with its actual value and light.
        rollup = link("rollup", i.table) if i.table else None
        node(
            g,
            i.id,
            "Indicator",
            html_label(i.name, indicator_text(i)),
            status=status,
            tooltip=f"{i.name}：{indicator_text(i)}" + ("，点击查看分解" if rollup else ""),
            href=rollup or link("indicator", i.id),
        )
        edge(g, parent, i.id, style="dotted", arrowhead="none")
    hidden = link("indicator", items[len(shown)].id) if rest else None
    more(g, parent, rest, hidden, "indicators", arrowhead="none")


def task_map(
    view: NoticeView, link: Link = no_link, status: Status | None = None
) -> graphviz.Digraph:
    """The Digraph of one notice's tasks; unit nodes link to their unit cards through `link`."""
    title = view.doc_number or view.notice.label
    # ordering=out keeps tasks in the outline order they are added in; a short crossing
    # minimisation (mclimit) keeps dot from trading that order for fewer crossings. The
    # sections' clusters need keep_cluster_order: dot ignores ordering between clusters.
    g = new_graph("tasks", f"任务分解：{title}", ranksep="0.9", ordering="out", mclimit="0.01")
    nid = view.notice.id
    node(
        g,
        nid,
        "Notice",
        html_label(view.notice.label, view.doc_number or ""),
        status=status,
        width="3",
        href=link("items", nid),
        tooltip=f"{view.notice.label}：点击查看全部任务和指标",
    )
    _indicators(g, nid, view.indicators, status, link)
    units: set[str] = set()
    for s in view.sections:
        sid = section_id(nid, s.key)
        edge(g, nid, sid, color="#94a3b8")
        with g.subgraph(name=f"cluster_{node_name(sid)}") as c:
            heading = f"{s.key} {s.heading}".strip() or "正文"
            c.attr(
                label=shorten(heading, 40),
                style="rounded,filled",
                fillcolor="#f8fafc",
                color="#94a3b8",
            )
            node(
                c,
                sid,
                "Section",
                html_label(heading, f"{len(s.tasks)}项任务"),
                status=status,
                href=link("section", sid),
                tooltip=f"{heading}：{len(s.tasks)}项任务，点击查看清单",
            )
            shown, rest = capped(s.tasks)
            for t in shown:
                kind = {"step": "实施步骤", "row": "附件表格"}.get(t.kind, "")
                label = html_label(f"{t.path} {t.title}".strip(), kind)
                page = link("task", t.id)
                tip = (t.text or t.title) + ("（点击查看任务详情）" if page else "")
                node(c, t.id, "Task", label, status=status, href=page, tooltip=tip)
                edge(g, sid, t.id)
            more(c, sid, rest, link("section", sid))
        for t in shown:
            owners, hidden = capped(t.owners)
            for o in owners:
                if o.unit.id not in units:
                    units.add(o.unit.id)
                    ref_node(g, o.unit, "Unit", link=link, status=status)
                role_edge(g, t.id, o.unit.id, o.role)
            more(g, t.id, hidden, link("task", t.id), "owners")
            _indicators(g, t.id, t.indicators, status, link)
    keep_cluster_order(g, [section_id(nid, s.key) for s in view.sections])
    return g
