"""The ledger as offices keep it: 台账.xlsx with a title row, coloured 状态, print settings, and a
填报模板 sheet that `dutygraph progress import` reads back as it is (wide layout, one row per
unit and table, one 实际完成 column per period; a blank cell is a period not reported yet).
"""

import datetime as dt
from pathlib import Path

import networkx as nx
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from dutygraph.graph.supervision.ledger import COLUMNS, LedgerRow

FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "grey": "EDEDED"}
WIDTHS = (6, 22, 34, 18, 18, 12, 12, 22, 12, 16, 34)
STATUS_COL = COLUMNS.index("状态") + 1
TEMPLATE_SHEET = "填报模板"
LEDGER_SHEET = "督办台账"
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """Landscape A4, fit to one page wide (any number of pages tall), header repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = title_rows


def _ledger_sheet(ws: Worksheet, rows: list[LedgerRow], as_of: dt.date, title: str) -> None:
    ws.title = LEDGER_SHEET
    ws.append([f"{title}（截至{as_of.isoformat()}）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    for c in range(1, len(COLUMNS) + 1):
        cell = ws.cell(2, c)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    for r in rows:
        ws.append(r.cells())
        n = ws.max_row
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(n, c).alignment = _WRAP
            ws.cell(n, c).border = _BOX
        colour = FILLS[r.light]
        ws.cell(n, STATUS_COL).fill = PatternFill("solid", start_color=colour, end_color=colour)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 2)}"
    _print_setup(ws, "2:2")


def template_rows(g: nx.MultiDiGraph, unit_ids: list[str]) -> tuple[list[str], list[list[object]]]:
    """(periods, rows of [unit, table, target per period…]) for the units' allocation cells."""
    cells: dict[tuple[str, str], dict[str, float]] = {}
    periods: set[str] = set()
    for _, a in g.nodes(data=True):
        p = a.get("props", {})
        if a.get("kind") == "Target" and not p.get("stated") and p.get("unit") in unit_ids:
            name = str(g.nodes[p["unit"]].get("label", p["unit"]))
            cells.setdefault((name, str(p["table"])), {})[str(p["period"])] = float(p["value"])
            periods.add(str(p["period"]))
    order = sorted(periods, key=lambda x: (len(x), x))
    rows: list[list[object]] = []
    for (unit, table), by_period in sorted(cells.items()):
        rows.append([unit, table, *(by_period.get(x) for x in order)])
    return order, rows


def _template_sheet(ws: Worksheet, g: nx.MultiDiGraph, unit_ids: list[str], who: str) -> None:
    ws.title = TEMPLATE_SHEET
    periods, rows = template_rows(g, unit_ids)
    head = ["填报单位", "指标"]
    head += [f"{x}年目标" for x in periods] + [f"{x}年实际完成" for x in periods]
    head += ["报送日期", "备注"]
    ws.append(head)
    for c in range(1, len(head) + 1):
        ws.cell(1, c).font = Font(bold=True)
        ws.cell(1, c).alignment = Alignment(wrap_text=True, horizontal="center")
    for r in rows:
        ws.append([*r, *([None] * len(periods)), None, None])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 28
    for i in range(3, len(head) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.freeze_panes = "C2"
    # The instructions ride as a comment: a text row under the table would read as a data row.
    ws.cell(1, 1).comment = Comment(
        f"{who}：请在“实际完成”列填写累计完成数，未到期可留空；报送日期写成2024-07-05。",
        "督查室",
    )
    _print_setup(ws, "1:1")


def write_ledger(
    path: str | Path,
    rows: list[LedgerRow],
    as_of: dt.date,
    g: nx.MultiDiGraph,
    template_units: list[str],
    title: str = "督办台账",
) -> Path:
    """台账.xlsx: the ledger sheet and the 填报模板 for `template_units` (unit ids)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    _ledger_sheet(ws, rows, as_of, title)
    names = "、".join(str(g.nodes[u]["label"]) for u in template_units if u in g) or "各单位"
    _template_sheet(wb.create_sheet(TEMPLATE_SHEET), g, template_units, names)
    out = Path(path)
    wb.save(out)
    return out
