"""The numbered outline of a notice body: 一、 （一） 1. （1） ①, bold **一、**, and 第一阶段."""

import re
from dataclasses import dataclass, field

from dutygraph.loaders.notice.normalize import Line
from dutygraph.loaders.numbers import QUANTITY

_CN = "一二三四五六七八九十"
# (level, pattern, label format); the label keeps the notice's own numeral.
_HEADINGS: tuple[tuple[int, re.Pattern[str], str], ...] = (
    (1, re.compile(rf"^([{_CN}]{{1,3}})\s*[、.]\s*"), "{}"),
    (2, re.compile(rf"^（([{_CN}]{{1,3}})）\s*[、.]?\s*"), "({})"),
    (3, re.compile(r"^(\d{1,2})\s*[.、](?!\d)\s*"), "{}"),
    (3, re.compile(rf"^(第[{_CN}]{{1,3}}(?:阶段|步|部分))\s*[：，]?\s*"), "{}"),
    (4, re.compile(r"^（(\d{1,2})）\s*"), "({})"),
    (5, re.compile(r"^([①-⑳])\s*"), "{}"),
)
_BOLD = re.compile(r"^\*\*(.+?)\*\*")
_MARKDOWN = re.compile(r"^#+\s*")
_ATTACHMENT_LIST = re.compile(r"^附\s*件\s*\d*\s*[：:]")
_CLOSERS = re.compile(r"^(特此通知|此件|（此件)")
# 牵头单位：X on its own line belongs to the item above it.
_OWNER_LINE = re.compile(
    r"^(责任单位|责任部门|责任主体|牵头单位|牵头部门|主责单位|配合单位|配合部门|协办单位)\s*[：:]"
)
_TERMINATED = re.compile(r"[。；！？]”?）?$")
# Page numbers a PDF export leaves between lines: '— 3 —', '- 12 -', '— — — 3 —'.
_PAGE_NUMBER = re.compile(r"[—\-–－]+\d{1,3}[—\-–－]+")
# An item number glued to a title that starts with digits: '7.5G基站建设', '12.12345热线'.
_NUMBER_THEN_DIGITS = re.compile(r"^(\d{1,2})\.(?=\d)")


