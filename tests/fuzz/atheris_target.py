"""Coverage-guided fuzzing with atheris (libFuzzer), when it installs: `make fuzz` runs it after
tests/fuzz/run.py. The first byte picks the target; the rest is the notice or the file.

    python -m tests.fuzz.atheris_target -runs=20000 -max_total_time=120
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from tests.fuzz.inputs import Case
    from tests.fuzz.targets import run

TARGETS = ("notice", "csv", "xlsx")
_FOLDER = Path(tempfile.mkdtemp(prefix="dutygraph-fuzz-"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    run(Case(TARGETS[data[0] % len(TARGETS)], "atheris", data[1:]), _FOLDER)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
