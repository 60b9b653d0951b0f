"""Cross-checks between the text and its tables: a headline target against its breakdown."""

from collections import defaultdict

from dutygraph.schema import ParseResult, ParseWarning, StatedTotal, Target

_MIN_COMMON = 5
_MIN_SHARE = 0.75


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring of two names."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def same_thing(table: str, indicator: str) -> bool:
    """知识产权专利开放许可 ~ 专利开放许可; 新增有效发明专利数量 !~ 发明专利拥有量."""
    run = _common_run(table, indicator)
    return run >= _MIN_COMMON or run >= _MIN_SHARE * min(len(table), len(indicator)) and run >= 3


def table_totals(result: ParseResult) -> dict[tuple[str, str | None], tuple[float, int]]:
    """Each table's total over its widest period: the stated 合计 if printed, else the row sum."""
    widest: dict[tuple[str, str | None], str] = {}
    cells: list[Target | StatedTotal] = [*result.targets, *result.stated_totals]
    for t in cells:
        key = (t.table, t.measure)
        if key not in widest or len(t.period) > len(widest[key]):
            widest[key] = t.period
    totals: dict[tuple[str, str | None], tuple[float, int]] = {}
    sums: dict[tuple[str, str | None], float] = defaultdict(float)
    lines: dict[tuple[str, str | None], int] = {}
    for t in result.targets:
        key = (t.table, t.measure)
        if t.period == widest[key]:
            sums[key] += t.value
            lines.setdefault(key, t.source.line)
    for key, value in sums.items():
        totals[key] = (value, lines[key])
    for s in result.stated_totals:
        key = (s.table, s.measure)
        if s.period == widest[key]:
            totals[key] = (s.value, s.source.line)
    return totals


def check_headlines(result: ParseResult) -> list[ParseWarning]:
    """Warn where a headline target (专利开放许可达到200项) differs from its table's total (165)."""
    out = []
    for (table, measure), (total, line) in table_totals(result).items():
        for ind in result.indicators:
            if measure is None or ind.measure != measure or not same_thing(table, ind.name):
                continue
            if abs(ind.value - total) > 1e-9:
                out.append(
                    ParseWarning(
                        code="headline-mismatch",
                        message=(
                            f"总目标“{ind.name}”{ind.value:g}{measure}（第{ind.source.line}行）与分解表"
                            f"《{table}》合计 {total:g}{measure} 不一致 (headline target differs from its breakdown)"
                        ),
                        line=line,
                    )
                )
    return out
