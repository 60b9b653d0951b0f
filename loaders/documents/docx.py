"""Word .docx into the document model: paragraphs with Word's list numbering, tables with merges."""

import io
from typing import Any

from dutygraph.loaders.documents.errors import DocumentError
from dutygraph.loaders.documents.guard import open_zip, read_member
from dutygraph.loaders.documents.model import Cell, Document, Note, Paragraph, Place, Table
from dutygraph.loaders.documents.numbering import Numbering, W
from dutygraph.loaders.documents.textjoin import join_cell_text

_HEADING_STYLES = ("heading ", "标题 ", "标题")
_SKIP = {W + "del", W + "txbxContent"}


class _Styles:
    """Paragraph styles: name, outline level, and list numbering inherited through basedOn."""

    def __init__(self, styles: Any | None) -> None:
        self._by_id: dict[str, Any] = {}
        if styles is not None:
            for s in styles.findall(W + "style"):
                self._by_id[s.get(W + "styleId", "")] = s

    def _chain(self, style_id: str | None) -> list[Any]:
        out: list[Any] = []
        while style_id and style_id in self._by_id and len(out) < 20:
            s = self._by_id[style_id]
            out.append(s)
            based = s.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return out

    def name(self, style_id: str | None) -> str | None:
        chain = self._chain(style_id)
        if not chain:
            return None
        n = chain[0].find(W + "name")
        return n.get(W + "val") if n is not None else style_id

    def find(self, style_id: str | None, path: str) -> Any | None:
        for s in self._chain(style_id):
            el = s.find(path)
            if el is not None:
                return el
        return None


def _text(el: Any) -> str:
    """The visible text of a paragraph: runs, tabs, breaks; deleted revisions left out."""
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag
        if tag == W + "t":
            # Deleted revisions are not text; text boxes (drawn twice, Choice and Fallback) are
            # left out and reported as a note rather than doubled into the paragraph.
            if not any(a.tag in _SKIP for a in node.iterancestors()):
                parts.append(node.text or "")
        elif tag == W + "tab" and node.getparent().tag == W + "r":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


class _Reader:
    def __init__(self, file: str, numbering: Numbering, styles: _Styles) -> None:
        self.file = file
        self.numbering = numbering
        self.styles = styles
        self.paragraphs = 0
        self.tables = 0

    def paragraph(self, p: Any, count: bool = True) -> Paragraph:
        ppr = p.find(W + "pPr")
        style_id = None
        num_id: str | None = None
        ilvl = 0
        level: int | None = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = ps.get(W + "val") if ps is not None else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                lv = numpr.find(W + "ilvl")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = int(lv.get(W + "val", "0")) if lv is not None else 0
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                level = int(ol.get(W + "val", "9"))
        if num_id is None:
            numpr = self.styles.find(style_id, f"{W}pPr/{W}numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                lv = numpr.find(W + "ilvl")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = int(lv.get(W + "val", "0")) if lv is not None else 0
        style = self.styles.name(style_id)
        if level is None:
            ol = self.styles.find(style_id, f"{W}pPr/{W}outlineLvl")
            if ol is not None:
                level = int(ol.get(W + "val", "9"))
            elif style and style.lower().startswith(_HEADING_STYLES):
                digits = "".join(ch for ch in style if ch.isdigit())
                level = int(digits) - 1 if digits else None
        text = _text(p)
        numbered = False
        if num_id is not None and text.strip():
            label = self.numbering.label(num_id, ilvl)
            if label is not None:
                number, suffix = label
                gap = "" if not number or number[-1] in "、.．）)" else " "
                text = number + (gap if suffix != "space" else " ") + text.lstrip()
                numbered = bool(number)
        if count:
            self.paragraphs += 1
        place = Place(file=self.file, paragraph=self.paragraphs)
        return Paragraph(text=text, place=place, level=level, style=style, numbered=numbered)

    def table(self, tbl: Any) -> Table:
        self.tables += 1
        place = Place(file=self.file, table=self.tables)
        rows: list[list[Cell]] = []
        # A vertically merged cell continues the cell above it in the same grid column.
        open_cells: dict[int, Cell] = {}
        for r, tr in enumerate(tbl.findall(W + "tr")):
            row: list[Cell] = []
            col = 0
            trpr = tr.find(W + "trPr")
            if trpr is not None:
                before = trpr.find(W + "gridBefore")
                if before is not None:
                    col += int(before.get(W + "val", "0"))
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = 1
                vmerge: str | None = None
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    if gs is not None:
                        span = max(1, int(gs.get(W + "val", "1")))
                    vm = tcpr.find(W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(W + "val", "continue")
                texts = [self.paragraph(p, count=False).text for p in tc.iter(W + "p")]
                if vmerge == "continue" and col in open_cells:
                    above = open_cells[col]
                    above.row_span = r - above.row + 1
                else:
                    cell = Cell(
                        text=join_cell_text(texts),
                        row=r,
                        column=col,
                        col_span=span,
                        place=Place(file=self.file, table=self.tables, row=r + 1, column=col + 1),
                    )
                    row.append(cell)
                    for k in range(col, col + span):
                        open_cells.pop(k, None)
                    if vmerge == "restart":
                        open_cells[col] = cell
                col += span
            rows.append(row)
        return Table(rows=rows, place=place)


def _body_blocks(reader: _Reader, body: Any) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    for el in body:
        if el.tag == W + "p":
            out.append(reader.paragraph(el))
        elif el.tag == W + "tbl":
            out.append(reader.table(el))
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                out.extend(_body_blocks(reader, content))
    return out


def read_docx(data: bytes, file: str) -> Document:
    """Read a .docx: body paragraphs (numbering rendered) and tables, headers and footers left out."""
    z = open_zip(data, file, ".docx")
    names = set(z.namelist())
    for name in names:  # python-docx would read them again; read each once to find damage early
        if name.endswith(".xml"):
            read_member(z, name, file, ".docx")
    import docx  # python-docx: the package, its relationships and XML parts

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises bare KeyError/ValueError on broken packages
        raise DocumentError(file, f"文件已损坏: the .docx cannot be opened ({exc})") from None
    part = document.part
    numbering = None
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None
    styles = None
    try:
        styles = part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    reader = _Reader(file, Numbering(numbering), _Styles(styles))
    body = document.element.body
    doc = Document(file=file, format="docx", blocks=_body_blocks(reader, body))
    boxes = [b for b in body.iter(W + "txbxContent") if "".join(b.itertext()).strip()]
    if boxes:
        message = f"文中有{len(boxes)}处文本框，其中文字未读 ({len(boxes)} text boxes not read)"
        doc.notes.append(Note(message, Place(file)))
    return doc
