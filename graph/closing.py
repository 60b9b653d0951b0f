"""`with store:` for the stores and backends: leaving the block calls `close()`."""

from types import TracebackType
from typing import Self


class Closing:
    """A context manager that returns itself and calls `self.close()` on exit."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
