"""dutygraph.graph."""
