"""Recognise organisation names in running text and split lists of responsible units."""

import re

# Endings that make a phrase an organisation (责任单位 lists, subjects, mentions).
ORG_SUFFIX = (
    "领导小组成员单位|成员单位|领导小组办公室|领导小组|工作专班|工作小组|指挥部|委员会|办公厅|办公室|"
    "办事处|管委会|人民政府|政府|法院|检察院|公安分局|分局|局|厅|委|办|部|院|中心|所|队|站|"
    "街道|镇街|镇|乡|城市|机构|部门|单位|公司|司|协会|商会|联盟|银行|学校|高校|园区|"
    "署|总局|人民银行|支行|分行|科室|处室|股室|联合会|促进会|贸促会|红十字会|总工会|工会|工商联|妇联|残联|科协|团委|专班"
)
_SUFFIX_RE = re.compile(rf"(?:{ORG_SUFFIX})$")
# Suffixes too generic to name one organisation unless a jurisdiction comes first.
_GENERIC = re.compile(r"(机构|部门|单位|公司|协会|商会|联盟|银行|学校|高校|园区|城市)$")
_JURISDICTION = re.compile(
    r"^(各|市|区|县|省|镇|乡|国家|中国|全国|中共|中央|国务院|[\u4e00-\u9fff]{2,6}[省市区县镇])"
)
LEVEL_WORDS = r"省|自治区|直辖市|计划单列市|副省级城市|地级市|县级市|市|区|县|区（市）|县（市、区）|镇|乡|街道"
# Bare administrative levels in a distributive list: 各省、自治区、直辖市…知识产权局.
_LEVEL_WORD = re.compile(rf"^(?:各(?:有关|相关)?)?({LEVEL_WORDS})$")
# A name that opens with a level word continues a distributive list: 县人民政府 after 各市.
_LEVEL_START = re.compile(rf"^(?:{LEVEL_WORDS})")
# Ranks of levels: a distributive list runs down or across them (各市、县), never up (各街道、区…).
_LEVEL_RANK = (
    ("自治区", 1),
    ("直辖市", 1),
    ("省", 1),
    ("计划单列市", 2),
    ("副省级城市", 2),
    ("地级市", 2),
    ("县级市", 3),
    ("区（市）", 3),
    ("县（市、区）", 3),
    ("街道", 4),
    ("市", 2),
    ("区", 3),
    ("县", 3),
    ("镇", 4),
    ("乡", 4),
)


def _rank(word: str) -> int:
    bare = re.sub(r"^各(?:有关|相关)?", "", word)
    return next((r for w, r in _LEVEL_RANK if bare.startswith(w)), 0)


# Words ending in an organisation suffix that name no organisation (大局, 格局, 全局…).
_NOT_ORG_END = re.compile(r"(全局|大局|格局|布局|开局|结局|时局|新局|当局|骗局|这局|棋局)$")
# 各区（市）, 各镇街: a collective of every unit of one level.
_COLLECTIVE_LEVEL = re.compile(rf"^各[\u4e00-\u9fff]{{0,4}}?({LEVEL_WORDS}|镇街|乡镇)$")
_SPLIT = re.compile(r"[、，；,;/]|以及|及(?=[\u4e00-\u9fff]{2})")
# Open-ended tails after a list of names: 等部门, 会同有关部门, 按职责分工负责, 分别负责.
_TAIL = re.compile(
    r"(?:会同(?:有关|相关)(?:部门|单位)|(?:等(?:有关|相关)?)?(?:部门|单位|机构)?)"
    r"(?:按职责分工|按职责|根据职责)?(?:分别|共同)?(?:负责|落实|配合)?$"
)
# Words that precede an organisation in a sentence and are not part of its name.
_LEAD_WORDS = (
    "加强|发挥|依托|联合|会同|协调|统筹|对接|利用|通过|组织|推动|支持|引导|鼓励|指导|配合|"
    "上报至|报送至|报送|上报|提交|下设|设在|报|至|向|由|在|对|为|与|将|经|请|按照|根据|督促|推进|依法|加快|是|的"
)
_LEAD_VERBS = re.compile(rf"^(?:.*?(?:{_LEAD_WORDS}))")


def is_org(name: str) -> bool:
    """True for a plausible organisation name: 区市场监督管理局, 各镇街, 市知识产权事业发展中心."""
    if _COLLECTIVE_LEVEL.match(name):
        return True
    if not 2 <= len(name) <= 40 or not _SUFFIX_RE.search(name) or _NOT_ORG_END.search(name):
        return False
    if _GENERIC.search(name) and not _JURISDICTION.search(name) and len(name) <= 4:
        return False
    return True


def _flush_levels(carry: list[str]) -> list[str]:
    """Bare levels that end a list: '各有关区、县级市' is one collective, a lone '各街道' itself."""
    if len(carry) > 1 and carry[0].startswith("各"):
        return ["、".join(carry)]
    return carry


