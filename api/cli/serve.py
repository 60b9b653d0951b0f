"""`dutygraph serve`: the GraphQL API over the configured store, with uvicorn."""

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from dutygraph.api.app import GRAPHQL_PATH, create_app
from dutygraph.api.cli.graph import StoreOpt, _backend, _fail
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
from dutygraph.graph.store import freeze_long_lived, frozen_objects

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
    db = _backend(store)
    # Heavy answers run in worker threads; a shorter GIL switch interval (default 5 ms) lets the
    # event loop thread take its turn sooner, so quick reads wait less behind them.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if not frozen_objects():  # a server's graph lives until the next write: keep GC off it
        freeze_long_lived()
    nodes, edges = db.counts()
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}{GRAPHQL_PATH}"
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
        uvicorn.run(
            create_app(db, settings),
            host=host,
            port=port,
            log_level="info",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            limit_concurrency=MAX_CONNECTIONS,
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            timeout_graceful_shutdown=SHUTDOWN_SECONDS,
            http=head_deadline(settings.head_seconds),
        )


def register(app: typer.Typer) -> None:
    """Add `serve` to `app`."""
    app.command(
        "serve",
        epilog="Example:  DUTYGRAPH_TOKEN=s3cret dutygraph serve --store out/demo.sqlite --port 8000"
        " --host 0.0.0.0 --allowed-host duty.example.gov.cn",
    )(serve)
