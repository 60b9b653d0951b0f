"""importNotice and the upload page read the notice off the event loop, with a time limit.

Reading runs in a worker process (anyio's pool, at most two at once): a thread would not do, as
one long regular-expression search holds the GIL and so the event loop (a 600 KB notice held
/healthz for 0.7 s of its 1.3 s in a thread). Past Settings.read_seconds the worker is killed
and the request answered READ_TIMEOUT; the load then runs in a thread under the store's lock.
"""

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any, TypeVar

import anyio
import anyio.to_process
import anyio.to_thread

from dutygraph.api.errors import READ_TIMEOUT, ApiError
from dutygraph.schema import ParseResult

T = TypeVar("T")
_READERS = anyio.CapacityLimiter(2)
_WRITERS = anyio.CapacityLimiter(1)


async def readers() -> ModuleType:
    """dutygraph.loaders.notice (parse_bytes, read_notice_bytes to hand to `read_off_loop`):
    the document readers load on first use (~0.5 s, not on a server's way to ready), in a
    thread so the event loop goes on answering meanwhile."""
    return await anyio.to_thread.run_sync(import_module, "dutygraph.loaders.notice")


async def read_off_loop(
    read: Callable[..., ParseResult], args: tuple[Any, ...], filename: str, seconds: float
) -> ParseResult:
    """`read(*args)` (parse_bytes, read_notice_bytes) in a worker process; READ_TIMEOUT after
    `seconds`."""
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_process.run_sync(read, *args, cancellable=True, limiter=_READERS)
    except TimeoutError:
        raise ApiError(
            READ_TIMEOUT,
            f"{filename}: reading the notice took over {seconds:g} s; nothing was loaded"
            " (try `dutygraph load` on the file)",
        ) from None


async def write_off_loop(write: Callable[[], T]) -> T:
    """A store write in a worker thread (the store's lock, not the loop, makes others wait)."""
    return await anyio.to_thread.run_sync(write, limiter=_WRITERS)
