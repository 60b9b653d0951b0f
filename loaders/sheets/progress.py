"""Progress spreadsheets: one row per unit, indicator, period and actual value.

Two layouts, both found by header words: long (镇街 | 指标 | 年度 | 实际完成 | 报送日期) and
wide, as the township tables of allocation annexes are laid out (镇街 | 指标 | 2024年实际完成
| 2025年实际完成 …), where each year column is one record. A 合计/全区 row is kept as the
stated total of its rows, so that a total that disagrees with its rows can be reported.
"""

import re
from pathlib import Path

from dutygraph.loaders.numbers import sane
from dutygraph.loaders.sheets import cells
from dutygraph.loaders.sheets.cells import too_large
from dutygraph.loaders.sheets.columns import Field, Table
from dutygraph.loaders.sheets.periods import parse_period
from dutygraph.loaders.sheets.rowcheck import Rows, tables
from dutygraph.loaders.sheets.spreadsheet import Row
from dutygraph.schema.progress import ProgressRecord

FIELDS = (
    Field(
        "unit",
        "镇街/单位",
        (
            "镇街",
            "镇(街)",
            "乡镇",
            "街道",
            "单位名称",
            "责任单位",
            "填报单位",
            "区(市)",
            "县(市)",
            "单位",
        ),
        exclude=("企业", "计量", "联系"),
    ),
    Field("indicator", "指标", ("指标", "任务目标", "目标任务", "任务名称", "考核项目")),
    Field(
        "period",
        "年度/期间",
        ("年度", "时期", "期间", "周期", "统计期", "时段", "所属期"),
        required=False,
        exclude=("目标",),
    ),
    Field(
        "value",
        "实际完成",
        ("实际完成", "完成值", "实际值", "完成数", "实际数", "完成量", "已完成", "完成情况"),
        many=True,
    ),
    Field(
        "reported",
        "报送日期",
        ("报送日期", "填报日期", "报送时间", "填报时间", "统计日期"),
        required=False,
    ),
    Field("note", "备注", ("备注",), required=False),
)
TOTAL_NAMES = ("合计", "全区", "全县", "全市", "总计")
_YEAR_IN_HEADER = re.compile(r"((?:19|20)\d{2})\s*年?(?:\s*[—\-~至到]\s*((?:19|20)\d{2}))?")


def _value_periods(t: Table) -> list[tuple[int, str | None]]:
    """Each value column with the period its header names (wide layout), else None."""
    out = []
    for k in t.columns.get("value", []):
        m = _YEAR_IN_HEADER.search(t.headers[k])
        out.append((k, (f"{m[1]}-{m[2]}" if m[2] else m[1]) if m else None))
    return out


def _read_row(
    t: Table, r: Row, out: Rows[ProgressRecord], seen: dict[tuple[str, ...], int]
) -> None:
    sheet = t.sheet
    unit, indicator = t.cell(r, "unit").strip(), t.cell(r, "indicator").strip()
    period_col = t.col("period")
    value_cols = _value_periods(t)
    if period_col is None:
        value_cols = [(k, p) for k, p in value_cols if p is not None]
    values = [(k, p, r.get(k).strip()) for k, p in value_cols]
    if not unit and not indicator and not any(v for _, _, v in values):
        return  # a legend or sub-header row: nothing a user typed as data
    if not unit:
        out.problem(sheet, r.number, "镇街/单位为空 (the unit cell is empty)", "镇街/单位")
        return
    if not indicator:
        out.problem(sheet, r.number, "指标为空 (the indicator cell is empty)", "指标")
        return
    reported = None
    if raw := t.cell(r, "reported").strip():
        reported = cells.date(raw)
        if reported is None:
            out.problem(
                sheet,
                r.number,
                f"报送日期“{raw}”不是日期 (not a date, write 2024-07-05)",
                "报送日期",
                raw,
            )
            return
    total = unit in TOTAL_NAMES
    good: list[ProgressRecord] = []
    for k, header_period, raw in values:
        column = t.headers[k]
        written = t.cell(r, "period") if header_period is None else header_period
        period = parse_period(written)
        if period is None:
            out.problem(
                sheet,
                r.number,
                f"年度/期间“{written}”无法识别 (not a period: write 2024, 2024年上半年 or 2024-2026)",
                "年度/期间",
                written,
            )
            return
        if not raw:
            if header_period is None:
                out.problem(sheet, r.number, f"{column}为空 (no actual value)", column)
                return
            continue  # wide layout: a year not reported yet
        value = cells.number(raw)
        if value is None:
            out.problem(
                sheet, r.number, f"{column}“{raw}”不是数字 ('{raw}' is not a number)", column, raw
            )
            return
        if sane(value) is None:  # 400 nines are Infinity: gaps and the roll-up page fail on it
            out.problem(sheet, r.number, too_large(column, raw), column, raw[:40])
            return
        if value < 0:
            out.problem(sheet, r.number, f"{column}为负数 {raw} (negative value)", column, raw)
            return
        key = (unit, indicator, period.name)
        if key in seen:
            out.problem(
                sheet,
                r.number,
                f"与第{seen[key]}行重复：{unit} {indicator} {period.name} "
                f"(duplicate of row {seen[key]})",
                value=raw,
            )
            return
        good.append(
            ProgressRecord(
                unit=unit,
                indicator=indicator,
                period=period.name,
                value=value,
                reported=reported,
                stated_total=total,
                note=t.cell(r, "note").strip() or None,
                row=r.number,
                sheet=sheet,
            )
        )
    for rec in good:
        seen[(rec.unit, rec.indicator, rec.period)] = r.number
    out.records += good


def _has_period(t: Table) -> bool:
    """A 年度/期间 column, or value columns whose headers name their years (wide layout)."""
    return t.col("period") is not None or any(p for _, p in _value_periods(t))


def read_progress(path: str | Path) -> Rows[ProgressRecord]:
    """Every progress record of every sheet with a progress header, and the rows' problems."""
    out: Rows[ProgressRecord] = Rows(str(path))
    for t in tables(path, FIELDS, "progress", keep=_has_period, missing=("年度/期间",)):
        seen: dict[tuple[str, ...], int] = {}
        for r in t.rows:
            _read_row(t, r, out, seen)
    return out
