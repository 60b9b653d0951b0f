"""`dutygraph`: the console script's entry point.

A point question (owners, duties, rollup) starts a Typer app of those commands alone, which
imports the store and the queries but not the document readers, the Neo4j driver, the server
or the maps (~2 s of imports); `serve` starts an app of itself alone (the server, not the other
commands' readers and writers); every other command starts the whole app (api/cli/commands.py).
"""

import io
import sys
from typing import Any

import typer

POINT_COMMANDS = ("owners", "duties", "rollup")


def point_app() -> typer.Typer:
    """A Typer app holding only the point-question commands (the same functions)."""
    from dutygraph.api.cli.graph import register_points

    app = typer.Typer(name="dutygraph", add_completion=False, pretty_exceptions_enable=False)
    register_points(app)
    return app


def serve_app() -> typer.Typer:
    """A Typer app holding only `serve` (the same function)."""
    from dutygraph.api.cli.serve import register

    app = typer.Typer(name="dutygraph", add_completion=False, pretty_exceptions_enable=False)
    # A callback keeps `serve` a sub-command: an app of one command would take it as the app.
    app.callback()(lambda: None)
    register(app)
    return app


def main() -> None:
    """Console-script entry point; notices are Chinese, so stdout/stderr speak UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(encoding="utf-8")
    if len(sys.argv) > 1 and sys.argv[1] in POINT_COMMANDS:
        point_app()()
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve_app()()
        return
    from dutygraph.api.cli.commands import app

    app()


def __getattr__(name: str) -> Any:
    if name == "app":  # tests and api.cli import the whole app by this name
        from dutygraph.api.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    main()
