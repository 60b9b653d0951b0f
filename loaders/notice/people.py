"""Leading groups, their leaders (组长, 副组长 …), offices, and contact persons."""

import re
from dataclasses import dataclass, field

from dutygraph.loaders.units import ORG_SUFFIX, is_org, trim_lead_words

_GROUP = re.compile(
    r"(?P<name>[\u4e00-\u9fff“”（）]{2,40}?(?:领导小组|工作专班|工作小组|指挥部))(?!成员|办公室|下设)"
)
_GROUP_VERB = re.compile(r"(成立|组建|建立|设立|调整充实|调整|依托|成立了)")
_OFFICE = re.compile(r"办公室设在(?P<office>[^，。；、]{2,30})")
_ROLE = r"(组长|常务副组长|第一副组长|副组长|成员|办公室主任)"
_ROLE_AT_END = re.compile(rf"(?:任|担任|为){_ROLE}$")
_AS_ROLE = re.compile(
    rf"以(?P<who>[^，。；]{{1,20}}?)为{_ROLE}|(?P<who2>[^，。；以]{{1,20}}?)为{_ROLE}"
)
TITLES = (
    "常务副市长|常务副区长|常务副县长|党组书记|副书记|书记|副市长|市长|副区长|区长|副县长|县长|副镇长|镇长|"
    "副局长|局长|副主任|主任|副部长|部长|副厅长|厅长|副处长|处长|副科长|科长|副院长|院长|检察长|"
    "副主席|主席|秘书长|总经理|副所长|所长|站长|调研员|主要负责人|负责人|分管负责同志"
)
_TITLE_RE = re.compile(rf"({TITLES})")
_ORG_END = re.compile(rf"(?=(?:{ORG_SUFFIX}))(?:{ORG_SUFFIX})")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_PHONE = re.compile(r"1[3-9]\d{9}|(?:\d{3,4}-)?\d{7,8}|(?<=[、，])\d{3,4}(?=[、，\s]|$)")
# Bounded parts (RFC 5321: 64-character local part, 63-character labels) that start only where
# a run of name characters starts: `[\w.+-]+` tried at every position of a long line was O(n²).
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}\s{0,3}@\s{0,3}[\w-]{1,63}(?:\s{0,3}\.\s{0,3}[\w-]{1,63}){1,8}"
)
_CONTACT_LABEL = re.compile(r"^(联\s*系\s*人|联\s*络\s*人)\s*[：:]\s*")
_PHONE_LABEL = re.compile(r"(联\s*系\s*电\s*话|电\s*话|手\s*机|座\s*机|传\s*真)\s*[：:]")
_EMAIL_LABEL = re.compile(r"^(邮\s*箱|电\s*子\s*邮\s*箱|邮\s*件|E-?mail)\s*[：:]", re.I)


@dataclass
class FoundLeader:
    name: str | None
    title: str | None
    org: str | None
    role: str


@dataclass
class FoundGroup:
    name: str
    office: str | None = None
    leaders: list[FoundLeader] = field(default_factory=list)


def _name_title(rest: str) -> tuple[str | None, str | None] | None:
    """Split '王光明局长' / '副局长孟雯' / '毕国峰' / '主要负责人'; None if it is neither."""
    for t in _TITLE_RE.finditer(rest):
        if t.end() == len(rest) or t.start() == 0:
            name = (rest[: t.start()] + rest[t.end() :]).strip()
            if not name:
                return None, t.group(0)
            if _NAME.match(name):
                return name, t.group(0)
    if _NAME.match(rest):
        return rest, None
    return None


def _person(fragment: str) -> tuple[str | None, str | None, str | None]:
    """(name, title, org) of '市市场监督管理局王光明局长' or '市知识产权局副局长孟雯'."""
    fragment = trim_lead_words(fragment.strip())
    ends = sorted({m.end() for m in _ORG_END.finditer(fragment)}, reverse=True)
    # Prefer a split that finds a title (局长) over one that reads '长孟雯' as a name.
    for want_title in (True, False):
        for end in ends:
            org, rest = fragment[:end], fragment[end:]
            if rest and is_org(org):
                split = _name_title(rest)
                if split and (split[1] is not None) == want_title:
                    return split[0], split[1], org
    split = _name_title(fragment)
    if split:
        return split[0], split[1], None
    return None, fragment or None, None


