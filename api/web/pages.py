"""The web pages leaders look at: an index and one page per map, server-rendered HTML (zh-CN).

`routes(backend)` returns Starlette routes for the shared app (api/app.py mounts them):

    /                          groups, notices, allocation tables and units, each linked to its map
    /map/{kind}/{id}           the map as inline SVG with clickable nodes; ?format=png|pdf|svg
                               downloads it; ?period=2024 picks a roll-up period;
                               ?as_of=2024-12-10 dates the traffic lights (default today)
    /task/{id or name}         one task: words, notice, section, owners, indicators with
                               actuals and lights, deadline, status (a name: did-you-mean)
    /notice/{id or name}       a notice's tasks and indicators as a list; ?section=三.(三) one
                               section (the 另有K项 nodes of a task map open these)
    /members/{group id or name} a group's leaders, office, members and every unit under them
                               (the group and 另有K项 nodes of an org map open it)
    /static/…                  the stylesheet, and GraphiQL's scripts in /static/vendor/
                               (copied from npm by `make node`: tools/vendor_graphiql.mjs)

Ids are URL-encoded (they hold ':' and Chinese). No JavaScript and no CDN: government networks
are often offline. The pages call the same functions as `dutygraph render` (visualize.maps).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import networkx as nx
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from dutygraph.api.computing import GapsWindow, store_gaps_window, store_gaps_workbook
from dutygraph.api.errors import ApiError
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.gaps import (
    KIND_ZH,
    SEVERITY_ZH,
    GapQueryError,
    UnknownKind,
    chosen_kinds,
    notice_names,
    status_zh,
    unit_people,
)
from dutygraph.graph.progress import Status
from dutygraph.graph.queries import IndicatorInfo, SearchHit, TaskInfo, UnitInfo, did_you_mean
from dutygraph.graph.queries.browse import NoticeInfo
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.supervision.ledger import task_tables
from dutygraph.graph.supervision.lights import loop_lights
from dutygraph.graph.supervision.status import due_of
from dutygraph.graph.views import find_groups, notice_view, organisation
from dutygraph.graph.views.refs import attrs, in_edges, notice_nodes
from dutygraph.graph.views.task import find_tasks, task_card
from dutygraph.graph.views.unit_card import unit_card
from dutygraph.loaders import natural_key, number_zh
from dutygraph.visualize.maps import (
    KIND_TITLE,
    KINDS,
    AmbiguousMap,
    MapNotFound,
    NoSuchPeriod,
    build_map,
)
from dutygraph.visualize.nodes import Link, split_section_id
from dutygraph.visualize.org_map import under_anchor
from dutygraph.visualize.render import FORMATS, RenderError, render_bytes, svg_text
from dutygraph.visualize.style import ROLE_NAME
from dutygraph.visualize.task_map import indicator_text

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
KIND_NOUN = {"org": "领导机构", "notice": "通知", "rollup": "分解指标", "unit": "单位"}


def map_path(kind: str, ident: str, **query: str) -> str:
    """'/map/unit/u%3A枣庄市…' with every character of the id that is not unreserved encoded."""
    path = f"/map/{kind}/{quote(ident, safe='')}"
    return path + ("?" + urlencode(query) if query else "")


def task_path(task: str) -> str:
    """'/task/t%3Ana3a8e7f37d%3A…': the page of one task."""
    return f"/task/{quote(task, safe='')}"


def items_path(notice: str, **query: str) -> str:
    """'/notice/n%3A…?section=…': the list of a notice's tasks and indicators."""
    path = f"/notice/{quote(notice, safe='')}"
    return path + ("?" + urlencode(query) if query else "")


def indicator_path(g: nx.MultiDiGraph, indicator: str) -> str | None:
    """Where an indicator is listed with its actual and light: its task's page, else its
    notice's list; None when it hangs off neither."""
    for parent, _ in in_edges(g, indicator, "CONTAINS"):
        kind = attrs(g, parent)["kind"]
        if kind == "Task":
            return task_path(parent) + "#indicators"
        if kind == "Notice":
            return items_path(parent) + "#indicators"
    return None


def members_path(group: str) -> str:
    """'/members/g%3A…': a group's member list."""
    return f"/members/{quote(group, safe='')}"


