"""`with store:` for the stores and backends: leaving the block calls `close()`."""

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self


class Closing(ABC):
    """A context manager that returns itself and calls `self.close()` on exit."""

    @abstractmethod
    def close(self) -> None:
        """Release the store's connection (SQLite file, Neo4j driver)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
