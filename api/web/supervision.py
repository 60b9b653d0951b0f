"""The supervision pages: 登录, 我的任务 (a unit), 督办台账 (the office) with .xlsx export, 留痕.

Server-rendered, no JavaScript, zh-CN. Log in once with a token: the session cookie is
HttpOnly and SameSite=Strict and expires (sessions are kept hashed in the store: a restart
keeps them); the log-in form carries a signed token of its own and every later form the
session's CSRF token; the
same graph.supervision functions as the CLI and GraphQL decide and write.
"""

import datetime as dt
import hmac
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dutygraph.api.accounts import Accounts, exclusive
from dutygraph.api.web.pages import TEMPLATES, _root
from dutygraph.api.web.sessions import (
    COOKIE,
    LOGIN_COOKIE,
    LOGIN_SECONDS,
    SESSION_SECONDS,
    Deferred,
    Session,
    Sessions,
    fingerprint,
)
from dutygraph.graph.errors import GraphError
from dutygraph.graph.progress import lights_at
from dutygraph.graph.supervision import ROLE_ZH, STEPS, Account, AuditFilter, Forbidden, writes
from dutygraph.graph.supervision import audit as g_audit
from dutygraph.graph.supervision.ledger import LIGHT_ZH, LedgerFilter
from dutygraph.graph.supervision.tables import store_of

BAD_LOGIN = "令牌无效，请核对后重试。"
"""The one message for every failed log-in: it never tells whether an account exists."""
STALE_LOGIN = "登录页面已过期或来源不明，请在本页重新输入令牌登录。"
"""A log-in post without the form's own signed token (another site, or a page left open)."""
PAGE = 50


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _day(request: Request) -> dt.date:
    raw = request.query_params.get("as_of") or ""
    try:
        return dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        return dt.date.today()