def page_path(g: nx.MultiDiGraph, kind: str, ident: str) -> str | None:
    """The page for a node a map links (visualize.nodes.Link's kinds), without the root."""
    if kind in KINDS:
        return map_path(kind, ident)
    if kind == "task":
        return task_path(ident)
    if kind == "indicator":
        return indicator_path(g, ident) if ident in g else None
    if kind == "section":
        nid, key = split_section_id(ident)
        return items_path(nid, section=key)
    if kind == "items":
        return items_path(ident)
    if kind == "indicators":  # a roll-up knows its notice by parse id (na3a8e7f37d)
        found = ident if ident in g else notice_nodes(g).get(ident)
        return None if found is None else items_path(found) + "#indicators"
    if kind == "duties":
        return map_path("unit", ident) + "#duties"
    if kind == "members":
        return members_path(ident)
    return None


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _link(request: Request, g: nx.MultiDiGraph) -> Link:
    root = _root(request)

    def link(kind: str, ident: str) -> str | None:
        path = page_path(g, kind, ident)
        return root + path if path else None

    return link


def _page(request: Request, name: str, status: int = 200, **context: object) -> Response:
    context = {"root": _root(request), "kinds": KIND_TITLE, **context}
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def _problem(
    request: Request,
    status: int,
    title: str,
    message: str,
    links: list[tuple[str, str]] | None = None,
) -> Response:
    """The Chinese problem page; `links` (label, path) are the candidates a user may pick."""
    return _page(request, "problem.html", status, title=title, message=message, links=links or [])


def _day(request: Request) -> dt.date | None:
    """?as_of= as a date (today when absent); None when it is not a date."""
    day = request.query_params.get("as_of") or dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None


def _bad_day(request: Request) -> Response:
    day = request.query_params.get("as_of")
    return _problem(request, 400, "日期有误", f"日期“{day}”无法识别，请写成2024-12-31。")


def _zh_problem(message: str) -> str:
    """A library message for the gaps filter, with its did-you-mean part kept."""
    if "unknown finding kind" in message:
        return "没有这种问题类型。"
    head, _, hint = message.partition("。")
    return "没有找到这个单位或通知。" + hint


# Findings per page of /gaps: one A4 sheet when printed (tests/api/web: the print preview).
GAPS_ROWS = 15
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_number(request: Request) -> int:
    """?page= as a page number from 1 (1 when absent or not a number)."""
    text = request.query_params.get("page") or ""
    return max(1, int(text)) if text.isdigit() else 1


def _gaps_seconds(request: Request) -> float:
    seconds: float = request.app.state.settings.gaps_seconds
    return seconds


def _given(query: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in query.items() if v}


def _gaps_path(request: Request, query: dict[str, str], page: int) -> str:
    """The gaps page with the same filters, at `page` (no ?page= for the first)."""
    paged = {**_given(query), **({"page": str(page)} if page > 1 else {})}
    return f"{_root(request)}/gaps?{urlencode(paged)}"


@dataclass(frozen=True)
class GapCounts:
    """The counts table above the findings: a column per kind with findings (its name and its
    filtered page), a row per severity and a 合计 row."""

    kinds: list[tuple[str, str]]
    rows: list[tuple[str, list[int]]]


def _gap_counts(
    counts: dict[tuple[str, str], int], request: Request, query: dict[str, str]
) -> GapCounts:
    kinds = [k for k in KIND_ZH if any(counts.get((k, sev)) for sev in SEVERITY_ZH)]
    rows = [(zh, [counts.get((k, sev), 0) for k in kinds]) for sev, zh in SEVERITY_ZH.items()]
    rows.append(("合计", [sum(counts.get((k, sev), 0) for sev in SEVERITY_ZH) for k in kinds]))
    heads = [(KIND_ZH[k], _gaps_path(request, {**query, "kind": k}, 1)) for k in kinds]
    return GapCounts(heads, rows)


SEARCH_SHOWN = 50
SEARCH_NEAR: tuple[What, ...] = ("unit", "item", "table", "notice")
MAP_NEAR: dict[str, What] = {"unit": "unit", "rollup": "table", "notice": "notice", "org": "unit"}
KIND_ZH_NODE = {"Unit": "单位", "Task": "任务", "Indicator": "指标", "Notice": "通知"}


