"""importNotice reads the notice off the event loop, with a time limit.

Reading runs in a worker process (anyio's pool, at most two at once): a thread would not do, as
one long regular-expression search holds the GIL and so the event loop (a 600 KB notice held
/healthz for 0.7 s of its 1.3 s in a thread). Past Settings.read_seconds the worker is killed
and the request answered READ_TIMEOUT; the load then runs in a thread under the store's lock.
"""

import anyio
import anyio.to_process
import anyio.to_thread

from dutygraph.api.errors import READ_TIMEOUT, ApiError
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.imports import Imported, import_parsed
from dutygraph.loaders import parse_bytes
from dutygraph.schema import ParseResult

_READERS = anyio.CapacityLimiter(2)
_WRITERS = anyio.CapacityLimiter(1)


async def read_off_loop(text: str, filename: str, seconds: float) -> ParseResult:
    """`parse_bytes` in a worker process; ApiError(READ_TIMEOUT) after `seconds`."""
    data = text.encode("utf-8")
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_process.run_sync(
                parse_bytes, data, filename, cancellable=True, limiter=_READERS
            )
    except TimeoutError:
        raise ApiError(
            READ_TIMEOUT,
            f"{filename}: reading the notice took over {seconds:g} s; nothing was loaded"
            " (try `dutygraph load` on the file)",
        ) from None


async def import_off_loop(
    backend: GraphBackend, text: str, filename: str, seconds: float
) -> Imported:
    """Read off the loop, then load in a worker thread too (the store's lock, not the loop,
    makes other calls wait for the load)."""
    result = await read_off_loop(text, filename, seconds)
    return await anyio.to_thread.run_sync(import_parsed, backend, result, limiter=_WRITERS)