def _join_distributive(parts: list[str]) -> list[str]:
    """'各省、自治区、直辖市知识产权局' is one addressee; '各街道、区直各部门' are two."""
    out: list[str] = []
    carry: list[str] = []
    for p in parts:
        if _LEVEL_WORD.match(p) and not (carry and p.startswith("各")):
            carry.append(p)
            continue
        if carry and _LEVEL_START.match(p) and "各" not in p and _rank(p) >= _rank(carry[-1]):
            out.append("、".join(carry + [p]))
            carry = []
            continue
        out.extend(_flush_levels(carry))
        carry = [p] if _LEVEL_WORD.match(p) else []
        if not carry:
            out.append(p)
    out.extend(_flush_levels(carry))
    return out


def clean_unit(text: str) -> str:
    """Trim list decorations: 'X等部门' -> 'X', surrounding spaces and brackets."""
    text = text.strip().strip("。．.：:“”\"' ")
    if text.startswith("由"):
        text = text[1:]
    stripped = _TAIL.sub("", text)
    return stripped if is_org(stripped) else text


def split_units(text: str) -> list[str]:
    """Split '区法院、区检察院，各镇街' into names; '各省、自治区…知识产权局' stays one name."""
    parts = [clean_unit(p) for p in _SPLIT.split(text)]
    parts = [p for p in parts if p]
    parts = _join_distributive(parts)
    out: list[str] = []
    for p in parts:
        for q in split_collectives(p):
            out.extend(_split_and(q))
    return out


# '各区各部门各单位': collectives written back to back, each opening with 各.
_COLLECTIVE_RUN = re.compile(r"(?<=[\u4e00-\u9fff])(?=各(?!项|类|级|个|种|方面|地|界))")


def split_collectives(name: str) -> list[str]:
    """Split a run of collectives, '各乡镇各部门' -> [各乡镇, 各部门], when every part is a unit."""
    if not name.startswith("各") or name.count("各") < 2:
        return [name]
    parts = [p for p in _COLLECTIVE_RUN.split(name) if p]
    return parts if len(parts) > 1 and all(is_org(p) for p in parts) else [name]


def _split_and(name: str) -> list[str]:
    """Split on 和/与 only when both sides are organisations (工业和信息化部 stays whole)."""
    for sep in ("和", "与"):
        k = name.find(sep)
        while k > 0:
            left, right = name[:k], name[k + 1 :]
            if is_org(left) and is_org(right) and not _GENERIC.fullmatch(right):
                return [left, *_split_and(right)]
            k = name.find(sep, k + 1)
    return [name]


def trim_lead_words(phrase: str) -> str:
    """Drop the verb phrase before an organisation: '加强市市场监管局' -> '市市场监管局'."""
    return _LEAD_VERBS.sub("", phrase)


# In running text, cut at the last lead-in word: '以推荐函的形式上报至国家知识产权局'.
_LAST_LEAD = re.compile(rf"^(?:.*(?:{_LEAD_WORDS}))")
_MENTION_CHUNK = re.compile(r"[^，。；：、（）《》“”\s\"]+")
# An organisation inside a chunk ends where a case/verb word or the chunk end follows.
_ORG_IN_CHUNK = re.compile(
    rf"[\u4e00-\u9fff]{{1,24}}?(?:{ORG_SUFFIX})"
    r"(?=$|等|在|的|联合|共同|要|应|负责|牵头|配合|和|与|将|对|按|于|开展|组织|参与|进行|提供)"
)


def find_orgs(text: str) -> list[str]:
    """Organisation names named anywhere in a sentence, in order, without duplicates."""
    found: list[str] = []
    seen: set[str] = set()  # a list lookup made thousands of distinct names quadratic
    for m in _MENTION_CHUNK.finditer(text):
        chunk = m.group(0)
        pos = 0
        while True:
            hit = _ORG_IN_CHUNK.search(chunk, pos)
            if not hit:
                break
            for name in _split_and(_LAST_LEAD.sub("", hit.group(0))):
                if name not in seen and _mention_ok(name):
                    seen.add(name)
                    found.append(name)
            pos = hit.end()
    return found


# Verbs that never sit inside an organisation's name; a chunk holding one is a phrase.
_NOT_IN_NAME = re.compile(
    r"开展|建设好|打造|构建|成立|组建|进行|加大|摸清|设立|吸收|引进|调整|充实|列入|形式|建立健全|布局|格局|梯队|督办|"
    r"^次|^从|^把|^在|^以"
)


def _mention_ok(name: str) -> bool:
    if not name or not is_org(name) or _NOT_IN_NAME.search(name):
        return False
    return not (_GENERIC.search(name) and not _JURISDICTION.search(name))
