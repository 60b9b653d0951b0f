"""Recognise organisation names in running text and split lists of responsible units."""

import re

# Endings that make a phrase an organisation (责任单位 lists, subjects, mentions).
ORG_SUFFIX = (
    "领导小组成员单位|成员单位|领导小组办公室|领导小组|工作专班|工作小组|指挥部|委员会|办公厅|办公室|"
    "办事处|管委会|人民政府|政府|法院|检察院|公安分局|分局|局|厅|委|办|部|院|中心|所|队|站|"
    "街道|镇街|镇|乡|城市|机构|部门|单位|公司|司|协会|商会|联盟|银行|学校|高校|园区"
)
_SUFFIX_RE = re.compile(rf"(?:{ORG_SUFFIX})$")
# Suffixes too generic to name one organisation unless a jurisdiction comes first.
_GENERIC = re.compile(r"(机构|部门|单位|公司|协会|商会|联盟|银行|学校|高校|园区|城市)$")
_JURISDICTION = re.compile(
    r"^(各|市|区|县|省|镇|乡|国家|中国|全国|中共|中央|国务院|[\u4e00-\u9fff]{2,6}[省市区县镇])"
)
LEVEL_WORDS = (
    r"省|自治区|直辖市|计划单列市|副省级城市|地级市|市|区|县|区（市）|县（市、区）|镇|乡|街道"
)
# Bare administrative levels in a distributive list: 各省、自治区、直辖市…知识产权局.
_LEVEL_WORD = re.compile(rf"^各?({LEVEL_WORDS})$")
# 各区（市）, 各镇街: a collective of every unit of one level.
_COLLECTIVE_LEVEL = re.compile(rf"^各[\u4e00-\u9fff]{{0,4}}?({LEVEL_WORDS}|镇街|乡镇)$")
_SPLIT = re.compile(r"[、，；,;/]|以及|及(?=[\u4e00-\u9fff]{2})")
_TAIL = re.compile(r"(等|等有关|等相关)?(部门|单位|机构)?(按职责分工)?(负责|落实)?$")
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
    if not 2 <= len(name) <= 40 or not _SUFFIX_RE.search(name):
        return False
    if _GENERIC.search(name) and not _JURISDICTION.search(name) and len(name) <= 4:
        return False
    return True


def _join_distributive(parts: list[str]) -> list[str]:
    out: list[str] = []
    carry: list[str] = []
    for p in parts:
        if _LEVEL_WORD.match(p):
            carry.append(p)
            continue
        if carry:
            out.append("、".join(carry + [p]))
            carry = []
        else:
            out.append(p)
    out.extend(carry)
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
        out.extend(_split_and(p))
    return out


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
