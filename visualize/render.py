"""Graphviz graphs to SVG (web), PNG and PDF (print).

Rendering needs Graphviz's `dot`; without it `DotMissing` says so in one line and, for files,
the .dot source is written beside the requested file so it can be rendered elsewhere.
"""

import re
import shutil
import subprocess
from pathlib import Path

import graphviz

FORMATS = ("svg", "png", "pdf")
PNG_DPI = "144"
"""PNG resolution: sharp enough for print and a projector."""
INSTALL_HINT = "install Graphviz and a CJK font (Debian: apt-get install graphviz fonts-noto-cjk)"

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)


class RenderError(RuntimeError):
    """Graphviz could not render a graph; the message is one line for the user."""


class DotMissing(RenderError):
    """Graphviz's `dot` is not on PATH."""


def format_of(path: Path) -> str:
    """'svg', 'png' or 'pdf' from the file's suffix; ValueError for anything else."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(
            f"{path}: unknown format {path.suffix or '(none)'!r}; use .svg, .png or .pdf"
        )
    return fmt


def render_bytes(graph: graphviz.Digraph, fmt: str) -> bytes:
    """The graph rendered as `fmt` (svg, png or pdf)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    g = graph.copy()
    if fmt == "png":
        g.attr(dpi=PNG_DPI)
    try:
        data: bytes = g.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise DotMissing(f"Graphviz `dot` is not installed: {INSTALL_HINT}") from exc
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"dot failed: {detail[0] if detail else exc}") from exc
    return data


def svg_text(graph: graphviz.Digraph) -> str:
    """The SVG element alone (no XML prolog or DOCTYPE), for inlining in an HTML page."""
    return _PROLOG.sub("", render_bytes(graph, "svg").decode("utf-8"), count=1)


def render_file(graph: graphviz.Digraph, path: Path) -> Path:
    """Write the graph to `path` in the format its suffix names; returns `path`.

    Raises DotMissing after writing `path` with suffix .dot when Graphviz is absent.
    """
    fmt = format_of(path)
    try:
        data = render_bytes(graph, fmt)
    except DotMissing as exc:
        source = path.with_suffix(".dot")
        source.write_text(graph.source, encoding="utf-8")
        raise DotMissing(f"{exc}; wrote the Graphviz source to {source}") from exc
    path.write_bytes(data)
    return path


def dot_available() -> bool:
    return shutil.which("dot") is not None


def cjk_font_available() -> bool:
    """Whether fontconfig knows a font covering Chinese (else labels render as empty boxes)."""
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())
