"""`dutygraph serve`: the GraphQL API over the configured store, with uvicorn."""

import datetime as dt
import json
import os
import shlex
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dutygraph.api.app import GRAPHQL_PATH, create_app
from dutygraph.api.cli.graph import (
    URI_VAR,
    WHOLE_GRAPH_VAR,
    StoreOpt,
    _backend,
    _fail,
    _require_store,
)
from dutygraph.api.cli.head_deadline import head_deadline
from dutygraph.api.settings import (
    LOCAL_HOSTS,
    READS,
    READS_VAR,
    TOKEN_FILE_VAR,
    TOKEN_VAR,
    Settings,
    SettingsError,
    load_token,
    reads_mode,
)
from dutygraph.api.warming import Warming
from dutygraph.graph.backends import Embedded
from dutygraph.graph.errors import StoreError
from dutygraph.graph.store import freeze_long_lived, frozen_objects, store_path

if TYPE_CHECKING:
    from dutygraph.graph.backends import Neo4jStore

# Slow clients: an idle keep-alive connection is closed after KEEP_ALIVE_SECONDS, at most
# MAX_CONNECTIONS are served at once (more get 503), request headers are capped by h11 and must
# be complete within Settings.head_seconds (api/cli/head_deadline.py: uvicorn has no such
# deadline, uvicorn issue #157), a body must arrive within Settings.body_seconds (BodyLimit).
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 200
MAX_HEADER_BYTES = 16 * 1024
SHUTDOWN_SECONDS = 10

SWITCH_INTERVAL_S = 0.001
EXAMPLE_QUERY = '{ whoOwns(text: "提升行政保护质效") { items { label owners { unit role } } } }'


def example_curl(url: str, query: str = EXAMPLE_QUERY) -> str:
    """A curl line that posts `query` to the API."""
    body = json.dumps({"query": query}, ensure_ascii=False)
    return f"curl -s {url} -H 'Content-Type: application/json' -d {shlex.quote(body)}"


def allowed_hosts(host: str, extra: list[str]) -> tuple[str, ...]:
    """The local names, the listening address unless it is a wildcard, then `extra`."""
    named = [] if host in ("0.0.0.0", "::", "") else [host]
    return tuple(dict.fromkeys([*LOCAL_HOSTS, *named, *extra]))


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 for all).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    store: StoreOpt = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            envvar=TOKEN_FILE_VAR,
            help=f"File whose first line is the mutation token (when {TOKEN_VAR} is unset).",
        ),
    ] = None,
    reads: Annotated[
        str | None,
        typer.Option(
            envvar=READS_VAR,
            help=f"Who may query: {' | '.join(READS)} (local: loopback clients; others need"
            " the token). Default local.",
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option(help="Refuse request bodies over this many bytes.")
    ] = Settings.max_body_bytes,
    max_depth: Annotated[int, typer.Option(help="Deepest query accepted.")] = Settings.max_depth,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            envvar="DUTYGRAPH_ALLOWED_HOSTS",
            help="Another Host name clients use (repeatable; '*.example.org' for subdomains);"
            " localhost, 127.0.0.1, ::1 and --host are always allowed.",
        ),
    ] = None,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql) and /healthz over the store."""
    try:
        settings = Settings(
            token=load_token(token_file),
            reads=reads_mode(reads),
            max_body_bytes=max_body,
            max_depth=max_depth,
            allowed_hosts=allowed_hosts(host, allowed_host or []),
        )
    except SettingsError as exc:
        _fail(str(exc))
    db = _serving(store)
    # Heavy answers run in worker threads; a shorter GIL switch interval (default 5 ms) lets the
    # event loop thread take its turn sooner, so quick reads wait less behind them.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if not isinstance(db, Warming) and not frozen_objects():
        freeze_long_lived()  # a server's graph lives until the next write: keep GC off it
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}{GRAPHQL_PATH}"
    if isinstance(db, Warming):
        typer.echo(f"dutygraph API over {db.where} (graph being built; point questions answer now)")
    else:
        nodes, edges = db.counts()
        typer.echo(f"dutygraph API over {db.where} ({nodes} nodes, {edges} edges)")
    typer.echo(f"GraphiQL and POST: {url}    health: {url.replace(GRAPHQL_PATH, '/healthz')}")
    typer.echo(f"map pages (地图): {url.replace(GRAPHQL_PATH, '/')}")
    typer.echo(f"reads: {settings.reads}")
    typer.echo(f"answers to Host: {', '.join(settings.allowed_hosts)}")
    if settings.token is None:
        typer.echo(
            f"mutations: disabled (no token; set {TOKEN_VAR} or --token-file to enable them)"
        )
    else:
        typer.echo("mutations: need the header Authorization: Bearer <token>")
    typer.echo(
        f"supervision (督办): {url.replace(GRAPHQL_PATH, '/login')}  — unit and office accounts"
        " (dutygraph users add) write with their own tokens"
    )
    typer.echo("example:")
    typer.echo("  " + example_curl(url))
    with db:
        app = create_app(db, settings)
        uvicorn.run(
            _started(app, db),
            host=host,
            port=port,
            log_level="info",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            limit_concurrency=MAX_CONNECTIONS,
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            timeout_graceful_shutdown=SHUTDOWN_SECONDS,
            http=head_deadline(settings.head_seconds),
        )


def _serving(store: Path | None) -> "Embedded | Neo4jStore | Warming":
    """A SQLite store: a Warming backend that answers point questions at once and builds the
    whole graph in the background (then frozen away from the GC); Neo4j: the backend."""
    if (store is None and os.environ.get(URI_VAR)) or os.environ.get(WHOLE_GRAPH_VAR) == "1":
        return _backend(store)
    _require_store(store)

    def build() -> Embedded:
        db = _backend(store)
        assert isinstance(db, Embedded)
        if not frozen_objects():
            freeze_long_lived()
        return db

    try:
        return Warming(store_path(store), build)
    except StoreError as exc:
        _fail(str(exc))


def _started(app: ASGIApp, db: "Embedded | Neo4jStore | Warming") -> ASGIApp:
    """`app`, with what starts once the server is up: a SQLite store's graph build, Neo4j's
    plan warm-up (the embedded store as such has nothing to start)."""
    if isinstance(db, Warming):
        return _then(app, db.start)
    if isinstance(db, Embedded):
        return app
    return _then(app, partial(_warm_plans, db))


def _warm_plans(db: "Neo4jStore") -> None:
    """Compile the plans of a unit's page and gaps in a background thread, so the first
    user's ask does not pay for them."""

    def run() -> None:
        try:
            unit = db.warm_plans(dt.date.today())
        except Exception as exc:  # a cold plan costs time, not answers: say so, serve on
            typer.echo(f"Neo4j 查询计划预热未完成（不影响回答，首次查询会慢些）：{exc}", err=True)
            return
        if unit is not None:
            typer.echo(f"Neo4j 查询计划已预热（首页，{unit} 的页面与缺口）")

    threading.Thread(target=run, name="neo4j-plans", daemon=True).start()


def _then(app: ASGIApp, start: Callable[[], object]) -> ASGIApp:
    """`app`, calling `start()` once the server's start-up is complete: the graph's build then
    does not compete with the imports and start-up of the server for the interpreter."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                start()

        await app(scope, receive, sending)

    return wrapped


def register(app: typer.Typer) -> None:
    """Add `serve` to `app`."""
    app.command(
        "serve",
        epilog="Example:  DUTYGRAPH_TOKEN=s3cret dutygraph serve --store out/demo.sqlite --port 8000"
        " --host 0.0.0.0 --allowed-host duty.example.gov.cn",
    )(serve)
