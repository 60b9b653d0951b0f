"""The upload form: a notice file with its annexes goes in only with the server's token."""

from collections.abc import Callable
from pathlib import Path

from bench.fixtures import ROOT, write_bundle
from dutygraph.api.settings import Settings
from tests.api.conftest import TOKEN, Api


def test_form_and_upload(fresh_api: Api, tmp_path: Path) -> None:
    page = fresh_api.client.get("/upload")
    assert page.status_code == 200 and 'type="password" name="token"' in page.text
    notice, annexes = write_bundle(
        ROOT / "examples" / "notices" / "000_6aa9415291c6242f.txt", tmp_path
    )
    files = [("notice", (notice.name, notice.read_bytes()))]
    files += [("annex", (a.name, a.read_bytes())) for a in annexes]
    before = fresh_api.backend.counts()
    wrong = fresh_api.client.post("/upload", data={"token": "nope"}, files=files)
    assert wrong.status_code == 403 and "口令不对" in wrong.text
    ok = fresh_api.client.post("/upload", data={"token": TOKEN}, files=files)
    assert ok.status_code == 200, ok.text
    assert "已导入：关于印发《加快推进落实“春笋行动”" in ok.text
    assert "24 项任务" in ok.text and "表1第18行第1列" in ok.text
    assert fresh_api.backend.counts() == before  # the same notice as its loaded .txt


def test_a_bad_file_is_one_line_and_loads_nothing(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    files = [
        ("notice", ("扫描.pdf", (ROOT / "examples" / "real" / "scanned_notice.pdf").read_bytes()))
    ]
    r = fresh_api.client.post("/upload", data={"token": TOKEN}, files=files)
    assert r.status_code == 400
    assert "扫描.pdf: 扫描件，无文字层" in r.text and "未导入任何内容" in r.text
    assert fresh_api.backend.counts() == before


def test_no_server_token_no_uploads(make_api: Callable[..., Api]) -> None:
    api = make_api(Settings(token=None, reads="open"))
    assert "上传已停用" in api.client.get("/upload").text
    files = [("notice", ("a.txt", "关于印发某某方案的通知\n一、总体要求\n".encode()))]
    r = api.client.post("/upload", data={"token": ""}, files=files)
    assert r.status_code == 403 and "未设置口令" in r.text
