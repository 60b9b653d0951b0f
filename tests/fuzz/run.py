"""`make fuzz`: 10,000 hostile inputs through the readers; prints inputs tried, crashes, the
slowest input and peak memory, and exits 1 on a crash or an input over the limits.

    python -m tests.fuzz.run --inputs 10000 --seed 17

Crashing inputs are written to out/fuzz/ to be replayed with `--replay FILE`."""

import argparse
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.fuzz.inputs import Case, draw
from tests.fuzz.targets import run

MAX_SECONDS = 2.0
MAX_MB = 512
OUT = Path("out/fuzz")


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB.

    /proc's VmHWM belongs to this program's own address space; ru_maxrss (the fallback, KB on
    Linux) is kept across fork and exec, so it would report the parent's peak (pytest's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--replay", type=Path, help="run one saved input (out/fuzz/crash-….bin)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    crashes: list[tuple[Case, str]] = []
    slowest = (0.0, "")
    over: list[str] = []
    counts = {"ok": 0, "refused": 0}
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = 1 if args.replay else args.inputs
        for i in range(n):
            if args.replay:
                target, _, _ = args.replay.name.removeprefix("crash-").partition("-")
                case = Case(target, "replay", args.replay.read_bytes())
            else:
                case = draw(rng, folder)
            t = time.perf_counter()
            try:
                counts[run(case, folder)] += 1
            except Exception:
                crashes.append((case, "".join(traceback.format_exc().splitlines(True)[-8:])))
            seconds = time.perf_counter() - t
            if seconds > slowest[0]:
                slowest = (seconds, f"{case.target}: {case.shape} ({len(case.data):,} bytes)")
            if seconds > MAX_SECONDS:
                over.append(f"{seconds:.2f} s {case.target}: {case.shape}")
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1:,} inputs, {len(crashes)} crashes, {time.monotonic() - start:.0f} s",
                      flush=True)  # fmt: skip
    peak = peak_mb()
    if crashes:
        OUT.mkdir(parents=True, exist_ok=True)
    for k, (case, trace) in enumerate(crashes[:20]):
        (OUT / f"crash-{case.target}-{k}.bin").write_bytes(case.data)
        print(f"CRASH {case.target}: {case.shape}\n{trace}", file=sys.stderr)
    print(
        f"fuzz: {n:,} inputs tried ({counts['ok']:,} read, {counts['refused']:,} refused with a"
        f" typed error), {len(crashes)} crashes, slowest {slowest[0]:.2f} s ({slowest[1]}),"
        f" {len(over)} over {MAX_SECONDS:g} s, peak memory {peak:.0f} MB"
        f" (limit {MAX_MB} MB), {time.monotonic() - start:.0f} s in all"
    )
    for line in over[:10]:
        print("  slow: " + line)
    return 1 if crashes or over or peak > MAX_MB else 0


def cap_address_space(gb: int = 2) -> None:
    """A runaway allocation becomes a MemoryError (a crash) rather than the machine swapping.
    Only for `make fuzz`'s own process: inside pytest it would bind the browser test too."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (gb * 1024**3, hard))


if __name__ == "__main__":
    cap_address_space()
    sys.exit(main())
