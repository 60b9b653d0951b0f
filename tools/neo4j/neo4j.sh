#!/usr/bin/env bash
# A local Neo4j Community server (Neo4jLauncher.java) for `make neo4j` and the tests.
#   neo4j.sh build                      compile the launcher, fetch its jars (Maven Central)
#   neo4j.sh start RUNDIR PORT PASSWORD start in the background: RUNDIR/{data,neo4j.pid,neo4j.log}
#   neo4j.sh stop RUNDIR                SIGTERM the pid in RUNDIR/neo4j.pid, wait for it to end
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAMP="$HERE/target/.built"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
HEAP="${NEO4J_HEAP:-1g}"

build() {
  if [[ -f "$STAMP" && ! "$HERE/pom.xml" -nt "$STAMP" \
        && -z "$(find "$HERE/src" -newer "$STAMP" -type f)" ]]; then
    return 0
  fi
  local log="$HERE/target/build.log"
  mkdir -p "$HERE/target"
  echo "neo4j: building tools/neo4j with Maven (a first build downloads ~125 MB of jars into ~/.m2)"
  if ! (cd "$HERE" && mvn -B -q compile dependency:copy-dependencies) >"$log" 2>&1; then
    echo "error: neo4j: the Maven build failed ($log):" >&2
    grep -E 'ERROR|error:' "$log" | head -20 >&2 || tail -20 "$log" >&2
    return 1
  fi
  touch "$STAMP"
}

alive() { [[ -f "$1/neo4j.pid" ]] && kill -0 "$(cat "$1/neo4j.pid")" 2>/dev/null; }

start() {
  local run="$1" port="$2" password="$3"
  build
  mkdir -p "$run/data"
  if alive "$run"; then
    echo "neo4j: already running (pid $(cat "$run/neo4j.pid"), log $run/neo4j.log)"
    return 0
  fi
  : >"$run/neo4j.log"
  java "-Xmx$HEAP" -cp "$HERE/target/classes:$HERE/target/lib/*" dutygraph.Neo4jLauncher \
    --data "$run/data" --port "$port" --user neo4j --password "$password" \
    >>"$run/neo4j.log" 2>&1 </dev/null &
  echo $! >"$run/neo4j.pid"
  local waited=0
  until grep -q '^neo4j ready ' "$run/neo4j.log"; do
    if ! alive "$run" || ((waited >= START_TIMEOUT)); then
      echo "error: neo4j did not start within ${waited}s on 127.0.0.1:$port ($run/neo4j.log):" >&2
      tail -20 "$run/neo4j.log" >&2
      stop "$run" >/dev/null 2>&1 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "neo4j: $(grep '^neo4j ready ' "$run/neo4j.log") after ${waited}s (pid $(cat "$run/neo4j.pid"))"
}

stop() {
  local run="$1" pid waited=0
  if ! alive "$run"; then
    rm -f "$run/neo4j.pid"
    echo "neo4j: not running"
    return 0
  fi
  pid="$(cat "$run/neo4j.pid")"
  kill -TERM "$pid"
  # The shutdown hook checkpoints the store; past a minute something is stuck.
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 60)); then
      echo "neo4j: pid $pid ignored SIGTERM for 60s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$run/neo4j.pid"
  echo "neo4j: stopped (pid $pid)"
}

case "${1:-}" in
  build) build ;;
  start) start "$2" "$3" "$4" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 build | start RUNDIR PORT PASSWORD | stop RUNDIR" >&2; exit 2 ;;
esac
