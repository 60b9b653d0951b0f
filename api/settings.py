"""Server settings: the mutation token, who may read, the request limits and the headers."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

TOKEN_VAR = "DUTYGRAPH_TOKEN"
TOKEN_FILE_VAR = "DUTYGRAPH_TOKEN_FILE"
READS_VAR = "DUTYGRAPH_READS"

Reads = Literal["open", "local", "token"]
READS: tuple[Reads, ...] = ("open", "local", "token")


LOCAL_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
"""Host names a local server answers to; `dutygraph serve` adds its --host and --allowed-host."""

# Every page, map and answer comes from this server: no external host anywhere. Inline styles
# stay allowed (Graphviz SVG maps and the pages' own markup), inline scripts do not.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Only the GraphiQL page (GET /graphql): its scripts are served from this server
# (static/vendor, `make node`), but graphiql.min.js calls `new Function("return this")`
# ('unsafe-eval'; rmosolgo/graphiql-rails#98), runs its editor workers from blob: URLs and
# injects styles. No external host.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


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
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    """Host headers answered (else 400): a DNS-rebinding page names its own host. "*" allows
    any, "*.example.org" a domain's subdomains."""
    body_seconds: float = 30.0
    """A request body still arriving after this is refused (408): a slow client holds nothing."""
    head_seconds: float = 10.0
    """A request line and headers not complete this long after they began (or after the
    connection opened) close the connection with 408: slowloris clients hold nothing."""
    read_seconds: float = 30.0
    """importNotice refuses a notice the reader has not finished in this time."""
    gaps_seconds: float = 120.0
    """A gap analysis still running after this is stopped (COMPUTE_TIMEOUT)."""
    csp: str = CSP
    """Content-Security-Policy of every response but the GraphiQL page."""
    graphiql_csp: str = GRAPHIQL_CSP
    """Content-Security-Policy of the GraphiQL page (GET /graphql)."""


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
