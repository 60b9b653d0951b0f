"""Drawing helpers shared by the map modules: one node with its link, status and escaping, the
"另有K项" node that stands for children beyond the cap, and edges between graph ids.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

import graphviz

from dutygraph.visualize.labels import more_label, node_name, plain
from dutygraph.visualize.style import CAP, FILL, SHAPE, STATUS_FILL

T = TypeVar("T")

Link = Callable[[str, str], str | None]
"""(map kind, id) -> URL of that map's page, e.g. ("unit", "u:枣庄市市中区税郭镇") -> "/map/unit/…"."""

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
        "tooltip": plain(tooltip or graph_id),
        **attrs,
    }
    if light in STATUS_FILL:
        a["fillcolor"] = STATUS_FILL[light]
    if href:
        a["URL"] = href
        a["target"] = "_top"
    g.node(name, label, **a)
    return name


def edge(g: graphviz.Digraph, src: str, dst: str, **attrs: str) -> None:
    """An edge between two graph ids (their node names), with an SVG id for tests to find."""
    a, b = node_name(src), node_name(dst)
    g.edge(a, b, id=f"e_{a}_{b}", **attrs)


def capped(items: Sequence[T], cap: int = CAP) -> tuple[Sequence[T], int]:
    """The first `cap` items and how many more there are."""
    return items[:cap], max(0, len(items) - cap)


def more(g: graphviz.Digraph, parent: str, count: int, **edge_attrs: str) -> None:
    """A 另有K项 node under `parent` standing for `count` children not drawn."""
    if count <= 0:
        return
    mid = f"more:{parent}"
    node(
        g,
        mid,
        "More",
        f"<<I>{more_label(count)}</I>>",
        tooltip=more_label(count),
        style="dashed,filled",
    )
    edge(g, parent, mid, style="dashed", **edge_attrs)
