"""The upload page: a clerk sends a notice file (and its 附件) to the store, with the server's token.

    GET  /upload   the form (口令, 通知文件, 附件)
    POST /upload   reads the files as `dutygraph load --annex` does and loads them in one transaction

The token travels in the form, so a page from another site cannot post here without knowing it.
"""

import hmac

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dutygraph.api.accounts import exclusive
from dutygraph.api.errors import ApiError
from dutygraph.api.reading import read_off_loop, readers, write_off_loop
from dutygraph.api.settings import Settings
from dutygraph.api.web.pages import _page, _problem
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.imports import Imported
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.loaders import NoticeError


def _name(upload: UploadFile, fallback: str) -> str:
    return (upload.filename or fallback).replace("\\", "/").rsplit("/", 1)[-1]


def upload_routes(backend: GraphBackend, settings: Settings) -> list[BaseRoute]:
    """GET shows the form, POST imports the uploaded notice with its annexes."""

    async def form(request: Request) -> Response:
        return _page(request, "upload.html", title="上传通知", enabled=settings.token is not None)

    async def receive(request: Request) -> Response:
        if settings.token is None:
            return _problem(
                request, 403, "上传已停用", "服务器未设置口令（DUTYGRAPH_TOKEN），不接受上传。"
            )
        async with request.form() as data:
            token = str(data.get("token") or "")
            if not hmac.compare_digest(token.encode("utf-8"), settings.token.encode("utf-8")):
                return _problem(
                    request, 403, "口令不对", "口令与服务器的口令不一致，未导入任何内容。"
                )
            notice = data.get("notice")
            if not isinstance(notice, UploadFile) or not notice.filename:
                return _problem(
                    request, 400, "没有文件", "请选择通知文件（.docx、.pdf、.html、.txt 或 .zip）。"
                )
            annexes = [
                (await a.read(), _name(a, f"附件{k + 1}"))
                for k, a in enumerate(data.getlist("annex"))
                if isinstance(a, UploadFile) and a.filename
            ]
            content = await notice.read()
            name = _name(notice, "通知")
        try:
            args = (content, name, annexes)
            loaders = await readers()
            read = await read_off_loop(loaders.read_notice_bytes, args, name, settings.read_seconds)
        except NoticeError as exc:
            return _problem(request, 400, "文件无法读取", f"{exc}（未导入任何内容）")
        except ApiError as exc:  # READ_TIMEOUT
            return _problem(request, 400, "读取超时", f"{exc}（未导入任何内容）")

        def load() -> Imported:  # the server token is the office's account (督查室), audited
            with exclusive(backend):
                return writes.import_notice(backend, SERVER_TOKEN, name, read)

        imported = await write_off_loop(load)
        return _page(request, "uploaded.html", title="已导入", imported=imported, file=name)

    return [Route("/upload", form, methods=["GET"]), Route("/upload", receive, methods=["POST"])]