def _hit(g: nx.MultiDiGraph, h: SearchHit) -> dict[str, str]:
    """A search hit as the page lists it: kind in Chinese, label, snippet and a useful link."""
    n = h.node
    if isinstance(n, UnitInfo):
        href, label = map_path("unit", n.id), n.name
    elif isinstance(n, NoticeInfo):
        href, label = map_path("notice", n.id), n.doc_number or n.title
    elif isinstance(n, TaskInfo):
        href, label = task_path(n.id), f"{n.path or ''} {n.label}".strip()
    elif isinstance(n, IndicatorInfo):
        href = indicator_path(g, n.id) or map_path("notice", f"n:{n.notice}")
        label = n.name
    else:
        href, label = "/", str(getattr(n, "id", ""))
    return {
        "kind": KIND_ZH_NODE.get(h.kind, h.kind),
        "href": href,
        "label": label,
        "snippet": h.snippet,
    }


def _unit_extras(
    backend: GraphBackend, g: nx.MultiDiGraph, uid: str, as_of: dt.date
) -> dict[str, object]:
    """A unit page's people (分管领导, 联络员), tasks with lights, targets with actuals, from
    the graph its map was drawn from (on Neo4j only the unit's part: Map.source)."""
    card = unit_card(g, uid, backend.responsibilities(str(g.nodes[uid]["label"])))
    ids = [d.id for d in card.duties]
    # A task shows the unit's own task × unit light (status and numbers), as on its map.
    loop = loop_lights(backend, g, as_of)
    lights = {i: loop.status_for(i, uid) for i in ids if i in g}
    rows = sorted(card.duties, key=lambda d: (d.kind != "Task", natural_key(d.path), d.label))
    # Each row opens its page: a task its own, an indicator its task's, a target its roll-up.
    kinds = {"Task": "task", "Indicator": "indicator"}
    pages: dict[str, str | None] = {}
    for d in rows:
        if d.kind in kinds:
            pages[d.id] = page_path(g, kinds[d.kind], d.id)
        elif d.table:
            pages[d.id] = page_path(g, "rollup", d.table)
    return {"people": unit_people(g, uid), "duties": rows, "lights": lights, "pages": pages}


def _lights_of(
    backend: GraphBackend, g: nx.MultiDiGraph, ids: list[str], as_of: dt.date
) -> dict[str, Status]:
    """The lights of `ids` as maps colour them (numbers, and the loop's status once in use)."""
    loop = loop_lights(backend, g, as_of)
    return {i: loop.status(i) for i in ids if i in g}


def _owner_lights(
    backend: GraphBackend, g: nx.MultiDiGraph, task: str, units: list[str], as_of: dt.date
) -> dict[str, Status]:
    """Each owner's own light of `task` (its task × unit light, as on its unit map)."""
    loop = loop_lights(backend, g, as_of)
    return {u: loop.status_for(task, u) for u in units}


# What the task page and a notice's list format with: roles, numbers, lights, links.
_ITEM_WORDS: dict[str, Any] = {
    "role": ROLE_NAME,
    "number": number_zh,
    "amount": indicator_text,
    "status_zh": status_zh,
    "map_path": map_path,
    "items_path": items_path,
    "task_path": task_path,
}


def _no_task(
    request: Request, backend: GraphBackend, g: nx.MultiDiGraph, ident: str, found: list[str]
) -> Response:
    """404 for a task name that matches several tasks (listed) or none (did-you-mean); `g` holds
    every task's names and the notices' heads (pool_graph)."""
    if found:
        links = []
        names = notice_names(g)
        for t in found[:20]:
            p = attrs(g, t)["props"]
            where = names.get(str(p.get("notice")), "")
            links.append((f"{p.get('path') or ''} {attrs(g, t)['label']}（{where}）", task_path(t)))
        return _problem(request, 404, "名称不唯一", f"“{ident}”对应多项任务，请选择：", links)
    names = backend.names_graph("item")
    near = [n for n in did_you_mean(names, ident, "item") if find_tasks(g, n)]  # not indicators
    hint = "您是不是要找：" if near else ""
    links = [(n, task_path(n)) for n in near]
    return _problem(request, 404, "未找到", f"没有找到任务“{ident}”。{hint}", links)


def _not_one(
    request: Request,
    backend: GraphBackend,
    g: nx.MultiDiGraph,
    ident: str,
    found: list[str],
    noun: str,
    path: Callable[[str], str],
    near: What,
) -> Response:
    """404 for a name that matches several `noun`s (labels in `g`, listed) or none
    (did-you-mean of `near`)."""
    if found:
        links = [(str(attrs(g, x)["label"]), path(x)) for x in found]
        return _problem(request, 404, "名称不唯一", f"“{ident}”对应多个{noun}，请选择：", links)
    names = did_you_mean(backend.names_graph(near), ident, near)
    hint = "您是不是要找：" if names else ""
    links = [(n, path(n)) for n in names]
    return _problem(request, 404, "未找到", f"没有找到{noun}“{ident}”。{hint}", links)


