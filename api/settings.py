"""Server settings: the mutation token, who may read, and the request limits."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

TOKEN_VAR = "DUTYGRAPH_TOKEN"
TOKEN_FILE_VAR = "DUTYGRAPH_TOKEN_FILE"
READS_VAR = "DUTYGRAPH_READS"

Reads = Literal["open", "local", "token"]
READS: tuple[Reads, ...] = ("open", "local", "token")


class SettingsError(ValueError):
    """A setting that cannot be used (unreadable token file, unknown reads mode…)."""


@dataclass(frozen=True)
class Settings:
    """What `create_app` needs to know; the defaults are what `dutygraph serve` uses."""

    token: str | None = None
    """Bearer token for mutations (and for reads when they are closed); None: no mutations."""
    reads: Reads = "local"
    """open: anyone who reaches the server; local: loopback clients, others need the token;
    token: every request needs the token."""
    max_depth: int = 8
    max_tokens: int = 2000
    max_aliases: int = 30
    max_body_bytes: int = 2_000_000
    """Request bodies over this are refused (413); a notice text is ~10-100 KB."""
    max_page: int = 100
    """The largest `limit` a list field accepts."""


def load_token(token_file: Path | None = None) -> str | None:
    """$DUTYGRAPH_TOKEN, else the first line of `token_file` (or $DUTYGRAPH_TOKEN_FILE), else None."""
    token = os.environ.get(TOKEN_VAR, "").strip()
    if token:
        return token
    path = token_file or (Path(p) if (p := os.environ.get(TOKEN_FILE_VAR)) else None)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the token file ({exc.strerror})") from None
    if not text:
        raise SettingsError(f"{path}: the token file is empty")
    return text.splitlines()[0].strip()


def reads_mode(value: str | None) -> Reads:
    """A --reads / $DUTYGRAPH_READS value, checked; default "local"."""
    mode = value or os.environ.get(READS_VAR) or "local"
    for r in READS:
        if mode == r:
            return r
    raise SettingsError(f"unknown reads mode {mode!r}; use one of {', '.join(READS)}")
