"""Who is responsible: owner clauses in the many forms notices use, and sentence subjects.

Forms read: （责任单位：A、B，各镇街）, （牵头单位：X；配合单位：Y）, （X、Y负责）, X牵头，Y配合,
a line 责任单位：A, and a sentence whose subject is a unit (各责任单位要…, 各试点城市应…).
"""

import re
from dataclasses import dataclass

from dutygraph.loaders.notice.normalize import split_clauses
from dutygraph.loaders.units import LEVEL_WORDS, ORG_SUFFIX, is_org, split_units
from dutygraph.schema import Owner

_LABEL = (
    r"(?P<label>责任单位|责任部门|责任主体|牵头单位|牵头部门|主责单位|主办单位|主办部门|配合单位|"
    r"配合部门|协办单位|协办部门|协同单位|参与单位|参与部门|承办单位|承办部门|实施主体)"
)
_LABELLED = re.compile(_LABEL + r"\s*[：:]\s*")
# A labelled clause closing an item, also one whose bracket the text never closes: （牵头单位：X；…
_TRAILING_LABELLED = re.compile(
    r"(?:^|[。；\s（〔])(" + _LABEL.replace("?P<label>", "?:") + r"\s*[：:].*)$"
)
_LEAD_CO = re.compile(
    r"^(?:由)?(?P<lead>.+?)牵头(?:负责)?[，、]?(?:(?P<co>.+?)(?:等(?:单位|部门))?"
    r"(?:配合|参与|协助|协同|按职责分工负责|按职责负责|共同负责|负责))?$"
)
# 〔责任单位〕X: the label in brackets, the units after it.
_BRACKET_LABEL = re.compile(r"〔\s*" + _LABEL + r"\s*〕\s*[：:]?\s*(?P<rest>[^。]+)。?$")
_RESPONSIBLE = re.compile(r"^(?:由)?(?P<units>.+?)(?:按职责分工)?(?:共同)?负责(?:落实)?$")
# The convention some notices state once: the first unit listed leads.
LEAD_FIRST = re.compile(
    r"(排|列)在?(第一|首)位的?(单位|部门)?(为|是)牵头|第一个?(单位|部门)(为|是)牵头|"
    r"排名第一的(单位|部门)?(为|是)牵头|(排|列)在?前面?的?(单位|部门)?(为|是)牵头"
)

# After a unit that is not a collective (各…), a modal verb marks it as the subject of work.
_MODAL_RE = re.compile(
    r"要|应当|应(?!急|用|对)|须|必须|负责|牵头|将|按照|联合|会同|于|每年|每半年|每|可|共同|切实|定期|认真"
)
# A collective followed by one of these names people, not units: 各牵头县领导要….
_PEOPLE_AFTER = re.compile(r"领导|干部|人员|同志|负责人|书记|分管|主要负责|工作人员")
# A clause opening with a verb has no unit as its subject ('加强市市场监管局…联合执法').
_STARTS_WITH_VERB = re.compile(
    r"^(加强|发挥|依托|联合|会同|协调|统筹|对接|利用|通过|组织|推动|支持|引导|鼓励|指导|配合|向|在|对|为|与|经|"
    r"按照|根据|督促|推进|加快|积极|建立|完善|健全|实施|开展|强化|深化|提升|促进|落实|编制|围绕|"
    r"坚持|严格|全面|持续|深入|着力|扎实|优化|培育|打造|探索|引进|召开|印发)"
)
_OPENERS = re.compile(r"^(同时|并|另外|此外|其中|试点期间|由|请|自\d{4}年\d{1,2}月起)")


@dataclass(frozen=True)
class OwnerClause:
    """Owners found in a text and the span they were read from (to keep out of the body).

    `unsure` lists names the clause's syntax makes owners but that end in no known unit word.
    """

    owners: list[Owner]
    start: int
    end: int
    unsure: tuple[str, ...] = ()


