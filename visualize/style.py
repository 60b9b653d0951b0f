"""How the maps look: the CJK font, colours, shapes and the cap on children per parent.

Labels are Chinese: without a CJK font Graphviz draws empty boxes, so every graph names one
(Debian: fonts-noto-cjk; fontconfig falls back to any CJK font when this one is absent).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI's tables read the words below; graphviz loads with the first map
    import graphviz

FONT = "Noto Sans CJK SC"
CAP = 12
"""Children shown per parent; the rest become one 另有K项 node."""
ROLLUP_CAP = 30
"""Townships shown in a roll-up, where each value matters more than in a list of tasks."""

# Fill colours per node kind: light, so black text stays readable on a projector.
FILL = {
    "Group": "#fde2c8",
    "Leader": "#fff4d6",
    "Office": "#e8dcf5",
    "Unit": "#dbeafe",
    "Region": "#e2e8f0",
    "Notice": "#fde2c8",
    "Section": "#f1f5f9",
    "Task": "#ffffff",
    "Indicator": "#ecfccb",
    "Target": "#ffffff",
    "Total": "#dbeafe",
    "Headline": "#fde2c8",
    "More": "#f8fafc",
}
SHAPE = {
    "Group": "box",
    "Leader": "box",
    "Office": "box",
    "Unit": "box",
    "Region": "box",
    "Notice": "box",
    "Section": "box",
    "Task": "box",
    "Indicator": "note",
    "Target": "box",
    "Total": "box",
    "Headline": "doubleoctagon",
    "More": "box",
}

# The gap to a headline target: under-allocated red, met exactly green, over-allocated amber.
GAP_RED = "#ef4444"
GAP_GREEN = "#22c55e"
GAP_AMBER = "#f59e0b"
# Traffic lights passed in by callers (gap analysis): fill colours for a node's status.
STATUS_FILL: dict[str, str] = {"green": "#86efac", "yellow": "#fde047", "red": "#fca5a5"}

# Owner roles: the lead unit bold and solid, co-owners dashed, plain 责任单位 solid.
ROLE_EDGE: dict[str, dict[str, str]] = {
    "lead": {"style": "bold", "color": "#b91c1c", "penwidth": "2.5"},
    "owner": {"style": "solid", "color": "#1e3a8a", "penwidth": "1.2"},
    "co": {"style": "dashed", "color": "#475569", "penwidth": "1.2"},
}
ROLE_NAME = {"lead": "牵头", "co": "配合", "owner": "责任"}
# What a node is, in the words of a tooltip when the caller has nothing more specific.
KIND_WORD = {
    "Group": "领导机构",
    "Leader": "领导",
    "Office": "办公室",
    "Unit": "单位",
    "Region": "区域",
    "Notice": "通知",
    "Section": "章节",
    "Task": "任务",
    "Indicator": "指标",
    "Target": "分解目标",
    "Total": "合计",
    "Headline": "总目标",
    "More": "未列出的其余项",
}


def gap_colour(gap: float) -> str:
    """Sum minus headline: below zero red, zero green, above zero amber."""
    if gap < 0:
        return GAP_RED
    return GAP_GREEN if gap == 0 else GAP_AMBER


def new_graph(name: str, title: str, rankdir: str = "LR", **attrs: str) -> "graphviz.Digraph":
    """A digraph with the CJK font everywhere and `title` as its caption; `attrs` are further
    graph attributes (e.g. ranksep), overriding the defaults."""
    import graphviz

    g = graphviz.Digraph(name=name)
    g.attr(
        "graph",
        **{
            "rankdir": rankdir,
            "label": title,
            "fontname": FONT,
            "fontsize": "20",
            "labelloc": "t",
            "nodesep": "0.25",
            "ranksep": "0.6",
            "newrank": "true",
            **attrs,
        },
    )
    g.attr("node", fontname=FONT, fontsize="14", style="filled", margin="0.15,0.06")
    g.attr("edge", fontname=FONT, fontsize="12", color="#475569")
    return g
