"""Page sessions survive a restart, are kept only hashed, end on logout and on revocation; the
log-in form carries a signed token of its own (through the real app)."""

import hashlib
import os
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest

from dutygraph.api.app import create_app
from dutygraph.api.web.sessions import COOKIE, LOGIN_COOKIE
from dutygraph.api.web.supervision import STALE_LOGIN
from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.tables import SqliteSupervision, store_of
from tests.api.conftest import OPEN, Api
from tests.api.web.test_supervision_pages import _client, _csrf, _login
from tests.graph.conftest import NO_NEO4J, loaded_backend


def _app_over(path: Path, settings: Any = OPEN) -> tuple[Embedded, Any]:
    """A second server process over the same store file (a restart)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    db = Embedded(Store(path))
    app = create_app(db, settings)
    return db, TestClient(app, client=("10.0.0.9", 50000), base_url="http://localhost")


def _store_file(api: Api) -> Path:
    found = store_of(api.backend)
    assert isinstance(found, SqliteSupervision)
    return Path(found.store.path)


def test_a_session_survives_a_restart_and_only_its_hash_is_kept(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    c = _client(fresh_api)
    r = _login(c, token, follow_redirects=False)
    assert r.status_code == 303
    sid = c.cookies[COOKIE]
    rows = (
        sqlite3.connect(_store_file(fresh_api))
        .execute("SELECT key, account_id FROM web_sessions")
        .fetchall()
    )
    assert rows == [(hashlib.sha256(sid.encode()).digest(), 1)]  # the id itself is not stored
    db, restarted = _app_over(_store_file(fresh_api))
    with db:
        restarted.cookies.set(COOKIE, sid)
        page = restarted.get("/my", follow_redirects=False)
        assert page.status_code == 200 and "我的任务 · 税郭镇" in page.text
        # logging out on the new server ends the session for every server on the file
        restarted.post("/logout", data={"csrf": _csrf(page.text)})
    assert c.get("/my", follow_redirects=False).status_code == 303


def test_revoking_the_account_ends_its_sessions(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    c = _client(fresh_api)
    _login(c, token)
    assert c.get("/my", follow_redirects=False).status_code == 200
    writes.revoke_account(fresh_api.backend, SERVER_TOKEN, "税郭镇")
    assert c.get("/my", follow_redirects=False).headers["location"].endswith("/login")
    count = sqlite3.connect(_store_file(fresh_api)).execute("SELECT count(*) FROM web_sessions")
    assert count.fetchone() == (0,)


def test_an_office_session_ends_when_the_server_token_changes(fresh_api: Api) -> None:
    office = _client(fresh_api)
    assert "督办台账" in _login(office, OPEN.token or "").text
    sid = office.cookies[COOKIE]
    db, same = _app_over(_store_file(fresh_api))
    with db:
        same.cookies.set(COOKIE, sid)
        assert same.get("/ledger", follow_redirects=False).status_code == 200
    rotated = OPEN.__class__(token="a-new-token-7c2e", reads="open")
    db, new = _app_over(_store_file(fresh_api), rotated)
    with db:
        new.cookies.set(COOKIE, sid)
        assert new.get("/ledger", follow_redirects=False).status_code == 303


def test_login_needs_the_forms_own_signed_token(fresh_api: Api) -> None:
    _, token = writes.add_account(fresh_api.backend, SERVER_TOKEN, "税郭镇", "unit")
    c = _client(fresh_api)
    form = c.get("/login")
    assert form.headers["cache-control"] == "no-store"
    cookie = form.headers["set-cookie"]
    assert cookie.startswith(f"{LOGIN_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    signed = _csrf(form.text)
    # no token, a wrong one, and the right one without the form's cookie: refused in Chinese
    missing = c.post("/login", data={"token": token}, follow_redirects=False)
    flipped = signed[:-1] + ("1" if signed.endswith("0") else "0")
    wrong = c.post("/login", data={"token": token, "csrf": flipped})
    stranger = _client(fresh_api, "10.0.0.8")  # another browser: no dg_login cookie
    forged = stranger.post("/login", data={"token": token, "csrf": signed})
    for r in (missing, wrong, forged):
        assert r.status_code == 403 and STALE_LOGIN in r.text and 'lang="zh-CN"' in r.text
        assert COOKIE not in r.cookies
    assert _client(fresh_api, "10.0.0.6").get("/my", follow_redirects=False).status_code == 303
    # a refusal gives a fresh form (new cookie): the old token is spent, the new one logs in
    again = c.post("/login", data={"token": token, "csrf": signed})
    assert again.status_code == 403
    fresh = _csrf(again.text)
    ok = c.post("/login", data={"token": token, "csrf": fresh}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].endswith("/my")
    assert c.cookies.get(COOKIE) and c.get("/my").status_code == 200


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)
def test_a_session_survives_a_restart_on_neo4j(tmp_path: Path, api_results: list[Any]) -> None:
    from dutygraph.graph.backends import Neo4jStore
    from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision

    def sessions(db: Neo4jStore) -> list[dict[str, Any]]:
        with db.driver.session(database=db.database) as s:
            found = s.run("MATCH (w:WebSession) RETURN w.hash AS hash, w.account_id AS id")
            return [r.data() for r in found]

    with loaded_backend("neo4j", tmp_path / "g.sqlite", api_results) as backend:
        sup = neo4j_supervision(backend)
        assert sup is not None
        sup.clear()
        writes.add_account(backend, SERVER_TOKEN, "孟庄镇", "unit")
        _, token = writes.add_account(backend, SERVER_TOKEN, "税郭镇", "unit")
        c = _client(Api(backend))
        assert _login(c, token, follow_redirects=False).status_code == 303
        sid = c.cookies[COOKIE]
        assert isinstance(backend, Neo4jStore)
        # only the hash is kept, with 税郭镇's account (the second one made)
        assert sessions(backend) == [{"hash": hashlib.sha256(sid.encode()).hexdigest(), "id": 2}]
        with Neo4jStore() as again:  # a new server process on the same database
            restarted = Api(again).client
            restarted.cookies.set(COOKIE, sid)
            page = restarted.get("/my", follow_redirects=False)
            assert page.status_code == 200 and "我的任务 · 税郭镇" in page.text
            restarted.post("/logout", data={"csrf": _csrf(page.text)})
            assert sessions(again) == []
        assert c.get("/my", follow_redirects=False).status_code == 303
        sup.clear()
