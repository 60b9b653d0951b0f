"""The outside of dutygraph: the command line, the GraphQL API and the web pages.

Top level: app wiring, auth, settings, errors, locking; may import visualize, graph, loaders, schema."""
