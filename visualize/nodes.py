"""Drawing helpers shared by the map modules: one node with its link, status and escaping, the
"另有K项" node that stands for children beyond the cap, a node linking to its own map, and edges
between graph ids (an owner's edge styled by its role).
"""

import itertools
from collections.abc import Callable, Sequence
from typing import TypeVar

import graphviz

from dutygraph.graph.views import Ref
from dutygraph.visualize.labels import html_label, more_label, node_name, plain
from dutygraph.visualize.style import (
    CAP,
    FILL,
    KIND_WORD,
    ROLE_EDGE,
    ROLE_NAME,
    SHAPE,
    STATUS_FILL,
)

T = TypeVar("T")

Link = Callable[[str, str], str | None]
"""(kind, id) -> URL of the page for it, e.g. ("unit", "u:枣庄市市中区税郭镇") -> "/map/unit/…".

Kinds are the map kinds (org, notice, rollup, unit) and what has a page of its own: "task" (a
task id), "indicator" (an indicator id: its task's page or its notice's list), "section" (a
section_id: the notice's list of that section), "items" (a notice id: its list of everything),
"indicators" (a notice's node or parse id: the list of its indicators), "duties" (a unit id:
the list of what it owns), "members" (a group id: the list of its leaders, office, members and
every unit under them). The caller decides where each one goes."""


def section_id(notice: str, key: str) -> str:
    """The graph id a task map gives the section `key` (三.(三), 附件1) of a notice."""
    return f"section:{notice}:{key}"


def split_section_id(sid: str) -> tuple[str, str]:
    """(notice id, section key) of a section_id; the key has no ':' (a notice id may)."""
    notice, _, key = sid.removeprefix("section:").rpartition(":")
    return notice, key


Status = dict[str, str]
"""Graph id -> "green" | "yellow" | "red": traffic lights from a gap analysis, drawn as fills."""


def no_link(kind: str, ident: str) -> str | None:
    """For files without a server behind them: nodes link nowhere."""
    return None


def node(
    g: graphviz.Digraph,
    graph_id: str,
    kind: str,
    label: str,
    *,
    href: str | None = None,
    tooltip: str | None = None,
    status: Status | None = None,
    **attrs: str,
) -> str:
    """Add the node for `graph_id` (an HTML-like `label` from labels.html_label); its name."""
    name = node_name(graph_id)
    light = (status or {}).get(graph_id)
    a = {
        "id": name,
        # The SVG class names the kind (and traffic light) for pages, tests and stylesheets.
        "class": kind.lower() + (f" status-{light}" if light else ""),
        "shape": SHAPE.get(kind, "box"),
        "fillcolor": FILL.get(kind, "#ffffff"),
        # Tooltips are read by people: Chinese words, never the graph id (u:…, section:…).
        "tooltip": plain(tooltip or KIND_WORD.get(kind, "")),
        **attrs,
    }
    if light in STATUS_FILL:
        a["fillcolor"] = STATUS_FILL[light]
    if href:
        a["URL"] = href
        a["target"] = "_top"
    g.node(name, label, **a)
    return name


def ref_node(
    g: graphviz.Digraph,
    r: Ref,
    kind: str,
    *detail: str,
    link: Link,
    status: Status | None,
    to: str = "unit",
) -> str:
    """The node of `r` labelled with its name and `detail` lines, linking to its `to` map."""
    return node(
        g,
        r.id,
        kind,
        html_label(r.label, *detail),
        href=link(to, r.id),
        status=status,
        tooltip="：".join([r.label, *[d for d in detail if d]]),
    )


def edge(g: graphviz.Digraph, src: str, dst: str, **attrs: str) -> None:
    """An edge between two graph ids (their node names), with an SVG id for tests to find."""
    a, b = node_name(src), node_name(dst)
    g.edge(a, b, id=f"e_{a}_{b}", **attrs)


def role_edge(g: graphviz.Digraph, src: str, dst: str, role: str) -> None:
    """An owner's edge: lead bold red and 牵头, co dashed and 配合, a plain owner unlabelled."""
    style = {"class": f"role-{role}", **ROLE_EDGE.get(role, ROLE_EDGE["owner"])}
    edge(g, src, dst, label=ROLE_NAME[role] if role in ("lead", "co") else "", **style)


def keep_cluster_order(g: graphviz.Digraph, heads: Sequence[str]) -> None:
    """Keep the clusters headed by `heads` (graph ids, one per cluster) in that order, top to
    bottom (rankdir LR), whatever crossings dot would save by swapping them.

    dot ignores `ordering` and flat edges between nodes of different clusters; it does honour
    flat edges between nodes outside clusters. So each head gets an invisible anchor in the
    next rank, outside every cluster, the anchors are chained in order on one rank, and the edge
    from a head to its anchor would cross the other clusters' walls unless the cluster sits by
    its anchor.
    """
    anchors = [f"order:{h}" for h in heads]
    for h, a in zip(heads, anchors, strict=True):
        g.node(node_name(a), "", shape="point", width="0", height="0", style="invis")
        edge(g, h, a, style="invis")
    with g.subgraph() as same:
        same.attr(rank="same")
        for a in anchors:
            same.node(node_name(a))
    for a, b in itertools.pairwise(anchors):
        edge(g, a, b, style="invis")


def capped(items: Sequence[T], cap: int = CAP) -> tuple[Sequence[T], int]:
    """The first `cap` items and how many more there are."""
    return items[:cap], max(0, len(items) - cap)


def more(
    g: graphviz.Digraph,
    parent: str,
    count: int,
    href: str | None = None,
    key: str = "",
    **edge_attrs: str,
) -> None:
    """A 另有K项 node under `parent` standing for `count` children not drawn, linking to `href`
    (a page that lists them all); `key` tells apart two such nodes under one parent."""
    if count <= 0:
        return
    mid = f"more:{parent}" + (f":{key}" if key else "")
    node(
        g,
        mid,
        "More",
        f"<<I>{more_label(count)}</I>>",
        href=href,
        tooltip=more_label(count) + ("，点击查看全部" if href else ""),
        style="dashed,filled",
    )
    edge(g, parent, mid, style="dashed", **edge_attrs)
