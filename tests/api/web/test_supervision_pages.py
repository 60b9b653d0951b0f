"""The supervision pages through the real app: log in once, 我的任务, refusals, 督办台账, 留痕."""

import io
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import uvicorn

from dutygraph.api.web.pages import map_path
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.visualize.labels import node_name
from tests.api.conftest import ROOT, TOKEN, Api

TASK = "t:na3a8e7f37d:三.(二).1"
SHUIGUO = "u:枣庄市市中区税郭镇"


def _client(api: Api, host: str = "10.0.0.7"):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    return TestClient(api.client.app, client=(host, 50000), base_url="http://localhost")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _login(c: Any, token: str, **kwargs: Any) -> Any:
    """Log in as a browser does: open the form (its signed token and cookie), then post it."""
    form = c.get("/login")
    return c.post("/login", data={"token": token, "csrf": _csrf(form.text)}, **kwargs)


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def test_unit_reports_and_office_closes(both_api: Api) -> None:
    fresh_api = both_api  # on SQLite and on Neo4j
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    unit = _client(fresh_api)
    assert unit.get("/my", follow_redirects=False).headers["location"].endswith("/login")
    r = _login(unit, token, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/my")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=28800" in cookie
    page = unit.get("/my").text
    assert (
        "我的任务 · 税郭镇" in page
        and "<script" not in page
        and "http" not in page.split("<main>")[1]
    )
    g = fresh_api.backend.snapshot()
    own = next(
        n
        for n, a in g.nodes(data=True)
        if a["kind"] == "Target"
        and a["props"]["unit"] == "u:枣庄市市中区税郭镇"
        and a["props"]["table"] == "知识产权专利开放许可"
        and a["props"]["period"] == "2024"
    )
    before = _row(page, f'data-target="{own}"')
    assert "未报" in before
    csrf = _csrf(page)
    # without the CSRF token nothing is written
    assert unit.post("/my", data={"what": "value", "target": own, "value": "5"}).status_code == 403
    r = unit.post("/my", data={"csrf": csrf, "what": "value", "target": own, "value": "5"})
    assert r.status_code == 200 and "已报送" in r.text
    after = _row(r.text, f'data-target="{own}"')
    assert "<td>5</td>" in after and after != before
    # 孟庄镇's target is refused
    other = next(
        n
        for n, a in g.nodes(data=True)
        if a["kind"] == "Target" and a["props"]["unit"] == "u:枣庄市市中区孟庄镇"
    )
    r = unit.post("/my", data={"csrf": csrf, "what": "value", "target": other, "value": "5"})
    assert r.status_code == 403 and "无权" in r.text
    r = unit.post("/my", data={"csrf": csrf, "what": "sign", "task": TASK})
    assert "已签收" in _row(r.text, f'data-task="{TASK}"')
    assert unit.get("/ledger").status_code == 403  # the ledger is the office's
    # the office logs in with the server token, closes the task and exports the ledger
    office = _client(fresh_api)
    r = _login(office, TOKEN)
    assert "督办台账" in r.text
    page = office.get("/ledger", params={"unit": "税郭镇", "as_of": "2024-12-10"}).text
    assert page.count("<tr data-task=") == 12
    r = office.post(
        "/ledger",
        data={
            "csrf": _csrf(page),
            "what": "close",
            "task": TASK,
            "unit": "u:枣庄市市中区税郭镇",
            "note": "经核查已完成",
        },
    )
    assert r.status_code == 200 and "已办结" in r.text
    x = office.get("/ledger.xlsx", params={"unit": "税郭镇", "as_of": "2024-12-10"})
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    rows = list(wb["督办台账"].iter_rows(min_row=3, values_only=True))
    closed = next(r for r in rows if r[2] == "三.(二).1 探索推进专利开放许可")
    assert closed[9] == "已办结" and closed[10].endswith("经核查已完成")
    # the audit page lists the three changes with who and when
    trail = office.get("/audit", params={"unit": "税郭镇"}).text
    cells = r'<tr data-action="\w+"><td>\d+</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>'
    actions = re.findall(cells, trail)
    assert [(who, what) for _, who, what in actions][:3] == [
        ("督查室（服务器令牌）", "办结"),
        ("税郭镇", "签收"),
        ("税郭镇", "报送进度"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when) for when, _, _ in actions)
    assert "数值：5" in trail and "\\u" not in trail  # values as a clerk reads them


def test_failed_logins_are_slowed_and_never_say_who_exists(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    c = _client(fresh_api)
    wrong_secret = token[:-2] + ("xx" if not token.endswith("xx") else "yy")
    first = _login(c, wrong_secret)
    second = _login(c, "dg_000000000000_nobody")
    assert first.status_code == second.status_code == 401
    assert "令牌无效，请核对后重试。" in first.text and "令牌无效，请核对后重试。" in second.text
    _login(c, "nonsense")
    slowed = _login(c, token)  # right token, but too many tries
    assert slowed.status_code == 429 and "请" in slowed.text and "秒后再试" in slowed.text
    elsewhere = _client(fresh_api, "10.0.0.8")  # another address is not slowed by these
    assert _login(elsewhere, token, follow_redirects=False).status_code == 303


def test_logout_needs_the_csrf_token(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    c = _client(fresh_api)
    page = _login(c, token).text
    assert c.post("/logout", data={}).status_code == 403
    assert c.get("/my", follow_redirects=False).status_code == 200  # still logged in
    c.post("/logout", data={"csrf": _csrf(page)})
    assert c.get("/my", follow_redirects=False).status_code == 303


CHROMIUM = Path("/usr/bin/chromium")
PLAYWRIGHT = ROOT / "node_modules" / "playwright-core"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make sysdeps)"
)
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(not PLAYWRIGHT.is_dir(), reason="playwright-core is not installed (make node)")
def test_browser_unit_reports_office_closes(fresh_api: Api, tmp_path: Path) -> None:
    db = fresh_api.backend
    _, token = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
    g = db.snapshot()

    def cell(unit: str) -> str:
        return next(
            str(n)
            for n, a in g.nodes(data=True)
            if a["kind"] == "Target"
            and a["props"]["unit"] == unit
            and a["props"]["table"] == "知识产权专利开放许可"
            and a["props"]["period"] == "2024"
        )

    port = _free_port()
    app = fresh_api.client.app
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        base = f"http://127.0.0.1:{port}"
        mine, theirs = cell("u:枣庄市市中区税郭镇"), cell("u:枣庄市市中区孟庄镇")
        out = subprocess.run(
            ["node", str(ROOT / "tools" / "supervision_check.mjs"), base, token, TOKEN]
            + [mine, theirs, TASK, str(tmp_path), SHUIGUO, map_path("unit", SHUIGUO)]
            + [node_name(TASK)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        srv.should_exit = True
        thread.join(5)
    assert out.returncode == 0, out.stderr + out.stdout
    seen = json.loads(out.stdout)
    assert seen["unit_url"] == f"{base}/my" and seen["unit_h1"] == "我的任务 · 税郭镇"
    assert (seen["light_before"], seen["light_after"], seen["actual_after"]) == (
        "红灯",
        "绿灯",
        "5",
    )
    assert seen["message"] == "已报送：知识产权专利开放许可 2024 实际5"
    assert seen["refused_status"] == 403 and "无权报送进展" in seen["refused_text"]
    assert seen["task_status"] == "已签收"
    assert seen["office_h1"] == "督办台账" and seen["close_message"] == "已办结"
    assert seen["closed_status"] == "已办结" and seen["download_zip"] == "PK"
    # 税郭镇's own light of the task on its map and in GraphQL: red while its target (15 项)
    # has 5 at today's date, green once the office closed it for 税郭镇
    before = {"map": "node task status-red", "status": "已签收", "light": "red"}
    assert seen["lights_before"] == before
    after = {"map": "node task status-green", "status": "已办结", "light": "green"}
    assert seen["lights_after"] == after
    assert seen["download_name"].startswith("督办台账") and seen["download_name"].endswith(".xlsx")
    assert [row[1:] for row in seen["audit"]] == [
        ["督查室（服务器令牌）", "办结"],
        ["税郭镇", "签收"],
        ["税郭镇", "报送进度"],
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[0]) for row in seen["audit"])
    assert (tmp_path / "my.png").read_bytes()[:4] == b"\x89PNG"
