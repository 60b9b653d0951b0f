"""Numbers as notices write them: 1.1万, 3亿元, 90%, 一千一百, 13,000, 1-2个."""

import re
from dataclasses import dataclass

import cn2an

# Measures we recognise after a number, longest first so 人次 wins over 人 and 万元 over 元.
MEASURES = (
    "个百分点",
    "个工作日",
    "工作日",
    "人次",
    "万元",
    "亿元",
    "元",
    "件",
    "家",
    "项",
    "个",
    "次",
    "名",
    "户",
    "期",
    "所",
    "座",
    "天",
    "亩",
    "人",
    "%",
)
_MULT = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = rf"[{_CN_DIGITS}]+"
_MEASURE_RE = "|".join(re.escape(m) for m in MEASURES)

# 1.1万件, 3亿元, 50件以上, 1-2个, 一千一百余人次, 90%
QUANTITY = re.compile(
    rf"(?P<num>{_NUM}|{_CN})(?:\s*[-~—至到]\s*(?P<hi>{_NUM}|{_CN}))?"
    rf"(?P<mult>[万亿千百](?=[余多]?(?:{_MEASURE_RE})))?(?P<approx>[余多])?"
    rf"(?P<measure>{_MEASURE_RE})(?!性|式|样|批|阶段|方面|环节|层面|领域)"
)


@dataclass(frozen=True)
class Quantity:
    """A number with its measure found in text, with the span it came from."""

    value: float
    measure: str
    start: int
    end: int
    low: float | None = None
    approx: bool = False


def parse_number(token: str) -> float | None:
    """Arabic (13,000 / 12.07) or Chinese (一千一百 / 十二) numeral to float; None if neither."""
    token = token.replace(",", "")
    try:
        return float(token)
    except ValueError:
        pass
    try:
        return float(cn2an.cn2an(token.replace("〇", "零").replace("两", "二"), "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _apply_measure(value: float, mult: str | None, measure: str) -> tuple[float, str]:
    if mult:
        value *= _MULT[mult]
    if measure == "万元":
        return value * 10_000, "元"
    if measure == "亿元":
        return value * 100_000_000, "元"
    return value, measure


def find_quantities(text: str) -> list[Quantity]:
    """Every number+measure in text; skips dates, ordinals (第一), and numerals inside words."""
    found = []
    for m in QUANTITY.finditer(text):
        num = m.group("num")
        before = text[m.start() - 1] if m.start() > 0 else ""
        if before == "第" or (before.isdigit() or before == "."):
            continue
        is_cn = not num[0].isdigit()
        # Chinese numerals inside quotes or fixed phrases (“三项制度”, 一批) are names, not targets.
        if is_cn and ((before and before in '“"‘「') or len(num) == 1 and num in "零〇"):
            continue
        value = parse_number(num)
        if value is None:
            continue
        low = None
        if m.group("hi"):
            hi = parse_number(m.group("hi"))
            if hi is None:
                continue
            low, value = value, hi
        value, measure = _apply_measure(value, m.group("mult"), m.group("measure"))
        if low is not None:
            low, _ = _apply_measure(low, m.group("mult"), m.group("measure"))
        found.append(
            Quantity(value, measure, m.start(), m.end(), low=low, approx=bool(m.group("approx")))
        )
    return found


def parse_cell_number(cell: str) -> float | None:
    """A table cell holding only a number (15, 1.5, 1,200, 十五); None otherwise."""
    cell = cell.strip().rstrip("个件家项次名人户亩天")
    if not cell:
        return None
    if re.fullmatch(_NUM, cell) or re.fullmatch(_CN, cell):
        return parse_number(cell)
    return None


DECIMALS = 1
"""Decimals a clerk reads: an expected 14.1393442622951 is 14.1 in every output."""


def rounded(x: float) -> float:
    """`x` rounded as number_zh prints it, for values computed rather than written (pro rata)."""
    return round(x, DECIMALS)


def number_zh(x: float) -> str:
    """A number as a clerk writes it: 35, 4.7, 1.2万, 3亿 — never 3e+08."""
    for unit, size in (("亿", 1e8), ("万", 1e4)):
        if abs(x) >= size and abs(x / size * 100 - round(x / size * 100)) < 1e-6:
            return f"{x / size:.2f}".rstrip("0").rstrip(".") + unit
    return f"{x:.1f}".rstrip("0").rstrip(".")
