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


# Paper in inches (ISO A4, A3) and the margin kept free on each side.
PAPER = {"A4": (8.27, 11.69), "A3": (11.69, 16.54)}
MARGIN_IN = 0.4
SHEET_PASSES = 4
SHEET_SLACK_PT = 4.0
A4_MAX_SHRINK = 0.6
"""A drawing that would print smaller than this on A4 goes on A3 instead."""


def paper_for(width_in: float, height_in: float) -> tuple[str, bool, tuple[float, float]]:
    """(paper, landscape, (page width, page height) in inches) for a drawing of that size:
    landscape when wider than high, A4 unless that shrinks it below A4_MAX_SHRINK."""
    landscape = width_in > height_in
    for name in ("A4", "A3"):
        short, long = PAPER[name]
        page = (long, short) if landscape else (short, long)
        fit = min((page[0] - 2 * MARGIN_IN) / width_in, (page[1] - 2 * MARGIN_IN) / height_in)
        if fit >= A4_MAX_SHRINK or name == "A3":
            return name, landscape, page
    raise AssertionError("unreachable")


def _pipe(g: graphviz.Digraph, fmt: str) -> bytes:
    try:
        data: bytes = g.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise DotMissing(f"Graphviz `dot` is not installed: {INSTALL_HINT}") from exc
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"dot failed: {detail[0] if detail else exc}") from exc
    return data


def render_bytes(graph: graphviz.Digraph, fmt: str) -> bytes:
    """The graph rendered as `fmt` (svg, png or pdf); a PDF is one sheet of A4 or A3."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    g = graph.copy()
    if fmt == "png":
        g.attr(dpi=PNG_DPI)
    if fmt == "pdf":
        return _sheet_pdf(g)
    return _pipe(g, fmt)


_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]")


def _mediabox(pdf: bytes) -> tuple[float, float]:
    m = _MEDIABOX.search(pdf)
    if m is None:
        raise RenderError("dot wrote a PDF without a page size")
    return float(m.group(1)), float(m.group(2))


def _sheet_pdf(g: graphviz.Digraph) -> bytes:
    """One sheet of A4 or A3 (landscape when the drawing is wider than high).

    ratio=fill spreads the layout (not the text) to the sheet; dot's title and margins come on
    top of `size`, so the size is corrected from the page dot actually wrote (two passes are
    within a percent). dot's `page` attribute is not honoured by its cairo PDF output.
    """
    # `plain` starts with "graph SCALE WIDTH HEIGHT" (inches): the drawing's own size.
    _, _, w, h = _pipe(g, "plain").split(b"\n", 1)[0].split()[:4]
    _, _, (pw, ph) = paper_for(float(w), float(h))
    want = (pw * 72, ph * 72)
    size = (pw, ph)
    g.attr(ratio="fill", pad="0")
    for _ in range(SHEET_PASSES):
        g.attr(size=f"{size[0]:.3f},{size[1]:.3f}!")
        pdf = _pipe(g, "pdf")
        got = _mediabox(pdf)
        if abs(got[0] - want[0]) <= SHEET_SLACK_PT and abs(got[1] - want[1]) <= SHEET_SLACK_PT:
            break
        size = (size[0] * want[0] / got[0], size[1] * want[1] / got[1])
    return pdf


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
