"""Make .docx, .html and .pdf notices from the text samples, as offices would have them.

The .docx has real Word tables (merged cells as gridSpan/vMerge) and Word automatic numbering
for the outline (一、（一）1. in numbering.xml, not in the text); the .html puts the notice in a
government page (header, navigation, breadcrumb, footer) with rowspan/colspan tables; the PDF is
LibreOffice's rendering of the .docx. Used by the format tests, `make bench` and
examples/make_fixtures.py.
"""

import copy
import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from dutygraph.loaders.documents import Document, Paragraph, Table
from dutygraph.loaders.documents.legacy import soffice
from dutygraph.loaders.documents.numbering import format_number
from dutygraph.loaders.documents.text import read_text_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "examples" / "notices").glob("*.txt"))

# The outline levels Word numbers: (pattern of the literal, Word format, level text).
LEVELS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^([一二三四五六七八九十]+)、"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]+)）"), "chineseCounting", "（%2）"),
    (re.compile(r"^(\d+)\."), "decimal", "%3."),
    (re.compile(r"^（(\d+)）"), "decimal", "（%4）"),
)
_BOLD = re.compile(r"^\*\*(.+)\*\*$")
_FONT = "Noto Serif CJK SC"


@dataclass
class Made:
    """What the writer did: how many outline items Word numbers, how many stay literal."""

    numbered: int = 0
    literal: int = 0
    merged_cells: int = 0


def _numbering_xml(document: docx.document.Document) -> str:
    """Add one abstract list (the four outline levels) and its num; return the numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (_, fmt, text) in enumerate(LEVELS):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:suff", "nothing"),
                         ("w:lvlText", text), ("w:lvlJc", "left")):  # fmt: skip
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:firstLine"), "640")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _number_para(p: Any, num_id: str, ilvl: int) -> None:
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    numpr.append(lvl)
    numpr.append(nid)
    ppr.append(numpr)


def _cell_xml(cell: docx.table._Cell, text: str) -> None:
    cell.text = text


def _running_head_and_page_numbers(word: Any) -> None:
    """A running header and the 公文 page number (— 1 —) in the footer, as offices print them."""
    section = word.sections[0]
    head = section.header.paragraphs[0]
    head.text = "春笋行动 内部资料"
    foot = section.footer.paragraphs[0]
    foot.alignment = 1  # centred
    foot.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    foot._p.append(field)
    foot.add_run(" —")


def write_docx(doc: Document, out: Path) -> Made:
    """Write `doc` as a Word file: numbered outline, tables with real merges, 公文 indents."""
    made = Made()
    word = docx.Document()
    style = word.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)
    num_id = _numbering_xml(word)
    _running_head_and_page_numbers(word)
    counters: list[int | None] = [None] * len(LEVELS)
    for block in doc.blocks:
        if isinstance(block, Table):
            _write_table(word, block, made)
            continue
        text = block.text
        bold = _BOLD.match(text.strip())
        if bold:
            text = bold.group(1)
        p = word.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.space_after = Pt(0)
        stripped = text.strip()
        for ilvl, (pattern, fmt, template) in enumerate(LEVELS):
            m = pattern.match(stripped)
            if not m:
                continue
            current = counters[ilvl]
            expected = 1 if current is None else current + 1
            if template.replace(f"%{ilvl + 1}", format_number(expected, fmt)) == m.group(0):
                counters[ilvl] = expected
                for deeper in range(ilvl + 1, len(LEVELS)):
                    counters[deeper] = None
                _number_para(p, num_id, ilvl)
                text = stripped[m.end() :]
                made.numbered += 1
            else:
                made.literal += 1
            break
        run = p.add_run(text)
        run.bold = bool(bold)
    word.save(str(out))
    return made


def _write_table(word: docx.document.Document, table: Table, made: Made) -> None:
    height, width = len(table.rows), table.width
    t = word.add_table(rows=height, cols=width)
    t.style = word.styles["Table Grid"]
    for tr in t.rows:
        trpr = tr._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
    for row in table.rows:
        for cell in row:
            target = t.cell(cell.row, cell.column)
            if cell.row_span > 1 or cell.col_span > 1:
                end = t.cell(cell.row + cell.row_span - 1, cell.column + cell.col_span - 1)
                target = target.merge(end)
                made.merged_cells += 1
            _cell_xml(target, cell.text)
    word.add_paragraph()


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_通知公告_枣庄市人民政府</title></head>
<body>
<div class="header"><div class="logo">枣庄市人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/zjzz/">走进枣庄</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>
<div class="main">
<div class="sidebar"><h3>信息公开目录</h3><ul><li><a href="/a">政策文件</a></li>
<li><a href="/b">规划计划</a></li><li><a href="/c">人事信息</a></li></ul></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="info">发布时间：2024-03-01 来源：本站 浏览次数：1024 <a href="javascript:window.print()">打印</a></div>
<div class="TRS_Editor">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div></div>
<div class="footer"><p>主办单位：枣庄市人民政府办公室 网站标识码：3704000000</p>
<p>鲁ICP备05000000号 <a href="/map">网站地图</a> <a href="/contact">联系我们</a></p></div>
<script>var _hmt = _hmt || []; document.write("统计");</script>
</body></html>
"""


