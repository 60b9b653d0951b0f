"""Where a fact came from: the line of the notice it was read from."""

from pydantic import BaseModel, ConfigDict


class Source(BaseModel):
    """A 1-based line of the notice file, its text, and the Traditional original if converted."""

    model_config = ConfigDict(frozen=True)

    line: int
    text: str
    original: str | None = None