def _leaders(sentence: str) -> list[FoundLeader]:
    """Leaders named in one sentence; a role at the end of a run applies to the whole run."""
    out: list[FoundLeader] = []
    for m in _AS_ROLE.finditer(sentence):
        who = (m.group("who") or m.group("who2") or "").strip()
        role = m.group(2) or m.group(4)
        who = re.sub(r"^(建立|成立|组建|由)", "", who)
        if who:
            _, title, org = _person(who)
            out.append(FoundLeader(None, title or who, org, role))
    if out:
        return out
    pending: list[str] = []
    for fragment in re.split(r"[，、；]", sentence):
        fragment = fragment.strip()
        role_at = _ROLE_AT_END.search(fragment)
        if role_at:
            pending.append(fragment[: role_at.start()])
            for frag in pending:
                name, title, org = _person(re.sub(r"^.*?(领导小组|工作专班)，?", "", frag))
                if name or title:
                    out.append(FoundLeader(name, title, org, role_at.group(1)))
            pending = []
        elif fragment:
            pending.append(fragment)
            pending = pending[-3:]
    return out


def find_groups(text: str) -> list[FoundGroup]:
    """Groups a passage sets up or relies on, with their leaders and where the office sits."""
    groups: list[FoundGroup] = []
    names: set[str] = set()
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
    for k, sentence in enumerate(sentences):
        # Every sentence-wide question is asked once, not once per group: a sentence naming
        # thousands of groups stays linear (the verb test and the leaders' text were O(n) each).
        verb = _GROUP_VERB.search(sentence)
        found = [
            m
            for m in _GROUP.finditer(sentence)
            if verb is not None and verb.start() + 2 <= m.end()  # every verb is 2+ characters
        ]
        window = " ".join(sentences[k : k + 3]) if found else ""
        for i, m in enumerate(found):
            name = re.sub(
                r"^.*?(成立|组建|建立|设立|调整充实|依托|会同有关部门组建)", "", m.group("name")
            )
            name = re.sub(r"^.*?为(成员|副组长|组长)的", "", name)
            if name in names:
                continue
            names.add(name)
            group = FoundGroup(name=name)
            office = _OFFICE.search(window)
            if office:
                group.office = office.group("office").strip()
            # Its leaders are named between the group before it and the group after it (the
            # whole sentence and the next when it is the only one, as notices write it).
            start = found[i - 1].end() if i > 0 else 0
            if i + 1 < len(found):
                own = sentence[start : found[i + 1].start()]
            else:
                own = sentence[start:] + "".join(sentences[k + 1 : k + 2])
            group.leaders = _leaders(own)
            groups.append(group)
    return groups


@dataclass
class FoundContact:
    name: str
    org: str | None
    phones: list[str]
    email: str | None
    line: int


def _phones(text: str) -> list[str]:
    phones: list[str] = []
    for p in _PHONE.findall(text):
        if phones and len(p) < len(phones[-1].replace("-", "")) and p.isdigit():
            # 010-62086559、6568: a short number replaces the tail of the one before it.
            prev = phones[-1]
            p = prev[: len(prev) - len(p)] + p
        phones.append(p)
    return phones


def find_contacts(lines: list[tuple[int, str]], default_org: str | None) -> list[FoundContact]:
    """Contact blocks: 联系人：X 电话：…, a following line 'Y 联系电话：…', and 邮箱：…."""
    out: list[FoundContact] = []
    block: list[FoundContact] = []
    for no, text in lines:
        s = text.strip()
        label = _CONTACT_LABEL.match(s)
        if label:
            block = []
            rest = s[label.end() :]
            phone_at = _PHONE_LABEL.search(rest)
            who = rest[: phone_at.start()] if phone_at else rest
            parts = who.split()
            org = parts[0] if parts and is_org(parts[0]) else default_org
            names = [p for p in parts if _NAME.match(p) and not is_org(p)]
            phones = _phones(rest[phone_at.end() :]) if phone_at else []
            for name in names:
                c = FoundContact(name, org, list(phones), None, no)
                block.append(c)
                out.append(c)
            continue
        if not block:
            continue
        phone_at = _PHONE_LABEL.search(s)
        if phone_at:
            who = s[: phone_at.start()].strip()
            phones = _phones(s[phone_at.end() :])
            if who and _NAME.match(who):
                c = FoundContact(who, block[0].org, phones, None, no)
                block.append(c)
                out.append(c)
            else:
                for c in block:
                    if not c.phones:
                        c.phones = phones
            continue
        if _EMAIL_LABEL.match(s):
            em = _EMAIL.search(s)
            if em:
                email = re.sub(r"\s+", "", em.group(0))
                for c in block:
                    c.email = c.email or email
            continue
        if s:
            block = []
    return out
