"""Parse throughput of the notice reader beside its floor: decoding the same bytes into lines."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dutygraph.loaders import parse_bytes

MB = 1_000_000  # throughput is reported in MB/s with MB = 10^6 bytes
GOAL_MB_S = 1.0
MIN_BYTES = 5 * MB
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples" / "notices").glob("*.txt"))

Corpus = list[tuple[str, bytes]]


@dataclass(frozen=True)
class BenchResult:
    """Best-of-N timings of parsing and of the floor over one corpus."""

    notices: int
    total_bytes: int
    parse_s: float
    floor_s: float

    @property
    def parse_mb_s(self) -> float:
        return self.total_bytes / MB / self.parse_s

    @property
    def floor_mb_s(self) -> float:
        return self.total_bytes / MB / self.floor_s

    @property
    def ratio(self) -> float:
        """How many times faster the floor is than parsing (floor MB/s / parse MB/s)."""
        return self.parse_s / self.floor_s

    @property
    def passed(self) -> bool:
        return self.parse_mb_s >= GOAL_MB_S


def build_corpus(paths: Sequence[Path], min_bytes: int = MIN_BYTES) -> Corpus:
    """The samples' bytes repeated until at least `min_bytes`, each copy its own notice."""
    samples = [(p.name, p.read_bytes()) for p in paths]
    if not samples:
        raise ValueError("no sample notices to benchmark")
    corpus: Corpus = []
    total = 0
    while total < min_bytes:
        name, data = samples[len(corpus) % len(samples)]
        corpus.append((f"{len(corpus):05d}_{name}", data))
        total += len(data)
    return corpus


def parse_corpus(corpus: Corpus) -> None:
    for name, data in corpus:
        parse_bytes(data, name)


def floor_corpus(corpus: Corpus) -> None:
    for _, data in corpus:
        data.decode("utf-8").splitlines()


def best_time(work: Callable[[Corpus], None], corpus: Corpus, runs: int) -> float:
    """The fastest of `runs` timings of work(corpus), in seconds (time.perf_counter)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work(corpus)
        best = min(best, time.perf_counter() - start)
    return best


def measure(
    paths: Sequence[Path] = SAMPLES, min_bytes: int = MIN_BYTES, runs: int = 3
) -> BenchResult:
    """Time parse_bytes per notice copy and the decode+split floor in the same run."""
    corpus = build_corpus(paths, min_bytes)
    return BenchResult(
        notices=len(corpus),
        total_bytes=sum(len(data) for _, data in corpus),
        parse_s=best_time(parse_corpus, corpus, runs),
        floor_s=best_time(floor_corpus, corpus, runs),
    )
