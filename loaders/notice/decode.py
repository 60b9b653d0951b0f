"""Turn the bytes of a notice file into text: UTF-8 first, then GB18030, else a clear refusal."""

import unicodedata

from dutygraph.loaders.errors import NoticeDecodeError, NoticeEmptyError

# Share of characters that may be control/unassigned before we call the file binary.
_MAX_JUNK_RATIO = 0.02


def _junk_ratio(text: str) -> float:
    junk = 0
    for ch in text:
        if ch in "\t\n\r\f":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs"):
            junk += 1
    return junk / max(len(text), 1)


def decode_notice(data: bytes, file: str) -> str:
    """Decode a notice: UTF-8 (BOM allowed), else GB18030; refuse binary or undecodable bytes."""
    if not data.strip():
        raise NoticeEmptyError(file, "the file is empty: no notice text to read")
    if b"\x00" in data:
        raise NoticeDecodeError(file, "this is a binary file, not the text of a notice")
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            encoding = "GB18030"
        except UnicodeDecodeError as exc:
            raise NoticeDecodeError(
                file,
                f"cannot decode the notice at byte {exc.start}: it is neither UTF-8 nor GB18030/GBK text",
            ) from None
    if _junk_ratio(text) > _MAX_JUNK_RATIO:
        raise NoticeDecodeError(
            file, f"decoded as {encoding} but the result is mostly control characters: not a notice"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
