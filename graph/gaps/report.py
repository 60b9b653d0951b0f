"""Gap findings as files: JSON, CSV, and an xlsx workbook with one sheet per finding kind.

Clerks open them in Excel or WPS: the CSV starts with a UTF-8 BOM (else Chinese shows as
mojibake), notices are named by 发文字号 or title (`names`, find.notice_names), never by id;
the workbook has a dated title row, a frozen header with filters, wrapped text, coloured 状态
cells and prints landscape, fit to the page width. Numbers are numeric cells (a clerk can sum).
"""

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from dutygraph.graph.gaps.finding import KIND_ZH, KINDS, SEVERITY_ZH, Finding

if TYPE_CHECKING:  # openpyxl (~0.3 s with numpy) loads when a workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

BASE_HEADERS = ("严重程度", "说明", "涉及对象", "通知", "状态")
BOM = "\ufeff"
STATUS_ZH = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "无目标"}
# Cell fills of the traffic lights, as on the maps (visualize.style.STATUS_FILL).
STATUS_FILL = {"green": "86EFAC", "yellow": "FDE047", "red": "FCA5A5", "grey": "E2E8F0"}
SEVERITY_FILL = {"error": "FCA5A5", "warning": "FDE68A"}
WIDTHS = {"说明": 70, "涉及对象": 32, "通知": 28}
HEADER_ROW = 2
"""Row 1 is the title (with the as-of date); the column headers are row 2."""


def to_json(findings: list[Finding]) -> str:
    """A JSON array of the findings (the shape of graph.findings.Finding)."""
    return json.dumps([f.model_dump() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _entities(f: Finding) -> str:
    return "；".join(e.label for e in f.entities)


def _notice(f: Finding, names: dict[str, str] | None) -> str:
    return (names or {}).get(f.notice, f.notice) if f.notice else ""


def status_zh(status: str | None) -> str:
    return STATUS_ZH.get(status or "", status or "")


def to_csv(findings: list[Finding], names: dict[str, str] | None = None) -> str:
    """One row per finding, BOM first; the numbers as one JSON object column."""
    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf)
    w.writerow(["kind", "类型", *BASE_HEADERS, "数值"])
    for f in findings:
        w.writerow(
            [
                f.kind,
                KIND_ZH[f.kind],
                SEVERITY_ZH[f.severity],
                f.explanation_zh,
                _entities(f),
                _notice(f, names),
                status_zh(f.status),
                json.dumps(f.numbers, ensure_ascii=False),
            ]
        )
    return buf.getvalue()


def number_headers(findings: list[Finding]) -> list[str]:
    """The number names used by these findings, in first-seen order."""
    out: list[str] = []
    for f in findings:
        out += [k for k in f.numbers if k not in out]
    return out


def _sheet(
    ws: "Worksheet", kind: str, rows: list[Finding], as_of: dt.date | None, names: dict[str, str]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    numbers = number_headers(rows)
    headers = [*BASE_HEADERS, *numbers]
    dated = f"（截至{as_of.isoformat()}）" if as_of else ""
    ws.append([f"问题清单：{KIND_ZH[kind]}{dated}，共{len(rows)}项"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(headers)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DBEAFE")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    status_col = headers.index("状态") + 1
    top = Alignment(wrap_text=True, vertical="top")
    # The row number counted here: openpyxl's max_row scans every cell, so asking it per row
    # made a province's workbook quadratic (31 s for ~11,000 findings at ¼×).
    for r, f in enumerate(rows, start=HEADER_ROW + 1):
        ws.append(
            [
                SEVERITY_ZH[f.severity],
                f.explanation_zh,
                _entities(f),
                _notice(f, names),
                status_zh(f.status),
                *[f.numbers.get(k) for k in numbers],
            ]
        )
        for c in range(1, len(headers) + 1):  # not ws[r]: it asks max_column, another scan
            ws.cell(r, c).alignment = top
        if f.status in STATUS_FILL:
            ws.cell(r, status_col).fill = PatternFill("solid", fgColor=STATUS_FILL[f.status])
        if f.severity in SEVERITY_FILL:
            ws.cell(r, 1).fill = PatternFill("solid", fgColor=SEVERITY_FILL[f.severity])
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(h, 10)
    last = get_column_letter(len(headers))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(ws.max_row, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed, one page across
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def to_xlsx(
    findings: list[Finding],
    path: str | Path,
    as_of: dt.date | None = None,
    names: dict[str, str] | None = None,
) -> None:
    """Write a workbook with one sheet per kind (all eight, empty ones with headers only)."""
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    for kind in KINDS:
        rows = [f for f in findings if f.kind == kind]
        _sheet(wb.create_sheet(KIND_ZH[kind]), kind, rows, as_of, names or {})
    wb.save(path)
