# dutygraph app image: the reader, the graph stores, the CLI and the web pages.

# GraphiQL and React for the offline /graphql page, from npm at the versions of package-lock.json
# (what `make node` does: tools/vendor_graphiql.mjs). Only their built files reach the app image.
FROM node:20-slim AS graphiql
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tools/vendor_graphiql.mjs ./tools/
RUN node tools/vendor_graphiql.mjs vendor

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
# Before `pip install .`: package-data takes api/web/static/vendor/* into the installed package.
COPY --from=graphiql /build/vendor ./api/web/static/vendor
RUN pip install .
COPY examples ./examples

VOLUME ["/data"]

EXPOSE 8000

# Load the samples into Neo4j ($NEO4J_URI), then serve the GraphQL API over Neo4j (the SQLite
# store variable is dropped for `serve`, so NEO4J_URI picks the backend) on all interfaces.
CMD ["sh", "-c", "python -m dutygraph.graph.backends.neo4j.store examples/notices/*.txt && exec env -u DUTYGRAPH_STORE dutygraph serve --host 0.0.0.0 --port 8000"]