@dataclass
class Item:
    """A numbered item with its heading text, body lines, and children."""

    level: int
    label: str
    path: str
    heading: str
    lines: list[Line]
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    bold_title: str | None = None
    paragraphs: list[tuple[Line, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        texts = [t for _, t in self.paragraphs]
        if len(texts) > 1 and is_heading_only(texts[0]):
            # A heading line (试点内容) is its own sentence, not the start of the next one.
            return texts[0] + "。" + "".join(texts[1:])
        return "".join(texts)

    def tail(self, n: int = 8) -> str:
        """The last `n` characters of `text`, without joining every paragraph (an item of
        thousands of lines asked whether it ended a sentence once per line: quadratic)."""
        picked: list[str] = []
        size = 0
        for k in range(len(self.paragraphs) - 1, -1, -1):
            t = self.paragraphs[k][1]
            if k == 0 and len(self.paragraphs) > 1 and is_heading_only(t):
                t += "。"  # as `text` joins a heading line to what follows
            picked.append(t)
            size += len(t)
            if size >= n:
                break
        return "".join(reversed(picked))[-n:]

    @property
    def line(self) -> int:
        return self.lines[0].no

    def ancestors(self) -> list["Item"]:
        out = []
        node = self.parent
        while node is not None and node.level > 0:
            out.append(node)
            node = node.parent
        return out


def is_heading_only(text: str) -> bool:
    """A short line without a sentence end: 推动知识产权创造, 申报对象和条件."""
    return len(text) <= 30 and not _TERMINATED.search(text)


def is_title(text: str) -> bool:
    """A heading line, with or without a full stop: 推进大数据基础设施建设。 (no inner clause)."""
    return len(text) <= 30 and not re.search(r"[，；：,;:]", text.rstrip("。"))


def _strip_markup(text: str) -> tuple[str, str | None]:
    text = _MARKDOWN.sub("", text.strip())
    bold = None
    m = _BOLD.match(text)
    if m:
        bold = m.group(1)
        text = m.group(1) + text[m.end() :]
    return text.replace("**", ""), bold


def match_heading(text: str) -> tuple[int, str, str] | None:
    """(level, label, rest) when a line opens a numbered item, else None."""
    for level, pattern, fmt in _HEADINGS:
        m = pattern.match(text)
        if m:
            return level, fmt.format(m.group(1)), text[m.end() :]
    return None


def _numbered_title(text: str, previous: int | None) -> tuple[int, str, str] | None:
    """'7.5G基站建设' after item 6 is item 7 titled 5G基站建设, not the decimal 7.5."""
    m = _NUMBER_THEN_DIGITS.match(text)
    if not m:
        return None
    number = int(m.group(1))
    if number != (previous or 0) + 1 or QUANTITY.match(text):
        return None
    return 3, str(number), text[m.end() :]


def build_outline(body: list[Line]) -> Item:
    """A tree of numbered items; unnumbered paragraphs join the item they continue."""
    root = Item(level=0, label="", path="", heading="", lines=[])
    stack: list[Item] = [root]
    current: Item = root
    suspended = False
    for line in body:
        raw = line.text.strip()
        if not raw or _PAGE_NUMBER.fullmatch(re.sub(r"\s", "", raw)):
            continue
        text, bold = _strip_markup(raw)
        heading = match_heading(text) or _numbered_title(text, _last_number(stack))
        if heading is not None and not (suspended and heading[0] > 1):
            suspended = False
            level, label, rest = heading
            bold_title = None
            if bold:
                inner = match_heading(bold)
                bold_title = (inner[2] if inner else bold).rstrip("。")
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
            path = f"{parent.path}.{label}" if parent.path else label
            item = Item(level, label, path, rest, [line], parent=parent, bold_title=bold_title)
            item.paragraphs.append((line, rest))
            parent.children.append(item)
            stack.append(item)
            current = item
            continue
        if _ATTACHMENT_LIST.match(text) or _CLOSERS.match(text):
            suspended = True
            current = root
            continue
        if suspended:
            continue
        if current is root or _continues(current, text) or _OWNER_LINE.match(text):
            current.lines.append(line)
            current.paragraphs.append((line, text))
        else:
            # A paragraph after a finished item belongs to the enclosing section.
            parent = current.parent or root
            parent.lines.append(line)
            parent.paragraphs.append((line, text))
            current = parent
    return root


def _last_number(stack: list[Item]) -> int | None:
    """The number of the latest 1. 2. 3. item under the innermost section, if any."""
    for node in reversed(stack):
        if node.level < 3:
            last = next((c for c in reversed(node.children) if c.level == 3), None)
            return int(last.label) if last and last.label.isdigit() else None
    return None


def _continues(item: Item, text: str) -> bool:
    """A paragraph continues an item whose text is unfinished or is just a heading."""
    if item.children:
        return False
    # len 1: the one paragraph is the text (joining every paragraph per line was quadratic)
    if len(item.paragraphs) == 1 and (
        is_heading_only(item.paragraphs[0][1]) or is_title(item.paragraphs[0][1])
    ):
        return True  # heading-only item, or a sentence broken across lines
    return not _TERMINATED.search(item.tail())


def walk(item: Item) -> list[Item]:
    """All items below `item` in document order."""
    out = []
    for child in item.children:
        out.append(child)
        out.extend(walk(child))
    return out


def title_of(item: Item) -> str:
    """The item's title: bold text, a heading-only line, or its first sentence (capped)."""
    if item.bold_title:
        return item.bold_title
    head = item.heading.strip()
    m = re.match(r"^(.{2,40}?)[。；：]", head)
    if m:
        return m.group(1)
    return head[:40]
