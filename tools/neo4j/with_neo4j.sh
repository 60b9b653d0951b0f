#!/usr/bin/env bash
# Run a command (the test suite) with a fresh local Neo4j: NEO4J_URI/USER/PASSWORD exported,
# the server stopped and its data removed afterwards, also when the command fails.
# An already set NEO4J_URI is used as it is; without java or mvn the command runs without
# Neo4j, and the Neo4j half of the contract tests is skipped with the reason.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -n "${NEO4J_URI:-}" ]]; then
  echo "neo4j: using NEO4J_URI=$NEO4J_URI"
  exec "$@"
fi
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "note: java or mvn is missing: no local Neo4j, its contract tests are skipped"
  exec "$@"
fi

RUN="$(mktemp -d "${TMPDIR:-/tmp}/dutygraph-neo4j.XXXXXX")"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PASSWORD="test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
cleanup() {
  "$HERE/neo4j.sh" stop "$RUN" >/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$HERE/neo4j.sh" start "$RUN" "$PORT" "$PASSWORD"
export NEO4J_URI="bolt://127.0.0.1:$PORT" NEO4J_USER=neo4j NEO4J_PASSWORD="$PASSWORD"
"$@"
