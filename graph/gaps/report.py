"""Gap findings as files: JSON, CSV, and an xlsx workbook with one sheet per finding kind.

In the workbook the numbers are numeric cells (a clerk can sum them) under Chinese headers.
"""

import csv
import io
import json
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from dutygraph.graph.gaps.finding import KIND_ZH, KINDS, SEVERITY_ZH, Finding

BASE_HEADERS = ("严重程度", "说明", "涉及对象", "通知", "状态")


def to_json(findings: list[Finding]) -> str:
    """A JSON array of the findings (the shape of graph.findings.Finding)."""
    return json.dumps([f.model_dump() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _entities(f: Finding) -> str:
    return "；".join(e.label for e in f.entities)


def to_csv(findings: list[Finding]) -> str:
    """One row per finding; the numbers as one JSON object column."""
    buf = io.StringIO()
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
                f.notice or "",
                f.status or "",
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


def to_xlsx(findings: list[Finding], path: str | Path) -> None:
    """Write a workbook with one sheet per kind (all eight, empty ones with headers only)."""
    wb = openpyxl.Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    for kind in KINDS:
        ws = wb.create_sheet(KIND_ZH[kind])
        rows = [f for f in findings if f.kind == kind]
        numbers = number_headers(rows)
        ws.append([*BASE_HEADERS, *numbers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for f in rows:
            ws.append(
                [
                    SEVERITY_ZH[f.severity],
                    f.explanation_zh,
                    _entities(f),
                    f.notice or "",
                    f.status or "",
                    *[f.numbers.get(k) for k in numbers],
                ]
            )
        ws.column_dimensions["B"].width = 80
        ws.column_dimensions["C"].width = 40
    wb.save(path)
