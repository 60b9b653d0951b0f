"""Hostile and unreadable files: one line naming the file and the problem, exit 1, store unchanged."""

import io
import zipfile
from pathlib import Path

import msoffcrypto
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from dutygraph.api.cli.main import app
from dutygraph.loaders.documents.legacy import soffice

runner = CliRunner()
S004 = "004_bb86f7f5d52695f3"


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))


def _encrypted_docx(src: Path, path: Path) -> None:
    out = io.BytesIO()
    with src.open("rb") as f:
        doc = msoffcrypto.OfficeFile(f)
        doc.encrypt("secret", out)
    path.write_bytes(out.getvalue())


def _encrypted_pdf(src: Path, path: Path) -> None:
    writer = PdfWriter()
    for page in PdfReader(src).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with path.open("wb") as f:
        writer.write(f)


def _scan(path: Path) -> None:
    Image.new("L", (1240, 1754), 255).save(path, "PDF", resolution=150.0)


@pytest.fixture(scope="module")
def hostile(made: dict[str, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    docx = made[S004]["docx"]
    _zip_bomb(d / "bomb.docx")
    (d / "truncated.docx").write_bytes(docx.read_bytes()[: docx.stat().st_size // 2])
    (d / "malformed.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n")
    _encrypted_docx(docx, d / "password.docx")
    (d / "huge.html").write_bytes(
        b"<html><body><p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>"
    )
    _scan(d / "scan.pdf")
    (d / "notice.ofd").write_bytes(_ofd())
    if soffice() is not None:
        _encrypted_pdf(made[S004]["pdf"], d / "password.pdf")
    return d


def _ofd() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    return out.getvalue()


CASES = [
    ("bomb.docx", "压缩炸弹"),
    ("truncated.docx", "文件已损坏或不完整"),
    ("malformed.pdf", "文件已损坏"),
    ("password.docx", "文件有密码保护"),
    ("password.pdf", "文件有密码保护"),
    ("huge.html", "50 MB"),
    ("scan.pdf", "扫描件，无文字层"),
    ("notice.ofd", "OFD 版式文件暂不支持"),
]


@pytest.mark.parametrize(("name", "problem"), CASES)
def test_refused_in_one_line(hostile: Path, name: str, problem: str) -> None:
    path = hostile / name
    if not path.exists():
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to protect")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {name}: ") and problem in lines[0], lines[0]


def test_load_leaves_the_store_unchanged(
    hostile: Path, made: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    store = tmp_path / "g.sqlite"
    ok = runner.invoke(app, ["load", "--store", str(store), str(made[S004]["docx"])])
    assert ok.exit_code == 0, ok.output
    before = runner.invoke(app, ["duties", "--store", str(store), "税郭镇", "--json"]).output
    for name, _ in CASES:
        if (hostile / name).exists():
            args = ["load", "--store", str(store), str(made["000_6aa9415291c6242f"]["docx"])]
            bad = runner.invoke(app, [*args, str(hostile / name)])
            assert bad.exit_code == 1 and "nothing loaded" in bad.output, bad.output
    after = runner.invoke(app, ["duties", "--store", str(store), "税郭镇", "--json"]).output
    assert after == before and "税郭镇" in after


def test_a_scanned_page_inside_a_pdf_is_a_warning(
    made: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixture")
    from dutygraph.loaders import read_notice

    _scan(tmp_path / "scan.pdf")
    writer = PdfWriter()
    for page in PdfReader(made[S004]["pdf"]).pages:
        writer.add_page(page)
    writer.add_page(PdfReader(tmp_path / "scan.pdf").pages[0])
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as f:
        writer.write(f)
    result = read_notice(mixed)
    want = read_notice(made[S004]["pdf"])
    assert len(result.tasks) == len(want.tasks) == 14
    unread = [w for w in result.warnings if w.code == "unread-part"]
    assert [(w.place, w.message[:12]) for w in unread] == [
        ("mixed.pdf 第15页", "第15页是扫描图片，没有")
    ]