def html_table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = []
        for c in row:
            span = (f' rowspan="{c.row_span}"' if c.row_span > 1 else "") + (
                f' colspan="{c.col_span}"' if c.col_span > 1 else ""
            )
            cells.append(f"<td{span}>{html.escape(c.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def write_html(doc: Document, out: Path, title: str, charset: str = "utf-8") -> None:
    """Write `doc` inside a government page; `charset` gbk writes GBK bytes as such sites do."""
    parts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lead = len(block.text) - len(block.text.lstrip())
            text = "&nbsp;" * lead + html.escape(block.text.strip())
            bold = _BOLD.match(block.text.strip())
            if bold:
                text = f"<strong>{html.escape(bold.group(1))}</strong>"
            parts.append(f'<p style="text-indent:2em">{text}</p>' if text else "<p>&nbsp;</p>")
        else:
            parts.append(html_table(block))
    page = _PAGE.format(charset=charset, title=html.escape(title), body="\n".join(parts))
    out.write_bytes(page.encode("gb18030" if charset == "gbk" else charset))


def write_pdfs(docx_files: list[Path], outdir: Path) -> list[Path]:
    """LibreOffice's PDF of each .docx (one soffice run); [] when LibreOffice is not installed."""
    binary = soffice()
    if binary is None or not docx_files:
        return []
    with tempfile.TemporaryDirectory(prefix="dutygraph-fixtures-") as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
            capture_output=True, timeout=600, check=False,
        )  # fmt: skip
    return [p for p in (outdir / f.with_suffix(".pdf").name for f in docx_files) if p.is_file()]


def make_all(outdir: Path, pdf: bool = True) -> dict[str, dict[str, Path]]:
    """Write every sample as .docx, .html (and .pdf): {sample stem: {format: path}}."""
    from dutygraph.loaders import read_notice

    outdir.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict[str, Path]] = {}
    for k, sample in enumerate(SAMPLES):
        doc = read_text_document(sample.read_text(encoding="utf-8"), sample.name)
        stem = sample.stem
        files = made.setdefault(stem, {"txt": sample})
        files["docx"] = outdir / f"{stem}.docx"
        write_docx(copy.deepcopy(doc), files["docx"])
        files["html"] = outdir / f"{stem}.html"
        title = read_notice(sample).notice.title or stem
        write_html(doc, files["html"], title, "gbk" if k % 2 else "utf-8")
    if pdf:
        for p in write_pdfs([m["docx"] for m in made.values()], outdir):
            made[p.stem]["pdf"] = p
    return made


_ANNEX_MARK = re.compile(r"^\s*附\s*件\s*(\d+)\s*$")


def write_xlsx(doc: Document, out: Path) -> None:
    """Write an annex as a workbook: its paragraphs as merged title rows over each table's sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    titles: list[str] = []
    ws = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                titles.append(block.text.strip())
            continue
        ws = wb.create_sheet(f"表{len(wb.worksheets) + 1}")
        width = block.width
        for title in titles:
            ws.append([title])
            if width > 1:
                ws.merge_cells(
                    start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width
                )
        titles = []
        top = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value else 1
        if not block.rows:
            continue
        for row in block.rows:
            for cell in row:
                ws.cell(top + cell.row, cell.column + 1, cell.text or None)
                if cell.row_span > 1 or cell.col_span > 1:
                    ws.merge_cells(
                        start_row=top + cell.row, start_column=cell.column + 1,
                        end_row=top + cell.row + cell.row_span - 1,
                        end_column=cell.column + cell.col_span,
                    )  # fmt: skip
    if titles:  # notes below the last table (注：…)
        ws = ws or wb.create_sheet("表1")
        for title in titles:
            ws.append([title])
    wb.save(str(out))


def write_bundle(sample: Path, outdir: Path) -> tuple[Path, list[Path]]:
    """Split a sample at its 附件N marks: 通知.docx plus 附件N.docx (odd N) or 附件N.xlsx (even N)."""
    doc = read_text_document(sample.read_text(encoding="utf-8"), sample.name)
    parts: list[tuple[str | None, list[Paragraph | Table]]] = [(None, [])]
    for block in doc.blocks:
        m = _ANNEX_MARK.match(block.text) if isinstance(block, Paragraph) else None
        if m:
            parts.append((m.group(1), []))
        else:
            parts[-1][1].append(block)
    outdir.mkdir(parents=True, exist_ok=True)
    notice = outdir / "通知.docx"
    write_docx(Document(file=notice.name, format="text", blocks=parts[0][1]), notice)
    annexes: list[Path] = []
    for number, blocks in parts[1:]:
        part = Document(file=f"附件{number}", format="text", blocks=blocks)
        if int(number or 0) % 2:
            path = outdir / f"附件{number}.docx"
            write_docx(part, path)
        else:
            path = outdir / f"附件{number}.xlsx"
            write_xlsx(part, path)
        annexes.append(path)
    return notice, annexes
