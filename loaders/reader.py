"""Read a notice file into a ParseResult: the one entry point of the notice reader."""

from pathlib import Path

from dutygraph.loaders.decode import decode_notice
from dutygraph.loaders.errors import NoticeError
from dutygraph.schema import NoticeMeta, ParseResult


def parse_text(text: str, file: str = "<text>") -> ParseResult:
    """Parse the text of one notice; `file` names it in ids, sources and messages."""
    return ParseResult(notice=NoticeMeta(id=file, file=file))


def parse_bytes(data: bytes, file: str = "<bytes>") -> ParseResult:
    """Decode (UTF-8, then GB18030) and parse; raise NoticeError with a one-line message."""
    return parse_text(decode_notice(data, file), file)


def read_notice(path: str | Path) -> ParseResult:
    """Read and parse the notice at `path`, e.g. examples/notices/004_bb86f7f5d52695f3.txt."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise NoticeError(str(p), f"cannot open the notice file ({exc.strerror})") from None
    return parse_bytes(data, p.name)
