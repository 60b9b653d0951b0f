"""importNotice takes an uploaded .docx (GraphQL multipart request spec) with annex files."""

import json
from pathlib import Path

from bench.fixtures import ROOT, write_bundle
from dutygraph.graph.model import task_id
from dutygraph.loaders import read_notice
from tests.api.conftest import Api, data

UPLOAD = """mutation($file: Upload!, $annexes: [Upload!]) {
  importNotice(file: $file, annexes: $annexes) { noticeId title taskIds warnings { code place } } }"""


def _multipart(api: Api, files: dict[str, tuple[str, bytes]], variables: dict[str, object],
               paths: dict[str, list[str]], auth: bool = True) -> dict[str, object]:  # fmt: skip
    operations = json.dumps({"query": UPLOAD, "variables": variables})
    r = api.client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps(paths)},
        files={k: (name, content) for k, (name, content) in files.items()},
        headers=api.auth if auth else {},
    )
    body: dict[str, object] = r.json()
    return body


def test_upload_a_docx_with_annexes(fresh_api: Api, tmp_path: Path) -> None:
    sample = ROOT / "examples" / "notices" / "000_6aa9415291c6242f.txt"
    notice, annexes = write_bundle(sample, tmp_path)
    before = fresh_api.backend.counts()  # the .txt of the same notice is loaded already
    files = {"0": (notice.name, notice.read_bytes())}
    paths = {"0": ["variables.file"]}
    for k, a in enumerate(annexes, start=1):
        files[str(k)] = (a.name, a.read_bytes())
        paths[str(k)] = [f"variables.annexes.{k - 1}"]
    variables: dict[str, object] = {"file": None, "annexes": [None] * len(annexes)}
    got = data(_multipart(fresh_api, files, variables, paths))["importNotice"]
    want = read_notice(sample)
    assert got["noticeId"] == want.notice.id and got["title"] == want.notice.title
    assert sorted(set(got["taskIds"])) == sorted({task_id(t.id) for t in want.tasks})
    assert len([t for t in got["taskIds"] if ":附件1." in t]) == 17
    # The same notice read from Word files replaces the one read from text: the same graph.
    assert fresh_api.backend.counts() == before
    assert {w["place"] for w in got["warnings"]} >= {"表1第18行第1列"}


def test_upload_needs_the_token_and_refuses_a_bad_file(fresh_api: Api) -> None:
    before = fresh_api.backend.counts()
    files = {"0": ("通知.docx", b"PK\x03\x04broken")}
    body = _multipart(fresh_api, files, {"file": None}, {"0": ["variables.file"]}, auth=False)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    body = _multipart(fresh_api, files, {"file": None}, {"0": ["variables.file"]})
    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"]["code"] == "NOTICE_UNREADABLE", error
    assert "通知.docx" in error["message"] and "文件已损坏或不完整" in error["message"]
    assert fresh_api.backend.counts() == before
