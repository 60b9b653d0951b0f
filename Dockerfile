# dutygraph app image: the reader, the graph stores and the CLI.
FROM python:3.11-slim

# Graphviz and CJK fonts render the graphs (see `make sysdeps`).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       graphviz fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DUTYGRAPH_STORE=/data/dutygraph.sqlite

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY schema ./schema
COPY api ./api
COPY loaders ./loaders
COPY visualize ./visualize
RUN pip install .
COPY examples ./examples

VOLUME ["/data"]

# No `dutygraph serve` yet: load the samples into Neo4j ($NEO4J_URI) and into the embedded
# store, then stay up for `docker compose exec app dutygraph …`.
CMD ["sh", "-c", "python -m dutygraph.graph.neo4j_store examples/notices/*.txt && dutygraph load examples/notices/*.txt && exec sleep infinity"]
