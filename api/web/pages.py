"""The web pages leaders look at: an index and one page per map, server-rendered HTML (zh-CN).

`routes(backend)` returns Starlette routes for the shared app (api/app.py mounts them):

    /                          groups, notices, allocation tables and units, each linked to its map
    /map/{kind}/{id}           the map as inline SVG with clickable nodes; ?format=png|pdf|svg
                               downloads it; ?period=2024 picks a roll-up period;
                               ?as_of=2024-12-10 dates the traffic lights (default today)
    /static/…                  the stylesheet, and GraphiQL's scripts in /static/vendor/
                               (copied from npm by `make node`: tools/vendor_graphiql.mjs)

Ids are URL-encoded (they hold ':' and Chinese). No JavaScript and no CDN: government networks
are often offline. The pages call the same functions as `dutygraph render` (visualize.maps).
"""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.views.catalog import catalog
from dutygraph.visualize.maps import KIND_TITLE, KINDS, AmbiguousMap, MapNotFound, build_map
from dutygraph.visualize.nodes import Link
from dutygraph.visualize.render import FORMATS, RenderError, render_bytes, svg_text

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
KIND_NOUN = {"org": "领导机构", "notice": "通知", "rollup": "分解指标", "unit": "单位"}


def map_path(kind: str, ident: str, **query: str) -> str:
    """'/map/unit/u%3A枣庄市…' with every character of the id that is not unreserved encoded."""
    path = f"/map/{kind}/{quote(ident, safe='')}"
    return path + ("?" + urlencode(query) if query else "")


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _link(request: Request) -> Link:
    root = _root(request)
    return lambda kind, ident: root + map_path(kind, ident)


def _page(request: Request, name: str, status: int = 200, **context: object) -> Response:
    context = {"root": _root(request), "kinds": KIND_TITLE, **context}
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def _problem(request: Request, status: int, title: str, message: str) -> Response:
    return _page(request, "problem.html", status, title=title, message=message)


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
        c = catalog(backend.snapshot())
        return _page(request, "index.html", catalog=c, map_path=map_path)

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
            m = build_map(backend, kind, ident, period=period, link=_link(request), as_of=as_of)
            if fmt is not None:
                data = render_bytes(m.printable, fmt)
                headers = {"Content-Disposition": _filename(m.title, fmt)}
                return Response(data, media_type=MEDIA[fmt], headers=headers)
            svg = Markup(svg_text(m.graph))  # dot escapes all text it writes into the SVG
        except AmbiguousMap:
            message = f"“{ident}”对应多个{KIND_NOUN[kind]}，请从首页选择。"
            return _problem(request, 404, "名称不唯一", message)
        except MapNotFound:
            return _problem(request, 404, "未找到", f"没有找到{KIND_NOUN[kind]}“{ident}”。")
        except RenderError as exc:
            return _problem(request, 503, "无法绘图", f"服务器无法绘图：{exc}")
        # An asked-for date travels with the downloads and periods; without one they mean today.
        dated = {"as_of": as_of.isoformat()} if request.query_params.get("as_of") else {}
        here = {**({"period": m.period} if m.period else {}), **dated}
        downloads = {f: map_path(kind, m.id, format=f, **here) for f in ("png", "pdf", "svg")}
        periods = {p: map_path(kind, m.id, period=p, **dated) for p in m.periods}
        return _page(
            request,
            "map.html",
            map=m,
            svg=svg,
            downloads=downloads,
            periods=periods,
            as_of=as_of.isoformat(),
            orientation=orientation(svg),
        )

    return [
        Route("/", index, name="index"),
        Route("/map/{kind}/{ident:path}", map_page, name="map"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
