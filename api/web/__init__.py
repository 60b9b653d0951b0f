"""The leaders' web pages: server-rendered HTML (zh-CN), templates and static files, no CDN.

Pages draw through visualize.maps and read through GraphBackend, like the CLI."""
