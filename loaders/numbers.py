"""Numbers as notices write them: 1.1万, 3亿元, 90%, 一千一百, 13,000, 1-2个."""

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

# Measures we recognise after a number: a general list of Chinese measure words in
# loaders/data/measures.txt, longest first so 人次 wins over 人 and 平方公里 over 公里.
_MEASURES_FILE = Path(__file__).with_name("data") / "measures.txt"
MEASURES = tuple(
    sorted(
        {
            ln.strip()
            for ln in _MEASURES_FILE.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        },
        key=lambda m: (-len(m), m),
    )
)
_MULT = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Every repeat is bounded and a number may only start where a run of digits starts: an
# unbounded `\d+` tried at each position of a long digit run made reading quadratic (16 s for
# 16,000 digits). 15 digits is the largest count a float holds exactly; longer is not a target.
MAX_DIGITS = 15
MAX_VALUE = 1e15
"""Numbers above this are not counts a notice or a report means (309 digits became Infinity)."""
_NUM = rf"\d{{1,{MAX_DIGITS}}}(?:,\d{{3}}){{0,4}}(?:\.\d{{1,6}})?"
_CN = rf"[{_CN_DIGITS}]{{1,20}}"
_MEASURE_RE = "|".join(re.escape(m) for m in MEASURES)
_NUM_START = rf"(?<![\d.])(?:{_NUM})|(?<![{_CN_DIGITS}])(?:{_CN})"

# 1.1万件, 3亿元, 50件以上, 1-2个, 一千一百余人次, 90%
QUANTITY = re.compile(
    rf"(?P<num>{_NUM_START})(?:\s{{0,3}}[-~—至到]\s{{0,3}}(?P<hi>{_NUM}|{_CN}))?"
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
        return sane(float(token))
    except ValueError:
        pass
    import cn2an  # loaded on the first Chinese numeral: its import takes ~0.2 s

    try:
        return sane(float(cn2an.cn2an(token.replace("〇", "零").replace("两", "二"), "smart")))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None


def sane(value: float) -> float | None:
    """`value` if finite and within ±MAX_VALUE, else None (Infinity, NaN, 400 nines)."""
    return value if math.isfinite(value) and abs(value) <= MAX_VALUE else None


def _apply_measure(value: float, mult: str | None, measure: str) -> tuple[float, str]:
    if mult:
        value *= _MULT[mult]
    if measure == "万元":
        return value * 10_000, "元"
    if measure == "亿元":
        return value * 100_000_000, "元"
    return value, measure


# A duration counts only after a comparator (不少于3年); 用3年时间 and 2024年 are no targets.
_YEAR_COMPARATOR = re.compile(r"(不少于|不低于|至少|满|超过|连续|不超过|达到)\s*$")
_SMALL_CN = re.compile(r"^[一二两三四五六七八九十]$")
# After a counting phrase (两个市场, 四个到位): a short name, then the phrase ends.
_PHRASE_END = re.compile(r"^[\u4e00-\u9fff]{2}(?:[”’」、，。；：）\s]|$)")


def _is_counting_word(text: str, m: re.Match[str]) -> bool:
    """一村一名, 一项一项, 两个市场, 四个到位: numerals that name a practice, not an amount."""
    num, start, end = m.group("num"), m.start(), m.end()
    if num.isdigit() or not _SMALL_CN.match(num):
        return False
    if text[start - 2 : start - 1] == "一" or text[end : end + 1] == "一":
        return True  # 一村一名, 一企一策, 一项一项抓实
    if num == "一" and re.search("[同各只仅另单唯任]", text[max(start - 2, 0) : start]):
        return True  # 同一件, 各一份, 只填一份
    return m.group("measure") == "个" and bool(_PHRASE_END.match(text[end : end + 3]))


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
        if _is_counting_word(text, m):
            continue
        window = text[max(0, m.start() - 6) : m.start()]
        if m.group("measure") == "年" and not _YEAR_COMPARATOR.search(window):
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
    # -0.0 equals 0.0 as a cache key but prints "-0": only non-zero numbers are cached.
    return _number_zh(x) if x else _written(x)


# Gap lines and lights print ~10^5 numbers on a province, most of them the same few values.
@functools.lru_cache(maxsize=4096)
def _number_zh(x: float) -> str:
    return _written(x)


def _written(x: float) -> str:
    for unit, size in (("亿", 1e8), ("万", 1e4)):
        if abs(x) >= size and abs(x / size * 100 - round(x / size * 100)) < 1e-6:
            return f"{x / size:.2f}".rstrip("0").rstrip(".") + unit
    return f"{x:.1f}".rstrip("0").rstrip(".")
