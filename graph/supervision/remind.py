"""催办: what is overdue or unreported per unit at a date, and the 催办通知 as a .docx.

The list comes from the ledger rows (the same rule as the lights); `mark` records an 已催办
event per task × unit in one audited transaction, so the ledger shows how often a unit was
reminded.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from dutygraph.graph.supervision.ledger import LedgerRow


@dataclass(frozen=True)
class Reminder:
    """One unit's overdue and unreported tasks."""

    unit: str
    unit_id: str
    overdue: list[LedgerRow]
    unreported: list[LedgerRow]


def reminders(rows: list[LedgerRow]) -> list[Reminder]:
    """Per unit (in name order): its overdue rows, and its not-closed rows without recent word."""
    late: dict[str, list[LedgerRow]] = defaultdict(list)
    silent: dict[str, list[LedgerRow]] = defaultdict(list)
    names: dict[str, str] = {}
    for r in rows:
        names[r.unit_id] = r.unit
        if r.overdue:
            late[r.unit_id].append(r)
        elif r.unreported:
            silent[r.unit_id].append(r)
    units = sorted(set(late) | set(silent), key=lambda u: names[u])
    return [Reminder(names[u], u, late[u], silent[u]) for u in units]


def _font(doc: object, name: str = "仿宋") -> None:
    style = doc.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = name
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), name)


def write_notice(
    path: str | Path, found: list[Reminder], as_of: dt.date, issuer: str = "督查室"
) -> Path:
    """The 催办通知: a heading, one section per unit with its tasks, and the issuer and date."""
    doc = Document()
    _font(doc)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run("催办通知")
    run.bold = True
    run.font.size = Pt(22)
    total = sum(len(r.overdue) + len(r.unreported) for r in found)
    doc.add_paragraph(
        f"截至{as_of.year}年{as_of.month}月{as_of.day}日，下列{len(found)}个单位共{total}项任务"
        "已超过完成时限或未按时报送进展。请各单位对照清单抓紧办理，于收到本通知后5个工作日内"
        "报送办理情况；确有困难的，请说明原因和下一步措施。"
    )
    for r in found:
        p = doc.add_paragraph()
        p.add_run(f"{r.unit}：").bold = True
        for i, row in enumerate(r.overdue + r.unreported, start=1):
            why = (
                f"完成时限{row.due.isoformat()}已过"
                if row.overdue and row.due
                else "未按时报送进展"
            )
            doc.add_paragraph(f"{i}. {row.task}（{row.notice}；{why}；当前状态：{row.status}）")
    if not found:
        doc.add_paragraph("经核查，各单位任务均已按时报送，无需催办。")
    sign = doc.add_paragraph(f"{issuer}\n{as_of.year}年{as_of.month}月{as_of.day}日")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = Path(path)
    doc.save(str(out))
    return out
