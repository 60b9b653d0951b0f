"""Typed errors raised while reading a notice; each renders as one line naming file and line."""


class NoticeError(Exception):
    """A notice could not be read; str() is the one-line message shown to the user."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type["NoticeError"], tuple[str, str, int | None]]:
        # Picklable with its own arguments: the server reads notices in a worker process.
        return (type(self), (self.file, self.message, self.line))


class NoticeDecodeError(NoticeError):
    """The bytes are not text in UTF-8 or GB18030 (binary, or another encoding)."""


class NoticeEmptyError(NoticeError):
    """The file holds no text at all."""
