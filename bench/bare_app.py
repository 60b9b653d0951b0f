"""The floor for serve_bench: Starlette on uvicorn returning fixed JSON bytes for /graphql.

`python -m bench.bare_app ANSWER.json PORT`: same uvicorn and log level as `dutygraph serve`.
"""

import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def bare_app(body: bytes) -> Starlette:
    """An app whose /graphql answers every GET or POST with `body`."""

    async def answer(request: Request) -> Response:
        await request.body()  # read the request as the real server does
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/graphql", answer, methods=["GET", "POST"])])


if __name__ == "__main__":
    answer_file, port = Path(sys.argv[1]), int(sys.argv[2])
    uvicorn.run(bare_app(answer_file.read_bytes()), host="127.0.0.1", port=port, log_level="info")
