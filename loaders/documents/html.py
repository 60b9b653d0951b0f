"""A notice published as a web page (政府信息公开 .html) into the document model.

The article body is found among the site's navigation by where the text is: from <body> go down
into the child holding most of the non-link text while it holds nearly all of it. The title
(h1/h2, or a class naming it) above the body is kept. Tables keep rowspan/colspan.
"""

import re
from typing import Any

import lxml.html
from lxml import etree

from dutygraph.loaders.documents.errors import DocumentError, TooLargeError
from dutygraph.loaders.documents.guard import MAX_HTML
from dutygraph.loaders.documents.model import Cell, Document, Paragraph, Place, Table
from dutygraph.loaders.documents.textjoin import join_cell_text

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
         "select", "button", "object", "svg", "template")  # fmt: skip
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote",
          "pre", "dd", "dt", "center", "tr", "ul", "ol", "dl", "address", "figure"}  # fmt: skip
_NAV_HINT = re.compile(
    r"nav|menu|header|footer|breadcrumb|crumb|sidebar|share|banner|link|toolbar|copyright|search",
    re.I,
)
_TITLE_HINT = re.compile(r"title|bt|biaoti|tit", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SHARE = 0.7


def decode_html(data: bytes, file: str) -> str:
    """Decode by BOM, then the meta charset (gb2312/GBK read as GB18030), then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        declared = "gb18030"
    for enc in [e for e in (declared, "utf-8", "gb18030") if e]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError(
        file, "cannot decode the web page: neither its declared charset, UTF-8 nor GBK"
    )


def _own_text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _link_free_length(el: Any) -> int:
    """Characters of text outside links: navigation is mostly links, an article mostly not."""
    if el.tag == "a":
        return 0
    n = len((el.text or "").strip())
    for child in el:
        n += _link_free_length(child) + len((child.tail or "").strip())
    return n


def _hinted_nav(el: Any) -> bool:
    hint = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(_NAV_HINT.search(hint)) and not re.search(
        r"content|article|zoom|text|detail|main", hint, re.I
    )


def _article(body: Any) -> Any:
    node = body
    while True:
        total = _link_free_length(node)
        children = [c for c in node if isinstance(c.tag, str) and not _hinted_nav(c)]
        if not children or total == 0:
            return node
        sizes = [(_link_free_length(c), c) for c in children]
        size, best = max(sizes, key=lambda x: x[0])
        if size < _SHARE * total or best.tag in ("table", "p"):
            return node
        node = best


def _title_before(article: Any, root: Any) -> str | None:
    """The page title shown above the article (h1/h2 or a *title* block), if not inside it."""
    last: str | None = None
    for el in root.iter():
        if el is article:
            return last
        if not isinstance(el.tag, str):
            continue
        cls = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in ("h1", "h2") or (
            el.tag in ("div", "p", "td") and _TITLE_HINT.search(cls) and len(el) <= 3
        ):
            text = _own_text(el)
            if 6 <= len(text) <= 120:
                last = text
    return None


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.blocks: list[Paragraph | Table] = []
        self.buffer: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        for part in text.split("\n"):
            # Pages made from Word keep its layout spaces as &nbsp; (a signature pushed right).
            part = part.strip(" \r\n\t").replace("\xa0", " ").rstrip()
            if part.strip():
                self.paragraphs += 1
                self.blocks.append(Paragraph(part, Place(self.file, paragraph=self.paragraphs)))

    def blank(self) -> None:
        """An empty <p> is a blank line of the notice, as in its Word original."""
        self.paragraphs += 1
        self.blocks.append(Paragraph("", Place(self.file, paragraph=self.paragraphs)))

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and not self._layout_table(el):
            self.flush()
            table = self.table(el)
            if is_field_table(table):
                self.fields(table)
            else:
                self.blocks.append(table)
        elif tag == "br":
            self.buffer.append("\n")
        elif tag:
            block = tag in _BLOCK or tag == "table"
            if block:
                self.flush()
            if el.text:
                self.buffer.append(re.sub(r"[\r\n\t]+", "", el.text))
            for child in el:
                self.walk(child)
                if child.tail:
                    self.buffer.append(re.sub(r"[\r\n\t]+", "", child.tail))
            if block or tag in ("td", "th"):
                if tag == "p" and not "".join(self.buffer).strip(" \r\n\t\xa0\u3000"):
                    self.buffer = []
                    self.blank()
                self.flush()

    def fields(self, table: Table) -> None:
        """A 信息公开 box (索引号： … 发文字号： …) becomes labelled lines, as the head reader reads."""
        self.tables -= 1
        for row in table.rows:
            text = "  ".join(
                f"{c.text}{'' if k % 2 == 0 else ' '}" if c.text else "" for k, c in enumerate(row)
            ).strip()
            text = re.sub(r"([：:])\s+", r"\1", text)
            if text and any(c.text for c in row[1::2]):
                self.paragraphs += 1
                self.blocks.append(Paragraph(text, Place(self.file, paragraph=self.paragraphs)))

    @staticmethod
    def _layout_table(el: Any) -> bool:
        """A table used for page layout: one column of rows each holding blocks or nested tables."""
        rows = el.xpath("./tr|./tbody/tr|./thead/tr")
        cells = [r.xpath("./td|./th") for r in rows]
        if all(len(c) <= 1 for c in cells):
            return True
        return bool(el.xpath(".//table")) and all(len(c) <= 2 for c in cells)

    def table(self, el: Any) -> Table:
        self.tables += 1
        rows: list[list[Cell]] = []
        taken: dict[tuple[int, int], bool] = {}
        for r, tr in enumerate(el.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")):
            row: list[Cell] = []
            col = 0
            for td in tr.xpath("./td|./th"):
                while taken.get((r, col)):
                    col += 1
                rs = _span(td.get("rowspan"))
                cs = _span(td.get("colspan"))
                lines = _cell_lines(td)
                place = Place(self.file, table=self.tables, row=r + 1, column=col + 1)
                row.append(Cell(join_cell_text(lines), r, col, rs, cs, place))
                for dr in range(rs):
                    for dc in range(cs):
                        taken[(r + dr, col + dc)] = True
                col += cs
            rows.append(row)
        # A rowspan reaching past the last row is clipped to the table.
        for row in rows:
            for c in row:
                c.row_span = min(c.row_span, len(rows) - c.row)
        return Table(rows=rows, place=Place(self.file, table=self.tables))


_LABEL = re.compile(r"^[^：:]{1,8}[：:]$")


def is_field_table(table: Table) -> bool:
    """Label/value pairs in every row (发文机关： 国务院办公厅 成文日期： …): metadata, not a table."""
    rows = [r for r in table.rows if any(c.text for c in r)]
    if not rows:
        return False
    labelled = 0
    for row in rows:
        labels = row[0::2]
        if labels and all(_LABEL.match(re.sub(r"\s", "", c.text)) for c in labels if c.text):
            labelled += 1
    return labelled == len(rows) and any(_LABEL.match(re.sub(r"\s", "", r[0].text)) for r in rows)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def _cell_lines(td: Any) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    for node in td.iter():
        if node.tag in ("br", "p", "div", "li") and current:
            parts.append("".join(current))
            current = []
        if node is not td and node.text and node.tag not in ("script", "style"):
            current.append(node.text)
        elif node is td and node.text:
            current.append(node.text)
        if node is not td and node.tail:
            current.append(node.tail)
    if current:
        parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]


def read_html(data: bytes, file: str) -> Document:
    """Read the article of a government web page: title, paragraphs, tables with spans."""
    if len(data) > MAX_HTML:
        raise TooLargeError(
            file,
            f"the web page is {len(data) // (1024 * 1024)} MB: beyond {MAX_HTML // (1024 * 1024)} MB, not a notice page",
        )
    text = decode_html(data, file)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(file, f"the web page cannot be parsed ({exc})") from None
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    article = _article(body)
    walker = _Walker(file)
    title = _title_before(article, root)
    head = "".join(_own_text(el) for el in article.iter() if el.tag == "p" and len(el) < 3)[:2000]
    if title and re.sub(r"\s", "", title) not in re.sub(r"\s", "", head):
        walker.paragraphs += 1
        walker.blocks.append(Paragraph(title, Place(file, paragraph=walker.paragraphs), level=0))
    walker.walk(article)
    walker.flush()
    doc = Document(file=file, format="html", blocks=walker.blocks)
    if (
        not any(isinstance(b, Paragraph) and b.text.strip() for b in doc.blocks)
        and not doc.tables()
    ):
        raise DocumentError(file, "the web page has no article text")
    return doc
