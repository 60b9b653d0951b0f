"""One legend per map, drawn from what the map contains: the page shows it under the map and
the PNG/PDF carry it as a node at the foot of the drawing, with the as-of date of the lights.
"""

import datetime as dt
import re
from dataclasses import dataclass

import graphviz

from dutygraph.visualize.labels import escape_html
from dutygraph.visualize.style import (
    GAP_AMBER,
    GAP_GREEN,
    GAP_RED,
    ROLE_EDGE,
    STATUS_FILL,
)


@dataclass(frozen=True)
class Key:
    """One legend entry: a line style (`line`) or a fill (`fill`), a colour and its words."""

    name: str  # CSS class of its swatch on the page (key-lead, key-under, key-green…)
    shape: str  # "line" | "fill"
    colour: str
    text: str
    style: str = "solid"


ROLE_KEYS = {
    "lead": Key("key-lead", "line", ROLE_EDGE["lead"]["color"], "粗红线：牵头单位", "bold"),
    "co": Key("key-co", "line", ROLE_EDGE["co"]["color"], "虚线：配合单位", "dashed"),
    "owner": Key("key-owner", "line", ROLE_EDGE["owner"]["color"], "实线：责任单位"),
}
GAP_KEYS = {
    "under": Key("key-under", "fill", GAP_RED, "缺口：分解合计低于总目标"),
    "met": Key("key-met", "fill", GAP_GREEN, "持平：分解合计等于总目标"),
    "over": Key("key-over", "fill", GAP_AMBER, "超出：分解合计高于总目标"),
}
LIGHT_KEYS = {
    "green": Key("key-green", "fill", STATUS_FILL["green"], "绿灯：已完成或进度正常"),
    "yellow": Key("key-yellow", "fill", STATUS_FILL["yellow"], "黄灯：滞后、未报送或30天内到期"),
    "red": Key("key-red", "fill", STATUS_FILL["red"], "红灯：逾期未完成或不足进度一半"),
}


def legend_keys(graph: graphviz.Digraph) -> list[Key]:
    """The entries for the edges and fills this graph actually draws, in a fixed order."""
    source = graph.source
    keys = [k for role, k in ROLE_KEYS.items() if f'class="role-{role}"' in source]
    keys += [k for kind, k in GAP_KEYS.items() if re.search(rf'class="gap gap-{kind}"', source)]
    keys += [k for light, k in LIGHT_KEYS.items() if f"status-{light}" in source]
    return keys


def lights_drawn(graph: graphviz.Digraph) -> bool:
    return any(f"status-{light}" in graph.source for light in LIGHT_KEYS)


def as_of_text(as_of: dt.date | None, lights: bool) -> str:
    """'进度截至2024-12-10' when lights are drawn, else '' (nothing on the map is dated)."""
    return f"进度截至{as_of.isoformat()}" if as_of and lights else ""


def with_legend(graph: graphviz.Digraph, as_of: dt.date | None) -> graphviz.Digraph:
    """A copy of `graph` with its legend (and the as-of date) as a table at the foot, for files
    that travel without the page around them (PNG, PDF)."""
    keys = legend_keys(graph)
    dated = as_of_text(as_of, lights_drawn(graph))
    if not keys and not dated:
        return graph
    cells = []
    for k in keys:
        mark = "━━" if k.style == "bold" else "╌╌" if k.style == "dashed" else "──"
        swatch = (
            f'<TD BGCOLOR="{k.colour}" WIDTH="18"> </TD>'
            if k.shape == "fill"
            else f'<TD><FONT COLOR="{k.colour}">{mark}</FONT></TD>'
        )
        cells.append(f'{swatch}<TD ALIGN="LEFT">{escape_html(k.text)}</TD>')
    rows = "".join(f"<TR>{c}</TR>" for c in cells)
    if dated:
        rows += f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{escape_html(dated)}</B></TD></TR>'
    g = graph.copy()
    with g.subgraph(name="legend") as s:
        s.attr(rank="sink")
        s.node(
            "legend",
            f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" COLOR="#94a3b8">'
            f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>图例</B></TD></TR>{rows}</TABLE>>',
            shape="plaintext",
            style="",
            id="legend",
            tooltip="图例",
        )
    return g
