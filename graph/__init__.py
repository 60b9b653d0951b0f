"""The responsibility graph: model, build, units and errors at the top, one room per concept.

store < queries < progress < backends < imports, gaps, views; may import loaders and schema."""