def _filename(title: str, fmt: str) -> str:
    # RFC 5987: Chinese file names travel percent-encoded in filename*.
    return f"attachment; filename=map.{fmt}; filename*=UTF-8''{quote(title + '.' + fmt)}"


VENDOR = HERE / "static" / "vendor"
VENDORED = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js")
GRAPHIQL_EXAMPLE = """# 示例：谁负责“提升行政保护质效”？按 Ctrl-Enter 运行。
{
  whoOwns(text: "提升行政保护质效") {
    items { label owners { unit role } }
  }
}
"""


def graphiql(request: Request, endpoint: str) -> Response:
    """GraphiQL from the package's own copy of its scripts; a Chinese 503 when they are missing."""
    missing = [f for f in VENDORED if not (VENDOR / f).is_file()]
    if missing:
        message = (
            f"GraphiQL 的脚本未安装（缺 {'、'.join(missing)}）：在源码目录运行 make node 后重启服务。"
            f"GraphQL 接口本身可用：POST {endpoint}。"
        )
        return _problem(request, 503, "GraphiQL 不可用", message)
    return _page(request, "graphiql.html", endpoint=endpoint, example=GRAPHIQL_EXAMPLE)


_SVG_SIZE = re.compile(r'<svg[^>]*?width="([0-9.]+)pt"[^>]*?height="([0-9.]+)pt"')


def orientation(svg: str) -> str:
    """'landscape' when the drawing is wider than high, else 'portrait' (the printed sheet)."""
    m = _SVG_SIZE.search(svg)
    return "landscape" if m is None or float(m.group(1)) > float(m.group(2)) else "portrait"


