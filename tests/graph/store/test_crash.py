"""A real crash: SIGKILL a process half-way through an import; the store keeps its last state."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

# Builds a synthetic province (about 40 MB of rows), says "ready", then imports it in one
# transaction; "done" only after the commit.
IMPORT = """
import sys
from dutygraph.graph.store.embedded import Store
from bench.synthetic import Shape, synthetic_facts

batch = synthetic_facts(Shape(cities=4, counties=40, townships=1200, indicators=20))
store = Store(sys.argv[1])
print("ready", flush=True)
store.load_facts(batch)
print("done", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_kill_during_import_leaves_store_unchanged(
    tmp_path: Path, results: list[ParseResult]
) -> None:
    path = tmp_path / "g.sqlite"
    wal = Path(f"{path}-wal")
    with Store(path) as s:
        s.load(results)
        counts, notices = s.counts(), s.notices()
    base = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > base + (1 << 20):
                break  # the transaction has spilled pages into the WAL: it is under way
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert "done" not in out  # killed before the commit, not after it
    assert wal.exists() and wal.stat().st_size > base  # the import had written to the file
    with Store(path) as again:
        assert again.counts() == counts
        assert again.notices() == notices
