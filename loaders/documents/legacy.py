"""Old binary Office files (.doc, .wps, .et): converted by LibreOffice headless, else refused."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from dutygraph.loaders.documents.errors import UnsupportedFormatError

# soffice's first start builds its profile (~10 s on a slow machine); a 20-page .doc then converts in a few.
_TIMEOUT_S = 120


def soffice() -> str | None:
    """The LibreOffice binary, if installed (Debian: libreoffice-writer-nogui)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, file: str, target: str) -> bytes:
    """Convert an old Office file to `target` ('docx' or 'xlsx') with soffice --headless."""
    binary = soffice()
    if binary is None:
        raise UnsupportedFormatError(
            file,
            f"旧版 Office/WPS 文件: install LibreOffice (apt-get install libreoffice-writer-nogui) "
            f"or save it as .{target} in Word/WPS (另存为 .{target}), then read that file",
        )
    suffix = Path(file).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="dutygraph-soffice-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise UnsupportedFormatError(
                file, f"LibreOffice did not convert the file within {_TIMEOUT_S} s"
            ) from None
        out = Path(tmp) / f"in.{target}"
        if not out.is_file():
            raise UnsupportedFormatError(
                file,
                f"文件无法转换: LibreOffice could not convert it to .{target} "
                "(damaged, password-protected, or not an Office file)",
            )
        return out.read_bytes()