def _strict_cookie(
    request: Request, response: Response, name: str, value: str, seconds: int
) -> None:
    """An HttpOnly, SameSite=Strict cookie for the whole site (Secure over https)."""
    response.set_cookie(
        name,
        value,
        max_age=seconds,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


async def _form(request: Request) -> dict[str, str]:
    """An url-encoded form body (what a plain HTML form sends); the first value of each name.

    Parsed here rather than with Starlette's form parser, which needs python-multipart for
    a format these pages never accept (file uploads).
    """
    body = (await request.body()).decode("utf-8", errors="replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def routes(backend: Any, accounts: Accounts, sessions: Sessions | None = None) -> list[BaseRoute]:
    """/login, /logout, /my, /ledger, /ledger.xlsx and /audit over `backend`."""
    sessions = sessions or Sessions(Deferred(backend))

    def page(request: Request, name: str, status: int = 200, **context: object) -> Response:
        base = {"root": _root(request), "kinds": {}, "roles": ROLE_ZH, "lights": LIGHT_ZH}
        response = TEMPLATES.TemplateResponse(
            request, name, {**base, **context}, status_code=status
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def problem(request: Request, status: int, title: str, message: str) -> Response:
        return page(request, "problem.html", status, title=title, message=message)

    def current(request: Request) -> tuple[Account, Session] | None:
        sid = request.cookies.get(COOKIE)
        s = sessions.get(sid)
        if s is None:
            return None
        account = accounts.by_id(s.account_id)
        if account is not None and account.id == 0:  # the office's server token: still that one?
            account = account if s.bound == fingerprint(accounts.settings.token) else None
        if account is None:  # revoked (or the server token changed): the session ends here
            sessions.end(sid)
            return None
        return account, s

    def to_login(request: Request) -> Response:
        return RedirectResponse(f"{_root(request)}/login", status_code=303)

    async def form_of(request: Request, s: Session) -> dict[str, str] | None:
        """The posted form when its CSRF token matches the session's, else None."""
        data = await _form(request)
        sent = data.get("csrf", "")
        return data if hmac.compare_digest(sent.encode(), s.csrf.encode()) else None

    async def posted(request: Request) -> tuple[Account, dict[str, str]] | Response:
        """The logged-in account and its CSRF-checked form, or the page to answer instead."""
        found = current(request)
        if found is None:
            return to_login(request)
        account, s = found
        data = await form_of(request, s)
        if data is None:
            return problem(request, 403, "请求无效", "表单已过期，请返回页面重新提交。")
        return account, data

    def home(account: Account) -> str:
        return "/my" if account.role == "unit" else "/ledger"

    def login_page(request: Request, status: int = 200, error: str | None = None) -> Response:
        """The log-in form with a fresh signed token, its nonce in a cookie of its own."""
        nonce, token = sessions.login_form()
        response = page(request, "login.html", status, title="登录", error=error, csrf=token)
        _strict_cookie(request, response, LOGIN_COOKIE, nonce, LOGIN_SECONDS)
        return response

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return login_page(request)
        data = await _form(request)
        if not sessions.login_ok(request.cookies.get(LOGIN_COOKIE), data.get("csrf", "")):
            return login_page(request, 403, STALE_LOGIN)
        client = _client(request)
        wait = sessions.wait(client)
        if wait > 0:
            return login_page(request, 429, f"尝试次数过多，请{int(wait) + 1}秒后再试。")
        token = data.get("token", "").strip()
        account = accounts.lookup(token, client) if token else None
        if account is None:
            sessions.failed(client)
            return login_page(request, 401, BAD_LOGIN)
        sessions.succeeded(client)
        bound = fingerprint(accounts.settings.token) if account.id == 0 else ""
        sid, _ = sessions.start(account.id, bound)
        response = RedirectResponse(_root(request) + home(account), status_code=303)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        _strict_cookie(request, response, COOKIE, sid, SESSION_SECONDS)
        return response

    async def logout(request: Request) -> Response:
        found = current(request)
        if found and await form_of(request, found[1]) is None:
            return problem(request, 403, "请求无效", "表单已过期，请返回页面重新提交。")
        sessions.end(request.cookies.get(COOKIE))
        response = to_login(request)
        response.delete_cookie(COOKIE, path="/")
        return response

    def my(request: Request) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        account, s = found
        if account.role != "unit" or not account.unit_id:
            return RedirectResponse(_root(request) + "/ledger", status_code=303)
        day = _day(request)
        with exclusive(backend):
            # The unit's tasks and cells (on Neo4j only those: loop_graph).
            g = backend.loop_graph([account.unit_id])
            rows = writes.ledger_rows(backend, day, LedgerFilter(unit=account.unit_id))
        lights = lights_at(g, day)
        targets = []
        for n, a in g.nodes(data=True):
            p = a.get("props", {})
            if (
                a.get("kind") == "Target"
                and p.get("unit") == account.unit_id
                and not p.get("stated")
            ):
                st = lights.target(str(n))
                targets.append({"id": n, "p": p, "status": st})
        targets.sort(
            key=lambda t: (str(t["p"]["table"]), len(str(t["p"]["period"])), str(t["p"]["period"]))
        )
        return page(
            request,
            "my.html",
            title="我的任务",
            account=account,
            csrf=s.csrf,
            rows=rows,
            targets=targets,
            as_of=day.isoformat(),
            message=request.query_params.get("msg"),
        )

    async def my_post(request: Request) -> Response:
        got = await posted(request)
        if isinstance(got, Response):
            return got
        account, data = got
        what = data.get("what", "")
        try:
            with exclusive(backend):
                if what == "value":
                    tid = data.get("target", "")
                    g = backend.lights_graph([tid])  # the target and its unit
                    if tid not in g or g.nodes[tid].get("kind") != "Target":
                        return problem(request, 404, "未找到", "没有这个目标。")
                    p = g.nodes[tid]["props"]
                    unit = str(g.nodes[p["unit"]]["label"]) if p["unit"] in g else str(p["unit"])
                    try:
                        value = float(data.get("value", ""))
                    except ValueError:
                        return problem(request, 400, "数值有误", "请填写数字。")
                    writes.record_progress(
                        backend,
                        account,
                        unit,
                        str(p["table"]),
                        str(p["period"]),
                        value,
                        dt.date.today(),
                    )
                    msg = f"已报送：{p['table']} {p['period']} 实际{value:g}"
                elif what in ("sign", "note"):
                    step = STEPS[1] if what == "sign" else STEPS[2]
                    writes.step(
                        backend,
                        account,
                        data.get("task", ""),
                        step,
                        data.get("note", ""),
                        None,
                        data.get("unit") or account.unit_id,
                    )
                    msg = "已签收" if what == "sign" else "已报送进展"
                else:
                    return problem(request, 400, "请求无效", "未知的操作。")
        except Forbidden as exc:
            return problem(request, 403, "无权操作", str(exc))
        except GraphError as exc:
            return problem(request, 400, "无法办理", str(exc))
        return RedirectResponse(f"{_root(request)}/my?{urlencode({'msg': msg})}", status_code=303)

    def _filter(request: Request) -> LedgerFilter:
        q = request.query_params
        return LedgerFilter(
            q.get("unit") or None,
            q.get("notice") or None,
            q.get("status") or None,
            q.get("light") or None,
        )

    def office(request: Request) -> tuple[Account, Session] | Response:
        """The logged-in office or leader account (the ledger is theirs), or the page to answer."""
        found = current(request)
        if found is None:
            return to_login(request)
        if found[0].role == "unit":
            return problem(request, 403, "无权查看", "督办台账由督查室和领导查看；请看“我的任务”。")
        return found

    def ledger_page(request: Request) -> Response:
        got = office(request)
        if isinstance(got, Response):
            return got
        account, s = got
        day = _day(request)
        f = _filter(request)
        with exclusive(backend):
            rows = writes.ledger_rows(backend, day, f)
        query = {k: v for k, v in request.query_params.items() if v and k != "offset"}
        offset = max(0, int(request.query_params.get("offset", "0") or 0))
        return page(
            request,
            "ledger.html",
            title="督办台账",
            account=account,
            csrf=s.csrf,
            rows=rows[offset : offset + PAGE],
            total=len(rows),
            offset=offset,
            page_size=PAGE,
            f=f,
            as_of=day.isoformat(),
            statuses=STEPS,
            export=f"{_root(request)}/ledger.xlsx?{urlencode(query)}",
            query=query,
            message=request.query_params.get("msg"),
        )

    async def ledger_close(request: Request) -> Response:
        got = await posted(request)
        if isinstance(got, Response):
            return got
        account, data = got
        step = {"close": STEPS[3], "remind": "已催办"}.get(data.get("what", ""), "")
        try:
            with exclusive(backend):
                writes.step(
                    backend,
                    account,
                    data.get("task", ""),
                    step,
                    data.get("note", ""),
                    None,
                    data.get("unit", ""),
                )
        except Forbidden as exc:
            return problem(request, 403, "无权操作", str(exc))
        except GraphError as exc:
            return problem(request, 400, "无法办理", str(exc))
        msg = "已办结" if step == STEPS[3] else "已催办"
        return RedirectResponse(
            f"{_root(request)}/ledger?{urlencode({'msg': msg})}", status_code=303
        )

    def ledger_xlsx(request: Request) -> Response:
        got = office(request)
        if isinstance(got, Response):
            return got
        day = _day(request)
        f = _filter(request)
        # openpyxl (~0.3 s with numpy) loads with the first ledger, not on the way to ready.
        from dutygraph.graph.supervision.workbook import write_ledger

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "ledger.xlsx"
            with exclusive(backend):
                rows = writes.ledger_rows(backend, day, f)
                units = [r.unit_id for r in rows][:1] if f.unit else []
                write_ledger(out, rows, day, backend.loop_graph(units), units)
            data = out.read_bytes()
        name = f"督办台账{day.isoformat()}.xlsx"
        headers = {
            "Content-Disposition": f"attachment; filename=ledger.xlsx; filename*=UTF-8''{quote(name)}"
        }
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(data, media_type=media, headers=headers)

    def audit_page(request: Request) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        account, s = found
        q = request.query_params
        unit = q.get("unit") or None
        if account.role == "unit":
            unit = account.unit_id  # a unit sees the trail of its own items
        offset = max(0, int(q.get("offset", "0") or 0))
        with exclusive(backend):
            try:
                uid = writes.resolve_unit(backend, unit) if unit else None
            except GraphError as exc:
                return problem(request, 400, "单位有误", str(exc))
            f = AuditFilter(uid, q.get("item") or None, q.get("account") or None)
            found_page = g_audit.records(store_of(backend), f, offset, PAGE)
            # The page's items for their names (rights_graph reads them with their owners).
            g = backend.rights_graph(sorted({r.item for r in found_page.items if r.item}), [])
        labels = {}
        for r in found_page.items:
            if r.item and r.item in g:
                p = g.nodes[r.item].get("props", {})
                labels[r.item] = f"{p.get('path') or ''} {g.nodes[r.item].get('label', '')}".strip()
        return page(
            request,
            "audit.html",
            title="留痕记录",
            account=account,
            csrf=s.csrf,
            page=found_page,
            q=dict(q),
            actions=g_audit.ACTION_ZH,
            labels=labels,
            shown=g_audit.shown,
        )

    return [
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/my", my, methods=["GET"]),
        Route("/my", my_post, methods=["POST"]),
        Route("/ledger", ledger_page, methods=["GET"]),
        Route("/ledger", ledger_close, methods=["POST"]),
        Route("/ledger.xlsx", ledger_xlsx, methods=["GET"]),
        Route("/audit", audit_page, methods=["GET"]),
    ]
