"""dutygraph.visualize."""
