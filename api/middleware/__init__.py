"""ASGI middlewares of the server, one concept per module: allowed hosts, security headers.

May import api.settings, api.errors and api.auth (for send_json); never graph or loaders."""

from dutygraph.api.middleware.hosts import AllowedHosts, host_of
from dutygraph.api.middleware.security_headers import SecurityHeaders

__all__ = ["AllowedHosts", "SecurityHeaders", "host_of"]
