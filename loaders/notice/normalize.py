"""Normalise notice text: Traditional -> Simplified, and one canonical punctuation per mark."""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import opencc

from dutygraph.schema import Source

# Half-width marks that notices mix with their full-width forms; parsing sees one form.
_WIDTH = str.maketrans(
    {
        "(": "（",
        ")": "）",
        ":": "：",
        ";": "；",
        "?": "？",
        "!": "！",
        "〈": "《",
        "〉": "》",
        "［": "〔",
        "］": "〕",
        "[": "〔",
        "]": "〕",
        "【": "〔",
        "】": "〕",
        "\u3000": " ",
        "\xa0": " ",
    }
)
_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update(
    {"．": ".", "％": "%", "－": "-", "／": "/", "＋": "+", "～": "~", "＠": "@"}
)
_ALNUM = str.maketrans(_FULLWIDTH_ALNUM)
# A comma between digits is a thousands separator (13,000), anywhere else a clause break.
_COMMA = re.compile(r"(?<!\d),|,(?!\d{3})")
_DOC_BRACKET = re.compile(r"[\[〔（(]\s*((?:19|20)\d{2})\s*[\]〕）)]\s*(?=\d+\s*号)")

# The longest quote or source text a record carries (the samples' longest line is 444
# characters): a 410 KB line of 20,000 groups must not repeat itself 20,000 times in the output.
MAX_QUOTE = 600


def clip(text: str) -> str:
    """`text`, cut to MAX_QUOTE characters with a closing … when longer."""
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


# Characters whose presence (after conversion differs) marks a Traditional-script text.
_TRADITIONAL_RATIO = 0.02


@dataclass(frozen=True)
class Line:
    """One line of the notice: number, canonical text, and the Traditional original if any."""

    no: int
    text: str
    raw: str
    original: str | None = None

    def source(self) -> Source:
        """The provenance record of this line (simplified text, Traditional original if any)."""
        return self._source

    @cached_property
    def _source(self) -> Source:
        # One record per line, shared by every fact read from it, its text clipped.
        original = clip(self.original) if self.original is not None else None
        return Source(line=self.no, text=clip(self.raw), original=original)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# A half-width full stop between Chinese words ends a sentence ('完善机制.建立制度'); one after
# a heading numeral (一.) or between digits (1.5万) does not.
_HALF_STOP = re.compile(r"(?<=[\u4e00-\u9fff）”])\.(?=[\u4e00-\u9fff（“]|\s*$)")
_NUMERAL_HEAD = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十]{1,3}[章节条])"
)


def _full_stops(text: str) -> str:
    def stop(m: re.Match[str]) -> str:
        return "." if _NUMERAL_HEAD.fullmatch(text[: m.start()]) else "。"

    return _HALF_STOP.sub(stop, text)


def canonical(text: str) -> str:
    """One form per mark: full-width brackets/colons, half-width digits, 〔〕 in doc numbers."""
    text = text.translate(_ALNUM).translate(_WIDTH)
    text = _full_stops(_COMMA.sub("，", text))
    return _DOC_BRACKET.sub(r"〔\1〕", text)


def is_traditional(text: str) -> bool:
    """True when converting to Simplified changes a noticeable share of the CJK characters."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return False
    sample = "".join(cjk[:20000])
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed / len(sample) > _TRADITIONAL_RATIO


def to_lines(text: str) -> tuple[list[Line], bool]:
    """Split text into Lines (1-based), converting the whole text if it is Traditional."""
    raw_lines = text.split("\n")
    traditional = is_traditional(text)
    simplified = _t2s().convert(text).split("\n") if traditional else raw_lines
    if len(simplified) != len(raw_lines):  # conversion never adds lines; guard anyway
        simplified = [_t2s().convert(r) for r in raw_lines] if traditional else raw_lines
    lines = []
    for i, (raw, simp) in enumerate(zip(raw_lines, simplified, strict=True), start=1):
        original = raw if traditional and raw != simp else None
        lines.append(Line(no=i, text=canonical(simp), raw=simp, original=original))
    return lines, traditional


def split_clauses(text: str, stops: str) -> list[tuple[str, int]]:
    """Clauses between any of the `stops` marks, each with its offset in `text`."""
    out = []
    start = 0
    for k, ch in enumerate(text):
        if ch in stops:
            out.append((text[start:k], start))
            start = k + 1
    if start < len(text):
        out.append((text[start:], start))
    return out
