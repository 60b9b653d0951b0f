"""Safe text for Graphviz: notice text may contain < > & " and backslashes, and must render as
text, never as markup.

Node labels are HTML-like labels whose every piece of text goes through `escape_html`
(html.escape plus the backslash, which dot would otherwise expand: \\N is the node name); plain
attributes (tooltips, URLs) go through `graphviz.escape`, which stops the graphviz library from
taking a `<…>` string as HTML and keeps backslashes literal. Node names are hashes of the graph
ids, because ids contain ':' (which Graphviz reads as a port) and any character a notice uses.
"""

import hashlib
import html
import re
import textwrap

import graphviz

from dutygraph.loaders import number_zh

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
WIDTH = 18
"""Characters per label line (Chinese text has no spaces to break at)."""


def node_name(node_id: str) -> str:
    """The Graphviz node name (and SVG element id) of a graph id: 'n' + 12 hex digits."""
    return "n" + hashlib.sha1(node_id.encode("utf-8")).hexdigest()[:12]


def clean(text: object) -> str:
    """One line of text: control characters dropped, runs of whitespace made one space."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def shorten(text: object, limit: int) -> str:
    """`text` cut to `limit` characters, the cut marked with …."""
    s = clean(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def lines(text: object, width: int = WIDTH, max_lines: int = 3) -> list[str]:
    """`text` wrapped to `width` characters a line, at most `max_lines` lines."""
    s = shorten(text, width * max_lines)
    return textwrap.wrap(s, width, break_long_words=True, break_on_hyphens=False) or [""]


def escape_html(text: str) -> str:
    """html.escape, and backslashes doubled: dot expands \\N, \\G… even in HTML-like labels
    (also when written &#92;), but reads a doubled backslash as one literal backslash."""
    return html.escape(text.replace("\\", "\\\\"), quote=True)


def html_label(title: object, *rest: object, width: int = WIDTH) -> str:
    """An HTML-like label: the title in bold (wrapped), then one line per further item.

    Every piece is escaped, so `<script>` in a notice shows as the text `<script>`.
    """
    head = "<BR/>".join(f"<B>{escape_html(s)}</B>" for s in lines(title, width))
    tail = [escape_html(shorten(r, width * 2)) for r in rest if clean(r)]
    return "<" + "<BR/>".join([head, *tail]) + ">"


def plain(text: object, limit: int = 200) -> str:
    """A plain attribute value (tooltip) that Graphviz shows literally."""
    # graphviz.escape returns a str subclass (NoHtml) that quoting keeps literal: keep its type.
    escaped: str = graphviz.escape(shorten(text, limit))
    return escaped


def number(value: float | None) -> str:
    """As a clerk writes it (loaders.number_zh): 200, 3亿, 1.1万, 14.1; None -> '—'."""
    return "—" if value is None else number_zh(value)


def more_label(count: int) -> str:
    """The label of the node standing for `count` children not drawn."""
    return f"另有{count}项"
