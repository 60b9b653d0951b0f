"""The head of a notice: 发文字号, title, issuer, date, 主送 units, and cited documents."""

import datetime as dt
import hashlib
import re

from dutygraph.loaders.notice.normalize import Line
from dutygraph.loaders.numbers import parse_number
from dutygraph.loaders.units import is_org, split_units
from dutygraph.schema import NoticeMeta

# 鲁政办字〔2019〕115号, 国知办发管字〔2017〕30号, 枣市监中心字〔2019〕1号
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}?)〔((?:19|20)\d{2})〕\s*(\d{1,4})\s*号")
_DOC_LEAD = re.compile(r"^(?:.*?(?:印发|根据|按照|依据|转发|见|的|和|及|与|文件))")
_FIELD_LABEL = re.compile(
    r"(标\s*题|发文字号|发布机关|成文日期|发布日期|发文机关|索\s*引\s*号|主题分类|统一编号|有\s*效\s*性|文\s*号)\s*[：:]"
)
_TITLE = re.compile(r"^(关于.+|.{2,60}(?:通知|方案|意见|办法|规划|决定|措施|细则|批复|函))$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇○Ｏ零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_ADDRESSEES = re.compile(r"^(各.+|.+(?:局|厅|委|办|部|院|中心|政府|单位|机构|部门))：$")
_HEAD_LINES = 60
# Without a title, a notice's own 发文字号 is among its first few lines; a header line is short.
_HEAD_TOP = 8
_HEADER_WIDTH = 40


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().lstrip("#").strip())


def doc_number_at(text: str) -> list[tuple[str, int]]:
    """Every document number in a line, with its offset, lead-in words trimmed."""
    out = []
    for m in DOC_NUMBER.finditer(text):
        prefix = _DOC_LEAD.sub("", m.group(1))
        if not prefix:
            continue
        out.append((f"{prefix}〔{m.group(2)}〕{m.group(3)}号", m.start()))
    return out


_IMPLEMENT_VERBS = re.compile("贯彻|落实|实施")
_SENTENCE_BACK = 300
_QUOTED = re.compile("《[^》]*》")


def says_implements(text: str, at: int) -> bool:
    """The sentence before a cited number says 贯彻/落实/实施 outside 《》: the notice implements it.

    '为认真贯彻落实…（鲁市监办字〔2019〕310号）文件精神' implements 310号; '已由省政府办公厅
    （鲁政办字〔2019〕115号）印发' only mentions 115号.
    """
    # Look back at most _SENTENCE_BACK characters: a line citing thousands of numbers made
    # scanning the whole prefix for each of them quadratic (5 s for 80 KB).
    window = max(0, at - _SENTENCE_BACK)
    begin = max(max(text.rfind(mark, window, at) for mark in "。；！？") + 1, window)
    return bool(_IMPLEMENT_VERBS.search(_QUOTED.sub("", text[begin:at])))