# Verbs and objects that never sit in a unit's name: a list holding one is a sentence, not names.
_NOT_A_NAME = re.compile(
    r"开展|推进|加强|建立|完善|实施|落实|确保|提高|提升|组织|制定|做好|加快|推动|强化|深化|完成|"
    r"按照|根据|结合|进行|措施|年底|以前|之前|每年|情况|要求|[0-9%]"
)


def _named(units: list[str]) -> bool:
    """The clause's syntax says these are owners: short names, none a sentence (市财政, 人民银行)."""
    return bool(units) and all(2 <= len(u) <= 25 and not _NOT_A_NAME.search(u) for u in units)


def unsure_names(owners: list[Owner]) -> tuple[str, ...]:
    """Stated owners whose names end in no known unit word: kept, and reported for review."""
    return tuple(o.unit for o in owners if not is_org(o.unit))


def paren_groups(text: str) -> list[tuple[int, int]]:
    """Top-level （…） or 〔…〕 spans, honouring nesting such as 各区（市）inside a clause."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for k, ch in enumerate(text):
        if ch in "（〔":
            if depth == 0:
                start = k
            depth += 1
        elif ch in "）〕" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, k + 1))
    return spans


def _role_for(label: str) -> str:
    if label.startswith(("牵头", "主责", "主办")):
        return "lead"
    if label.startswith(("配合", "协办", "参与", "参加", "协同", "协助")):
        return "co"
    return "owner"


# One part of a clause that gives its names a role by the verb after them: 市委宣传部主办,
# 市文旅局承办, 各区协办, 市财政局等部门配合.
_ROLE_PART = re.compile(
    r"^(?:由)?(?P<names>.+?)(?:等(?:有关|相关)?(?:单位|部门))?"
    r"(?P<verb>牵头|主办|承办|协办|配合|参与|参加|协助|协同|按职责分工负责|按职责负责|共同负责|分别负责|"
    r"负责|具体落实|抓好落实|组织实施|落实)(?:落实|实施|组织)?$"
)


def _role_parts(body: str) -> list[Owner] | None:
    """'A主办，B承办，C协办': every comma part names units and their role; else None."""
    owners: list[Owner] = []
    for part in re.split("[，；]", body):
        m = _ROLE_PART.match(part.strip())
        if not m or not _named(split_units(m.group("names"))):
            return None
        owners += _owners(split_units(m.group("names")), _role_for(m.group("verb")))
    return owners or None


_MARK = re.compile(r"（(牵头|配合|参与|协助)）$")


def _owners(units: list[str], role: str) -> list[Owner]:
    """Owners of one role; a unit marked 'X（牵头）' leads and the unmarked ones then cooperate."""
    marked = [_MARK.search(u) for u in units]
    if role == "owner" and any(m and m.group(1) == "牵头" for m in marked):
        out = []
        for u, m in zip(units, marked, strict=True):
            name = u[: m.start()] if m else u
            out.append(Owner(unit=name, role="lead" if m and m.group(1) == "牵头" else "co"))
        return out
    return [Owner(unit=u, role=role) for u in units if u]  # type: ignore[arg-type]


def _all_orgs(units: list[str]) -> bool:
    return bool(units) and all(is_org(u) for u in units)


def parse_owner_body(body: str) -> list[Owner] | None:
    """Owners inside a clause body: labelled parts, 'X牵头，Y配合', 'X负责', or a bare list.

    The list ends at the first full stop; what follows is a note (具体任务…不再做分工，下同).
    """
    body = body.strip().strip("。；;")
    if "。" in body and (_LABELLED.match(body) or re.search("牵头|负责", body.split("。")[0])):
        body = body.split("。")[0]
    labelled = list(_LABELLED.finditer(body))
    if labelled:
        owners: list[Owner] = []
        for k, m in enumerate(labelled):
            end = labelled[k + 1].start() if k + 1 < len(labelled) else len(body)
            part = body[m.end() : end].strip("；;，,。 ")
            role = _role_for(m.group("label"))
            inner = parse_owner_body(part) if role == "owner" else None
            owners.extend(inner if inner else _owners(split_units(part), role))
        return owners or None
    lead_co = _LEAD_CO.match(body)
    if lead_co and _named(split_units(lead_co.group("lead"))):
        owners = _owners(split_units(lead_co.group("lead")), "lead")
        if lead_co.group("co") and _named(split_units(lead_co.group("co"))):
            owners += _owners(split_units(lead_co.group("co")), "co")
        return owners
    responsible = _RESPONSIBLE.match(body)
    if responsible and _named(split_units(responsible.group("units"))):
        return _owners(split_units(responsible.group("units")), "owner")
    parts = _role_parts(body)
    if parts:
        return parts
    units = split_units(body)
    return _owners(units, "owner") if _all_orgs(units) else None


def find_owner_clause(text: str) -> OwnerClause | None:
    """The explicit owner clause of an item: a bracketed or trailing labelled clause."""
    for start, end in reversed(paren_groups(text)):
        inner = text[start + 1 : end - 1]
        if _LABELLED.match(inner.strip()) or re.search(r"(牵头|负责|主办|承办)", inner):
            owners = parse_owner_body(inner)
            if owners:
                return OwnerClause(owners, start, end, unsure_names(owners))
    m = _BRACKET_LABEL.search(text)
    if m:
        owners = parse_owner_body(f"{m.group('label')}：{m.group('rest')}")
        if owners:
            return OwnerClause(owners, m.start(), len(text), unsure_names(owners))
    m = _TRAILING_LABELLED.search(text)
    if m:
        owners = parse_owner_body(m.group(1))
        if owners:
            start = m.start(1) - 1 if text[m.start(1) - 1 : m.start(1)] in "（〔" else m.start(1)
            return OwnerClause(owners, max(start, 0), len(text), unsure_names(owners))
    for body, offset in split_clauses(text, "。；"):
        if "牵头" in body:
            found = _lead_co_clauses(body, offset)
            if found:
                return found
    return None


def _lead_co_clauses(sentence: str, offset: int) -> OwnerClause | None:
    """'由X牵头，Y、Z配合，…' inside a longer sentence: a 牵头 clause and the 配合 clause after it."""
    clauses = split_clauses(sentence, "，")
    for k, (clause, start) in enumerate(clauses):
        m = re.match(r"^\s*(?:由)?(?P<lead>.+?)牵头(?:负责)?\s*$", clause)
        if not m or not _all_orgs(split_units(m.group("lead"))):
            continue
        owners = _owners(split_units(m.group("lead")), "lead")
        end = start + len(clause)
        if k + 1 < len(clauses):
            nxt, nstart = clauses[k + 1]
            co = re.match(
                r"^\s*(?P<co>.+?)(?:等(?:单位|部门))?(?:配合|参与|协助|协同)(?:落实)?\s*$", nxt
            )
            if co and _all_orgs(split_units(co.group("co"))):
                owners += _owners(split_units(co.group("co")), "co")
                end = nstart + len(nxt)
        return OwnerClause(owners, offset + start, offset + end)
    return None


_NAME_END = re.compile(rf"(?:{ORG_SUFFIX}|{LEVEL_WORDS})$")
# Verbs that end a subject: a name never runs across them.
_BLOCK = re.compile(
    r"要|应|须|将|按|于|每|可|成立|建立|开展|做好|组织|落实|加强|推进|配备|制定|明确|确保|负责|牵头|"
    r"配合|报送|上报|结合|根据|对|在|向|把|以|积极|认真|切实|进一步|共同|定期|密切|联合|会同"
)
_MAX_EXTENSION = 10
# Only a position ending in one of these characters can end a unit name.
_NAME_LAST_CHARS = frozenset(w[-1] for w in f"{ORG_SUFFIX}|{LEVEL_WORDS}".split("|"))


def _leading_org(clause: str, pos: int) -> int | None:
    """End of the unit name starting at pos, or None: shortest name, extended over name words."""
    stop = min(len(clause), pos + 40)
    for k in range(pos, stop):
        if clause[k] in "、，":
            stop = k
            break
    ends = [
        e
        for e in range(pos + 2, stop + 1)
        if clause[e - 1] in _NAME_LAST_CHARS and _NAME_END.search(clause[pos:e])
    ]
    if not ends:
        return None
    best = ends[0]
    for e in ends[1:]:
        if e - best > _MAX_EXTENSION or _BLOCK.search(clause[best:e]):
            break
        best = e
    return best


def _leading_units(clause: str) -> tuple[list[str], int]:
    """A list of units opening a clause ('各区（市）、各责任单位…') and where it ends."""
    units: list[str] = []
    pos = 0
    while pos < len(clause):
        end = _leading_org(clause, pos)
        if end is None:
            break
        units.extend(split_units(clause[pos:end]))
        pos = end
        if clause[pos : pos + 1] in ("、", "和", "及", "与"):
            pos += 1
            continue
        break
    return units, pos


def _after_of(name: str) -> str:
    """'各项工作任务的主要责任单位' -> '主要责任单位'; '申报试点城市的知识产权局' stays whole."""
    head, sep, tail = name.rpartition("的")
    return tail if sep and not is_org(head) else name


def find_actors(text: str) -> list[str]:
    """Units that a sentence makes the subject of work: 各责任单位要…, 国家知识产权局将…."""
    actors: list[str] = []
    seen: set[str] = set()
    for clause, _ in split_clauses(text, "。；，：！？"):
        clause = _OPENERS.sub("", clause.strip())
        units, end = _leading_units(clause)
        # '各项工作任务的主要责任单位': the unit is what follows the last 的.
        units = [_after_of(u) for u in units]
        if not units or not all(is_org(u) for u in units) or _STARTS_WITH_VERB.match(units[0]):
            continue
        if _PEOPLE_AFTER.match(clause, end):
            continue
        collective = units[0].startswith("各")
        if not collective and not _MODAL_RE.match(clause, end):
            continue
        for u in units:
            if u not in seen and "各" + u not in seen:  # a set: thousands of units stay linear
                seen.add(u)
                actors.append(u)
    return actors


@dataclass(frozen=True)
class LeadFirst:
    """Where a lead-first convention holds.

    Stated outside an owner clause it holds for the whole notice; inside one with 下同 from that
    line on; inside one without 下同 for that clause's item only.
    """

    from_line: int | None = None
    once: frozenset[int] = frozenset()

    def applies(self, first: int, last: int) -> bool:
        """Whether the convention covers an item or row spanning lines first..last."""
        if self.from_line is not None and last >= self.from_line:
            return True
        return any(first <= ln <= last for ln in self.once)


def lead_first_scope(lines: list[tuple[int, str]]) -> LeadFirst:
    """The lines a lead-first declaration (排在第一位的为牵头单位，下同) covers."""
    start: int | None = None
    once: set[int] = set()
    for no, text in lines:
        for m in LEAD_FIRST.finditer(text):
            clause = next(((a, b) for a, b in paren_groups(text) if a < m.start() < b), None)
            if clause is None:
                start = 0
            elif "下同" in text[m.end() : clause[1]]:
                start = no if start is None else min(start, no)
            else:
                once.add(no)
    return LeadFirst(start, frozenset(once))


def apply_lead_first(owners: list[Owner]) -> list[Owner]:
    """Under a stated lead-first convention, the first 'owner' leads and the rest cooperate."""
    if not owners or any(o.role != "owner" for o in owners):
        return owners
    return [Owner(unit=o.unit, role="lead" if k == 0 else "co") for k, o in enumerate(owners)]
