"""A real crash against the real server: SIGKILL a loading process; Neo4j keeps the last state."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dutygraph.graph.backends import Neo4jStore
from dutygraph.schema import ParseResult

from ..conftest import NO_NEO4J, ROOT

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)

# Builds a synthetic county set, says "ready", then loads it in one write transaction that says
# "written" once everything is written and then holds it open (a store hook, as the audit
# record's): the kill lands inside the transaction however fast the machine; "done" only after
# the commit.
LOAD = """
import time
from bench.synthetic import Shape, synthetic_facts
from dutygraph.graph.backends import Neo4jStore


def hold(tx):  # runs inside the load's transaction after its writes, before the commit
    print("written", flush=True)
    time.sleep(120)


batch = synthetic_facts(Shape(cities=1, counties=4, townships=60, indicators=10))
with Neo4jStore() as store:
    store.hooks.append(hold)
    print("ready", flush=True)
    store.load_facts(batch)
print("done", flush=True)
"""
# The loader's transaction, as the server lists it (its statements write through UNWIND $rows;
# this statement itself contains those words too).
RUNNING = """\
SHOW TRANSACTIONS YIELD currentQuery
WHERE currentQuery CONTAINS 'UNWIND $rows' AND NOT currentQuery STARTS WITH 'SHOW'
RETURN count(*) AS n"""


@pytest.fixture
def server(results: list[ParseResult]) -> Iterator[Neo4jStore]:
    with Neo4jStore() as n:
        n.clear()
        n.load(results[:4])
        yield n
        n.clear()


def _running(n: Neo4jStore) -> int:
    records, _, _ = n.driver.execute_query(RUNNING, database_="system")
    return int(records[0]["n"])


def test_killed_load_leaves_the_previous_state(server: Neo4jStore) -> None:
    before, notices = server.counts(), server.notices()
    assert len(notices) == 4
    proc = subprocess.Popen(
        [sys.executable, "-c", LOAD], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().strip() == "written"  # its writes wait for the commit
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert "done" not in out  # killed before the commit, not after it
    deadline = time.monotonic() + 60
    while _running(server):  # the server rolls back once it sees the connection gone
        assert time.monotonic() < deadline, "the killed transaction is still open after 60 s"
        time.sleep(0.1)
    assert server.counts() == before and server.notices() == notices
