"""dutygraph.api."""