def parse_date(text: str) -> dt.date | None:
    """2019年11月5日, 二〇一九年十一月五日 or 2024-04-29 as a date; None if none is valid."""
    for pattern in (_DATE, _ISO_DATE):
        m = pattern.search(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    m = _CN_DATE.search(text)
    if m:
        # ○ (a white circle) and Ｏ stand in for 〇 in many typed notices: 二○○七年.
        digits = m.group(1).translate(str.maketrans("○Ｏ", "〇〇"))
        year = "".join(str(int(parse_number(c) or 0)) for c in digits)
        month, day = parse_number(m.group(2)), parse_number(m.group(3))
        try:
            return dt.date(int(year), int(month or 0), int(day or 0))
        except ValueError:
            return None
    return None


def notice_id(doc_number: str | None, issuer: str | None, title: str | None, file: str) -> str:
    """Stable id: from the doc number, else issuer+title, else the file name."""
    key = doc_number or (f"{issuer}|{title}" if title else file)
    return "n" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def read_head(lines: list[Line], file: str, traditional: bool) -> NoticeMeta:
    """Notice metadata from labelled fields, the head lines, and the signature."""
    fields: dict[str, str] = {}
    head = [ln for ln in lines[:_HEAD_LINES] if ln.text.strip()]
    for ln in head:
        for label, value in _fields(ln.text):
            if value:
                fields.setdefault(label, value)
    title, title_idx = _title(head, fields)
    forwarding = bool(title and "转发" in title)
    quoted = {number for number, _ in doc_number_at(title or "")} if forwarding else set()
    doc_number, doc_line = _own_doc_number(head, fields, title_idx, quoted)
    issuers = _issuers(head, title_idx, fields, lines)
    date = _date(lines, fields)
    cites: list[str] = []
    implements: list[str] = []
    cited: set[str] = set()
    implemented: set[str] = set()
    for ln in lines:
        for number, at in doc_number_at(ln.text):
            if number == doc_number:
                continue
            if number not in cited:  # sets beside the lists: thousands of citations stay linear
                cited.add(number)
                cites.append(number)
            if number not in implemented and says_implements(ln.text, at):
                implemented.add(number)
                implements.append(number)
    addressees = _addressees(head, title_idx)
    forwards = _forwarded(head, title_idx, quoted, doc_number) if forwarding else []
    if forwards and _asks_to_implement(head, title_idx):
        implements += [n for n in forwards if n not in implements]
    issuer = "、".join(issuers) if issuers else None
    src = doc_line or (head[title_idx] if title_idx is not None else None)
    return NoticeMeta(
        id=notice_id(doc_number, issuer, title, file),
        file=file,
        doc_number=doc_number,
        title=title,
        issuer=issuer,
        issuers=issuers,
        date=date,
        addressees=addressees,
        cites=cites,
        implements=implements,
        forwards=forwards,
        traditional=traditional,
        source=src.source() if src else None,
    )


def _fields(text: str) -> list[tuple[str, str]]:
    """Labelled fields of a web page head, several per line: '发布机关: X 统一编号:'."""
    marks = list(_FIELD_LABEL.finditer(text))
    if not marks or text[: marks[0].start()].strip():
        return []
    out = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((_clean(m.group(1)), text[m.end() : end].strip()))
    return out


def _header_lines(head: list[Line], title_idx: int | None) -> list[Line]:
    """The lines where a notice prints its own 发文字号: above its title, and below it until the
    主送 line or the first body sentence (国知办发管字〔2017〕30号 sits under 003's title)."""
    if title_idx is None:
        above, below = [], head[:_HEAD_TOP]
    else:
        above, below = head[:title_idx], head[title_idx + 1 :]
    out = list(above)
    for ln in below:
        text = _clean(ln.text)
        if _ADDRESSEES.match(text) or len(text) > _HEADER_WIDTH:
            break
        out.append(ln)
    return out


def _own_doc_number(
    head: list[Line], fields: dict[str, str], title_idx: int | None, quoted: set[str]
) -> tuple[str | None, Line | None]:
    """The 发文字号 field, else a number alone on a header line, not in brackets (a bracketed
    number is a quoted one) and not the number a 转发 title quotes."""
    if "发文字号" in fields:
        found = doc_number_at(fields["发文字号"])
        if found:
            line = next((ln for ln in head if fields["发文字号"] in ln.text), None)
            return found[0][0], line
    for ln in _header_lines(head, title_idx):
        text = _clean(ln.text)
        found = doc_number_at(ln.text)
        if (
            found
            and len(text) <= len(found[0][0]) + 2
            and not text.startswith(("（", "(", "〔", "["))
            and found[0][0] not in quoted
        ):
            return found[0][0], ln
    return None, None


def _forwarded(
    head: list[Line], title_idx: int | None, quoted: set[str], own: str | None
) -> list[str]:
    """What a 转发 notice forwards: the numbers its title quotes, else those the opening lines
    quote up to the one that says 转发 (现将《…》（X〔2024〕1号）转发给你们)."""
    if quoted:
        return sorted(quoted - {own})
    out: list[str] = []
    start = 0 if title_idx is None else title_idx + 1
    for ln in head[start:]:
        for number, _ in doc_number_at(ln.text):
            if number != own and number not in out:
                out.append(number)
        if "转发" in ln.text:
            return out
    return []


def _asks_to_implement(head: list[Line], title_idx: int | None) -> bool:
    """The 转发 sentence asks the addressees to carry the forwarded document out
    (现转发给你们，请认真贯彻落实): then the notice implements what it forwards."""
    start = 0 if title_idx is None else title_idx + 1
    text = "".join(_clean(ln.text) for ln in head[start : start + 8])
    at = text.find("转发")
    if at < 0:
        return False
    end = text.find("。", at)
    sentence = text[at:end] if end >= 0 else text[at:]
    return bool(_IMPLEMENT_VERBS.search(sentence) or "执行" in sentence)


def _title(head: list[Line], fields: dict[str, str]) -> tuple[str | None, int | None]:
    if "标题" in fields:
        title = _clean(fields["标题"])
        k = title.find("关于")
        return (title[k:] if k > 0 and is_org(title[:k]) else title), None
    candidates = []
    for k, ln in enumerate(head):
        text = _clean(ln.text)
        if _fields(ln.text):
            continue
        if _TITLE.match(text) and not text.startswith(("现将", "为", "根据")):
            # A title may wrap onto the next line; join while the line does not end the title.
            full = text
            if not re.search(r"(通知|方案|意见|办法|决定|函|批复)$", full) and k + 1 < len(head):
                full += _clean(head[k + 1].text)
            candidates.append((0 if full.startswith("关于") else 1, k, full))
        elif text.startswith("关于") and k + 1 < len(head):
            nxt = _clean(head[k + 1].text)
            if _TITLE.match(text + nxt):
                candidates.append((0, k, text + nxt))
    if not candidates:
        return None, None
    _, k, title = min(candidates)
    return title, k


def _issuers(
    head: list[Line], title_idx: int | None, fields: dict[str, str], lines: list[Line]
) -> list[str]:
    if "发布机关" in fields or "发文机关" in fields:
        return split_units(fields.get("发布机关") or fields["发文机关"])
    if title_idx is not None and title_idx > 0:
        prev = _clean(head[title_idx - 1].text)
        if is_org(prev) and not prev.endswith("："):
            return [prev]
    # The signature: organisation lines right above the signing date.
    for k, ln in enumerate(lines):
        date_only = _DATE.fullmatch(_clean(ln.text))
        if date_only and parse_date(ln.text):
            names: list[str] = []
            j = k - 1
            while j >= 0 and (not lines[j].text.strip() or is_org(_clean(lines[j].text))):
                if lines[j].text.strip():
                    names.insert(0, _clean(lines[j].text))
                j -= 1
                if len(names) >= 3:
                    break
            if names:
                return names
    return []


def _date(lines: list[Line], fields: dict[str, str]) -> dt.date | None:
    if "成文日期" in fields:
        d = parse_date(fields["成文日期"])
        if d:
            return d
    for ln in lines:
        text = _clean(ln.text)
        d = parse_date(text)
        if d and len(text) <= 12:
            return d
    return None


def _addressees(head: list[Line], title_idx: int | None) -> list[str]:
    start = title_idx or 0
    for ln in head[start:]:
        text = _clean(ln.text)
        if _ADDRESSEES.match(text) and len(text) < 80:
            return split_units(text.rstrip("："))
    return []
