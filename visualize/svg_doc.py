"""Read a rendered map back: its nodes (SVG id, classes, text lines, fill, link) and edges.

What Graphviz actually drew, not what was asked of it; the tests assert on this, and it lets a
caller check a map (e.g. find the gap node and its colour) without a browser.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

_NS = {"svg": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink"}
_HREF = "{http://www.w3.org/1999/xlink}href"
_SHAPES = ("polygon", "ellipse", "path", "polyline")


@dataclass(frozen=True)
class SvgNode:
    """One drawn node: text lines in order, the fill of its first filled shape, its link."""

    id: str
    classes: frozenset[str]
    texts: list[str]
    fill: str | None
    href: str | None

    @property
    def text(self) -> str:
        return " ".join(self.texts)


@dataclass(frozen=True)
class SvgEdge:
    """One drawn edge between two node ids (`e_<src>_<dst>`), with its stroke."""

    id: str
    classes: frozenset[str]
    src: str
    dst: str
    stroke: str | None
    width: float
    dashed: bool
    label: str


@dataclass(frozen=True)
class SvgCluster:
    """One drawn cluster (a section box): its label and the y of that label on the page."""

    label: str
    y: float


@dataclass(frozen=True)
class SvgDoc:
    nodes: dict[str, SvgNode] = field(default_factory=dict)
    edges: list[SvgEdge] = field(default_factory=list)
    clusters: list[SvgCluster] = field(default_factory=list)

    def clusters_top_down(self) -> list[str]:
        """Cluster labels as a reader sees them, top to bottom."""
        return [c.label for c in sorted(self.clusters, key=lambda c: c.y)]

    def with_class(self, cls: str) -> list[SvgNode]:
        return [n for n in self.nodes.values() if cls in n.classes]

    def containing(self, text: str) -> list[SvgNode]:
        """Nodes whose joined text lines contain `text`."""
        return [n for n in self.nodes.values() if text in n.text or text in "".join(n.texts)]

    def edges_between(self, src: str, dst: str) -> list[SvgEdge]:
        return [e for e in self.edges if e.src == src and e.dst == dst]


def _tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _texts(g: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in g.iter() if _tag(t) == "text"]


def read_svg(svg: str | bytes) -> SvgDoc:
    """Parse an SVG written by Graphviz (`visualize.render`)."""
    root = ET.fromstring(svg)
    doc = SvgDoc()
    for g in root.iter():
        if _tag(g) != "g":
            continue
        classes = frozenset((g.get("class") or "").split())
        gid = g.get("id") or ""
        if "cluster" in classes:
            text = next((t for t in g.iter() if _tag(t) == "text"), None)
            if text is not None:
                doc.clusters.append(SvgCluster("".join(text.itertext()), float(text.get("y", 0))))
        elif "node" in classes:
            shapes = [
                s for s in g.iter() if _tag(s) in _SHAPES and s.get("fill") not in (None, "none")
            ]
            links = [a.get(_HREF) for a in g.iter() if _tag(a) == "a" and a.get(_HREF)]
            doc.nodes[gid] = SvgNode(
                gid,
                classes,
                _texts(g),
                shapes[0].get("fill") if shapes else None,
                links[0] if links else None,
            )
        elif "edge" in classes and gid.startswith("e_"):
            src, _, dst = gid[2:].partition("_")
            path = next((s for s in g.iter() if _tag(s) == "path"), None)
            stroke = path.get("stroke") if path is not None else None
            width = float(path.get("stroke-width") or 1) if path is not None else 0.0
            dashed = path is not None and bool(path.get("stroke-dasharray"))
            doc.edges.append(
                SvgEdge(gid, classes, src, dst, stroke, width, dashed, " ".join(_texts(g)))
            )
    return doc
