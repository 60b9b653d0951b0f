"""Old .doc files go through LibreOffice headless; without it, one line says how to convert."""

import subprocess
import tempfile
from pathlib import Path

import pytest

from dutygraph.loaders import NoticeError, read_notice
from dutygraph.loaders.documents import legacy
from tests.loaders.documents.test_formats_match_text import _records

S001 = "001_bd88b21f1ceafb5b"


def _to_doc(docx: Path, outdir: Path) -> Path:
    binary = legacy.soffice()
    assert binary is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "doc", "--outdir", str(outdir), str(docx)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
    return outdir / f"{docx.stem}.doc"


def test_doc_reads_as_its_text(made: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    if legacy.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: make sysdeps adds it")
    doc = _to_doc(made[S001]["docx"], tmp_path)
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file, as Word 97
    got = _records(read_notice(doc))
    want = _records(read_notice(made[S001]["txt"]))
    assert got["tasks"] == want["tasks"] and got["indicators"] == want["indicators"]


def test_without_libreoffice_one_line_tells_how(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    old = tmp_path / "通知.wps"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(NoticeError) as err:
        read_notice(old)
    assert str(err.value) == (
        "通知.wps: 旧版 Office/WPS 文件: install LibreOffice (apt-get install "
        "libreoffice-writer-nogui) or save it as .docx in Word/WPS (另存为 .docx), then read that file"
    )
