"""Numeric targets in running text: name, value, measure, comparator, year, per, scope."""

import re
from dataclasses import dataclass

from dutygraph.loaders.notice.normalize import clip, split_clauses
from dutygraph.loaders.numbers import Quantity, find_quantities

_GE = re.compile(r"(以上|不低于|不少于|至少|达到|达|超过|突破|力争|多于)")
_GE_BEFORE = re.compile(r"(不低于|不少于|至少|达到|达|超过|突破|多于)$")
_GE_AFTER = re.compile(r"(以上|余|多)")
_LE_BEFORE = re.compile(r"(不超过|最高|最多|不高于|控制在)$")
_LE_AFTER = re.compile(r"(以内|以下)")
_YEAR = re.compile(r"(?:到|至|截至|于)?((?:19|20)\d{2})\s*年(?:年?底|末)?(?:前)?")
_SCOPE = re.compile(r"(全国|全省|全市|全区|全县|全镇|我省|我市|我区|我县)")
_PER_ITEM = re.compile(r"每(件|项|个|家|人|户|次)")
_PER_YEAR = re.compile(r"每年|年均|/年|每年度")
_PER_HALF = re.compile(r"每半年")
# Words around a number that are not part of what is counted.
_NAME_NOISE = re.compile(
    r"^(?:到|至|截至)?(?:(?:19|20)\d{2}年(?:年?底|末)?(?:前)?)?|"
    r"(?:力争|争取|确保|实现|使|累计|其中|全区|全市|全县|全省|我区|我市|每年|年均|达成|达到|达|不低于|不少于|"
    r"至少|不超过|超过|保持|为|以上|左右|共|约)"
)
_VERB_TAIL = re.compile(
    r"(达到|达|不低于|不少于|至少|超过|保持在?|为|突破|控制在|不超过|最高|最多|达成|提升至|增长)$"
)
_SCOPE_OF_LEVEL = {"省": "全省", "市": "全市", "区": "全区", "县": "全县"}


@dataclass(frozen=True)
class FoundIndicator:
    """An indicator read from one clause, before ids and sources are attached."""

    name: str
    quantity: Quantity
    comparator: str
    year: int | None
    per: str | None
    scope: str | None
    quote: str


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Clauses split at ，；。 with a flag for the end of a sentence."""
    out = []
    for clause, at in split_clauses(text, "，；。：！？"):
        end = at + len(clause)
        out.append((clause, end >= len(text) or text[end] == "。"))
    return out


def _strip_noise(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _VERB_TAIL.sub("", _NAME_NOISE.sub("", text.strip()))
    return text


def _name(clause: str, q: Quantity, previous_clause: str) -> str:
    """What is counted: the words before the number, plus the noun after it if there is one."""
    # The name is at most 40 characters from the clause's start: stripping more than the first 80
    # changes nothing but would make a clause with many numbers quadratic.
    before = _strip_noise(clause[: q.start][:80])
    after = re.sub(r"^(以上|以下|左右|余|多)", "", clause[q.end : q.end + 42])
    after = re.split(r"[，。；（）]", after)[0]
    name = before
    if len(after) >= 2 and not _GE.match(after):
        name = before + after
    if re.fullmatch(r"每[件项个家人户次年]", name):
        # 每件不超过1万元: the thing is named in the clause before ("给予…专利维持费资助").
        name = re.sub(r"^.*(给予|对|为|用于)", "", previous_clause)[-16:]
    return name.strip('“”"、 ')[:40]


def scope_for_issuer(issuer: str | None) -> str | None:
    """The default scope of a notice's targets: 全区 for a 区 government, 全市 for a 市…."""
    if not issuer:
        return None
    m = re.search(
        r"([省市区县])(?:人民政府|政府|委员会|[\u4e00-\u9fff]{0,12}局|[\u4e00-\u9fff]{0,12}中心)",
        issuer,
    )
    return _SCOPE_OF_LEVEL.get(m.group(1)) if m else None


def find_indicators(text: str, default_scope: str | None) -> list[FoundIndicator]:
    """Indicators in an item's text, carrying the year (到2026年底) and scope across clauses."""
    found: list[FoundIndicator] = []
    year: int | None = None
    scope = default_scope
    last_name = ""
    previous_clause = ""
    for clause, sentence_end in _clauses(text):
        m = _SCOPE.search(clause)
        if m:
            scope = {"我省": "全省", "我市": "全市", "我区": "全区", "我县": "全县"}.get(
                m.group(1), m.group(1)
            )
        ym = _YEAR.search(clause)
        if ym and not re.search(r"\d{4}\s*年\s*\d{1,2}\s*月", clause):
            year = int(ym.group(1))
        quote = clip(clause.strip())
        # Where 每半年 / 每件 first occur and whether the clause is yearly: once per clause, so a
        # clause with many numbers stays linear.
        half = _PER_HALF.search(clause)
        item = _PER_ITEM.search(clause)
        yearly = bool(_PER_YEAR.search(clause))
        for q in find_quantities(clause):
            before, after = clause[max(0, q.start - 8) : q.start], clause[q.end : q.end + 3]
            comparator = "="
            if _LE_BEFORE.search(before) or _LE_AFTER.match(after) or q.low is not None:
                comparator = "<="
            elif _GE_BEFORE.search(before) or _GE_AFTER.match(after):
                comparator = ">="
            per = None
            if half and half.end() <= q.end:
                per = "half-year"
            elif item and item.end() <= q.start:
                per = "item"
            elif yearly:
                per = "year"
            name = _name(clause, q, previous_clause) or last_name
            last_name = name
            found.append(
                FoundIndicator(
                    name=name,
                    quantity=q,
                    comparator=comparator,
                    year=year,
                    per=per,
                    scope=scope,
                    quote=quote,
                )
            )
        previous_clause = clause
        if sentence_end:
            year = None
    return found
