"""The Neo4j store: its GraphBackend (store), its Cypher, and the scoped reads and server-side
aggregates that spare snapshot().

Empty on purpose: the driver (and the pandas it loads) take ~0.3 s to import, so nothing here is
imported until a module of this folder is named."""