def routes(backend: GraphBackend) -> list[BaseRoute]:
    """The index, the map pages and the stylesheet, answering from `backend`."""

    def index(request: Request) -> Response:
        as_of = _day(request)
        if as_of is None:
            return _bad_day(request)
        return _page(
            request,
            "index.html",
            catalog=backend.catalog(),
            map_path=map_path,
            overview=backend.overview(as_of),
        )

    def search(request: Request) -> Response:
        q = (request.query_params.get("q") or "").strip()[:100]
        if not q:
            return RedirectResponse(_root(request) + "/", 303)
        found = backend.search(q, 0, SEARCH_SHOWN)
        # Only the hit indicators' containers (their links), not the whole graph on Neo4j.
        indicators = [h.node.id for h in found.items if isinstance(h.node, IndicatorInfo)]
        g = backend.rights_graph(indicators, [])
        hits = [_hit(g, h) for h in found.items]
        near: list[str] = []
        if not hits:
            for what in SEARCH_NEAR:
                names = backend.names_graph(what)
                near += [n for n in did_you_mean(names, q, what) if n not in near]
        return _page(request, "search.html", q=q, hits=hits, total=found.total, near=near[:5])

    def _gaps_asked(request: Request) -> tuple[dt.date, str, str] | Response:
        """(?as_of=, ?kind=, ?unit=), or the page for a bad date."""
        as_of = _day(request)
        if as_of is None:
            return _bad_day(request)
        kind = request.query_params.get("kind") or ""
        unit = (request.query_params.get("unit") or "").strip()
        return as_of, kind, unit

    def gaps(request: Request) -> Response:
        asked = _gaps_asked(request)
        if isinstance(asked, Response):
            return asked
        as_of, kind, unit = asked
        page = _page_number(request)
        problem = ""
        try:
            kinds = chosen_kinds([kind] if kind else None)
            # As GraphQL gaps: embedded in the worker forked from the graph (the server's
            # threads keep the GIL, only the page comes back); Neo4j aggregating on the server.
            found, _ = store_gaps_window(
                backend,
                as_of,
                None,
                unit or None,
                kinds,
                (page - 1) * GAPS_ROWS,
                GAPS_ROWS,
                _gaps_seconds(request),
            )
        except (UnknownKind, GapQueryError) as exc:
            found, problem = GapsWindow(0, [], {}, {}), _zh_problem(str(exc))
        except ApiError:
            return _problem(request, 503, "暂时无法分析", "问题分析超时或中断，请稍后再试。")
        here = {"kind": kind, "unit": unit, "as_of": as_of.isoformat()}
        pages = max(1, -(-found.total // GAPS_ROWS))
        if page > pages:
            return RedirectResponse(_gaps_path(request, here, pages), 303)
        context: dict[str, Any] = {
            "found": found,
            "first": (page - 1) * GAPS_ROWS,
            "page": page,
            "pages": pages,
            "near": {p: _gaps_path(request, here, p) for p in (1, page - 1, page + 1, pages)},
            "counts": _gap_counts(found.counts, request, here),
            "export": f"{_root(request)}/gaps.xlsx?{urlencode(_given(here))}",
            "kind": kind,
            "unit": unit,
            "as_of": as_of.isoformat(),
            "kinds": KIND_ZH,
            "severity": SEVERITY_ZH,
            "status_zh": status_zh,
            "problem": problem,
        }
        return _page(request, "gaps.html", 400 if problem else 200, **context)

    def gaps_xlsx(request: Request) -> Response:
        asked = _gaps_asked(request)
        if isinstance(asked, Response):
            return asked
        as_of, kind, unit = asked
        try:
            kinds = chosen_kinds([kind] if kind else None)
            data = store_gaps_workbook(
                backend, as_of, None, unit or None, kinds, _gaps_seconds(request)
            )
        except (UnknownKind, GapQueryError) as exc:
            return _problem(request, 400, "无法导出", _zh_problem(str(exc)))
        except ApiError:
            return _problem(request, 503, "暂时无法导出", "问题分析超时或中断，请稍后再试。")
        name = f"问题清单{as_of.isoformat()}.xlsx"
        headers = {
            "Content-Disposition": f"attachment; filename=gaps.xlsx; filename*=UTF-8''{quote(name)}"
        }
        return Response(data, media_type=XLSX, headers=headers)

    def _asked(request: Request) -> tuple[str, dt.date] | Response:
        """(the id or name in the path, ?as_of=), or the page for a bad date."""
        as_of = _day(request)
        if as_of is None:
            return _bad_day(request)
        return str(request.path_params["ident"]), as_of

    def task_page(request: Request) -> Response:
        asked = _asked(request)
        if isinstance(asked, Response):
            return asked
        ident, as_of = asked
        pool = backend.pool_graph("Task")
        found = find_tasks(pool, ident)
        if len(found) != 1:
            return _no_task(request, backend, pool, ident, found)
        g = backend.task_graph(found[0])
        card = task_card(g, found[0])
        ids = [card.task.id, *(i.id for i in card.task.indicators)]
        return _page(
            request,
            "task.html",
            card=card,
            lights=_lights_of(backend, g, ids, as_of),
            owner_lights=_owner_lights(
                backend, g, card.task.id, [o.unit.id for o in card.task.owners], as_of
            ),
            due=due_of(g, card.task.id),
            tables=task_tables(g, card.task.id),
            as_of=as_of.isoformat(),
            **_ITEM_WORDS,
        )

    def items_page(request: Request) -> Response:
        asked = _asked(request)
        if isinstance(asked, Response):
            return asked
        ident, as_of = asked
        exact = [ident] if isinstance(backend.get_nodes([ident]).get(ident), NoticeInfo) else []
        found = exact or backend.find_notices(ident)
        if len(found) != 1:
            heads = backend.names_graph("notice")
            return _not_one(request, backend, heads, ident, found, "通知", items_path, "notice")
        g = backend.notice_graph(found[0])
        view = notice_view(g, found[0])
        key = request.query_params.get("section")
        sections = [x for x in view.sections if key is None or x.key == key]
        if not sections:
            message = f"这份通知没有“{key}”这一部分，请选择："
            links = [
                (f"{x.key} {x.heading}".strip(), items_path(found[0], section=x.key))
                for x in view.sections
            ]
            return _problem(request, 404, "未找到", message, links)
        ids = [t.id for x in sections for t in x.tasks] + [i.id for i in view.indicators]
        ids += [i.id for x in sections for t in x.tasks for i in t.indicators]
        return _page(
            request,
            "items.html",
            view=view,
            sections=sections,
            one=key is not None,
            lights=_lights_of(backend, g, ids, as_of),
            as_of=as_of.isoformat(),
            **_ITEM_WORDS,
        )

    def members_page(request: Request) -> Response:
        ident = str(request.path_params["ident"])
        pool = backend.pool_graph("Group")
        found = find_groups(pool, ident)
        if len(found) != 1:
            return _not_one(request, backend, pool, ident, found, "领导机构", members_path, "unit")
        org = organisation(backend.group_graph(found[0]), found[0])
        return _page(request, "members.html", org=org, under_anchor=under_anchor, **_ITEM_WORDS)

    def not_found(request: Request) -> Response:
        return _problem(request, 404, "未找到", f"没有这个页面：{request.url.path}。请从首页进入。")

    def map_page(request: Request) -> Response:
        kind = str(request.path_params["kind"])
        ident = str(request.path_params["ident"])
        fmt = request.query_params.get("format")
        period = request.query_params.get("period") or None
        day = request.query_params.get("as_of") or dt.date.today().isoformat()
        try:
            as_of = dt.date.fromisoformat(day)
        except ValueError:
            return _problem(request, 400, "日期有误", f"日期“{day}”无法识别，请写成2024-12-31。")
        if kind not in KINDS:
            return _problem(request, 404, "未找到", f"没有“{kind}”这种图。")
        if fmt is not None and fmt not in FORMATS:
            return _problem(request, 404, "未找到", f"不支持的格式“{fmt}”，可用 svg、png、pdf。")
        try:
            linker = partial(_link, request)
            m = build_map(backend, kind, ident, period=period, links=linker, as_of=as_of)
            if fmt is not None:
                data = render_bytes(m.printable, fmt)
                headers = {"Content-Disposition": _filename(m.title, fmt)}
                return Response(data, media_type=MEDIA[fmt], headers=headers)
            svg = Markup(svg_text(m.graph))  # dot escapes all text it writes into the SVG
        except AmbiguousMap as exc:
            message = f"“{ident}”对应多个{KIND_NOUN[kind]}，请选择："
            links = [(label, map_path(kind, cid)) for cid, label in exc.candidates]
            return _problem(request, 404, "名称不唯一", message, links)
        except NoSuchPeriod as exc:
            have = "、".join(exc.periods)
            message = f"《{exc.table}》没有{exc.period}期间的目标（已有期间：{have}）。"
            links = [(p, map_path(kind, exc.table, period=p)) for p in exc.periods]
            return _problem(request, 404, "该期间没有目标", message, links)
        except MapNotFound:
            near = did_you_mean(backend.names_graph(MAP_NEAR[kind]), ident, MAP_NEAR[kind])
            links = [(n, map_path(kind, n)) for n in near]
            hint = "您是不是要找：" if near else ""
            return _problem(
                request, 404, "未找到", f"没有找到{KIND_NOUN[kind]}“{ident}”。{hint}", links
            )
        except RenderError as exc:
            return _problem(request, 503, "无法绘图", f"服务器无法绘图：{exc}")
        # An asked-for date travels with the downloads and periods; without one they mean today.
        dated = {"as_of": as_of.isoformat()} if request.query_params.get("as_of") else {}
        here = {**({"period": m.period} if m.period else {}), **dated}
        downloads = {f: map_path(kind, m.id, format=f, **here) for f in ("png", "pdf", "svg")}
        periods = {p: map_path(kind, m.id, period=p, **dated) for p in m.periods}
        card = None
        if kind == "unit" and m.source is not None:
            card = _unit_extras(backend, m.source, m.id, as_of)
        return _page(
            request,
            "map.html",
            card=card,
            number=number_zh,
            status_zh=status_zh,
            map=m,
            svg=svg,
            downloads=downloads,
            periods=periods,
            as_of=as_of.isoformat(),
            orientation=orientation(svg),
        )

    return [
        Route("/", index, name="index"),
        Route("/search", search, name="search"),
        Route("/gaps", gaps, name="gaps"),
        Route("/gaps.xlsx", gaps_xlsx, name="gaps_xlsx"),
        Route("/map/{kind}/{ident:path}", map_page, name="map"),
        Route("/task/{ident:path}", task_page, name="task"),
        Route("/notice/{ident:path}", items_page, name="items"),
        Route("/members/{ident:path}", members_page, name="members"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
        # Last: every other path is the Chinese 404 page, not a bare "Not Found".
        Route("/{rest:path}", not_found, name="not_found"),
    ]
