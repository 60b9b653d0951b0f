"""Small hostile .xlsx files built by hand (zipfile + minimal XML), as the red-team run made them.

Shared by the spreadsheet tests and the fuzz target (tools/fuzz)."""

import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="进度" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>镇街</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>指标</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>年度</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>实际完成</t></is></c></row>'
)


def write_xlsx(path: Path, sheet_data: str, after: str = "", shared: str | None = None) -> Path:
    """An .xlsx whose one sheet "进度" holds `sheet_data` rows, then `after` (mergeCells…)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return path


def far_row(path: Path) -> Path:
    """4.7 KB in the red-team run: one row numbered 99,999,999,999."""
    return write_xlsx(path, HEADER + '<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>')


def xfd_rows(path: Path, rows: int = 20_000) -> Path:
    """20,000 rows each holding one cell in column XFD (16,384)."""
    data = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, rows + 2))
    return write_xlsx(path, HEADER + data)


def wide_merges(path: Path, merges: int = 2_000) -> Path:
    """Merged ranges of 1,000 rows by 400 columns each."""
    refs = "".join(f'<mergeCell ref="A{k + 2}:OJ{k + 1001}"/>' for k in range(merges))
    return write_xlsx(path, HEADER, f'<mergeCells count="{merges}">{refs}</mergeCells>')


def many_rows(path: Path, rows: int = 200_000) -> Path:
    """More rows than an import may hold (the red-team file had 2 million: 60 s)."""
    data = "".join(f"<row><c><v>{r}</v></c></row>" for r in range(rows))
    return write_xlsx(path, HEADER + data)


def missing_shared_string(path: Path) -> Path:
    """A cell pointing at shared string 99 of a workbook that has none: `list index out of range`."""
    return write_xlsx(path, HEADER + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>')
