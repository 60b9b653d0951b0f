"""A deadline for request heads: uvicorn waits for a request line and headers forever (uvicorn
issue #157), so a client sending them a byte at a time (slowloris) holds a connection.

`head_deadline(seconds)` is uvicorn's h11 protocol that closes a connection whose request head
is not complete `seconds` after the connection opened or the head's first byte arrived (idle
keep-alive connections are uvicorn's timeout_keep_alive), answering 408 first.
"""

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_BODY = b"request head too slow"
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
)


class HeadDeadline(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head (`seconds`, set by
    `head_deadline`)."""

    seconds = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        """Arm the deadline while a head is awaited or arriving; a complete head stops it. An
        idle kept-alive connection has no head under way: uvicorn's keep-alive timer covers it."""
        waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        started = self.conn.trailing_data[0] or self.cycle is None
        if not waiting or not started:
            self._stop_head_timer()
        elif self._head_timer is None:
            self._head_timer = self.loop.call_later(self.seconds, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is not h11.IDLE or self.transport.is_closing():
            return
        if self.conn.our_state is h11.IDLE:  # nothing sent in this cycle: a 408 is well-formed
            self.transport.write(TIMEOUT_ANSWER)
        self.transport.close()


def head_deadline(seconds: float) -> type[HeadDeadline]:
    """The protocol class to pass as uvicorn's `http=`, with request heads due in `seconds`."""
    return type("HeadDeadline", (HeadDeadline,), {"seconds": seconds})
