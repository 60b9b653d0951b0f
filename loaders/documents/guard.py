"""Limits that keep hostile files out: zip bombs, oversized pages, archives of too many members."""

import io
import zipfile

from dutygraph.loaders.documents.errors import DocumentError, TooLargeError

# A 20-page notice's document.xml is a few MB; an Office file expanding past this is hostile.
MAX_UNZIPPED = 200 * 1024 * 1024
# Office XML compresses about 10:1; a member beyond this ratio and size is a bomb, not a notice.
MAX_RATIO = 200
MAX_MEMBERS = 5000
# An HTML page of a notice is tens of KB; a government page with its site navigation < 2 MB.
MAX_HTML = 20 * 1024 * 1024
MAX_PDF_PAGES = 500


def open_zip(data: bytes, file: str, what: str) -> zipfile.ZipFile:
    """Open an Office/zip file after checking it is whole and does not expand into a bomb."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DocumentError(
            file,
            f"文件已损坏或不完整: the {what} is truncated or damaged (not a whole zip archive)",
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise TooLargeError(file, f"the {what} holds {len(infos)} parts: too many for a notice")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNZIPPED or (ratio > MAX_RATIO and info.file_size > 10 * 1024 * 1024):
            raise TooLargeError(
                file,
                f"压缩炸弹: the {what} expands to {total // (1024 * 1024)} MB or more "
                f"({info.filename} is {ratio:.0f}x compressed); refused",
            )
    return z


def read_member(z: zipfile.ZipFile, name: str, file: str, what: str) -> bytes:
    """Read one zip member, naming the damage when its data is cut off or corrupt."""
    try:
        with z.open(name) as f:
            return f.read(MAX_UNZIPPED + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as exc:
        raise DocumentError(
            file, f"文件已损坏或不完整: the {what}'s part {name} cannot be read ({exc})"
        ) from None
