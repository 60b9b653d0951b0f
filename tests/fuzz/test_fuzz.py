"""The fuzz target, briefly, in `make test` (`make fuzz` runs 10,000 inputs): hostile notices and
spreadsheets are read or refused with a typed one-line error, never a crash."""

import random
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.inputs import draw
from tests.fuzz.targets import run


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.randoms(use_true_random=False))
def test_hostile_inputs_are_read_or_refused(rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        case = draw(rng, Path(tmp))
        assert run(case, Path(tmp)) in ("ok", "refused")


def test_make_fuzz_reports_its_numbers(tmp_path: Path) -> None:
    # Its own process, as `make fuzz` runs it: peak memory is that process's, not pytest's.
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", "--inputs", "40", "--seed", "3"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "fuzz: 40 inputs tried" in out and "0 crashes" in out and "peak memory" in out
