"""Read throughput per file format beside the text reader, on the same five notices, same run.

The .docx/.html/.pdf are made from the .txt samples (bench.fixtures); pages are the PDF's pages
of each notice (LibreOffice's rendering), so every format is measured on the same pages.
"""

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.fixtures import SAMPLES, make_all
from dutygraph.loaders import read_notice

GOAL_LONG_S = 2.0
FORMATS = ("txt", "docx", "html", "pdf")


@dataclass(frozen=True)
class FormatRow:
    """Best-of-N time to read every sample in one format."""

    fmt: str
    notices: int
    pages: int
    kb: float
    seconds: float

    @property
    def pages_s(self) -> float:
        return self.pages / self.seconds

    @property
    def kb_s(self) -> float:
        return self.kb / self.seconds


@dataclass(frozen=True)
class FormatsBench:
    rows: list[FormatRow]
    long_pages: int
    long_docx_s: float
    long_pdf_s: float | None

    def ratio(self, row: FormatRow) -> float:
        """How many times slower than reading the same notices' .txt."""
        return row.seconds / self.rows[0].seconds

    @property
    def passed(self) -> bool:
        return self.long_docx_s < GOAL_LONG_S and (self.long_pdf_s or 0) < GOAL_LONG_S


def _best(paths: list[Path], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for p in paths:
            read_notice(p)
        best = min(best, time.perf_counter() - start)
    return best


def _pages(pdf: Path | None) -> int:
    if pdf is None:
        return 0
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def measure(runs: int = 3) -> FormatsBench:
    """Time read_notice over each format of the five samples, and over one long notice."""
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        out = Path(tmp)
        made = make_all(out)
        pages = {stem: _pages(files.get("pdf")) for stem, files in made.items()}
        kb = sum(p.stat().st_size for p in SAMPLES) / 1000
        rows = []
        for fmt in FORMATS:
            paths = [files[fmt] for files in made.values() if fmt in files]
            if not paths:
                continue
            total_pages = sum(pages[p.stem] for p in paths)
            rows.append(FormatRow(fmt, len(paths), total_pages, kb, _best(paths, runs)))
        # The longest sample (000, 21 pages as PDF) is the "20-page notice" of the goal.
        stem = max(pages, key=lambda k: pages[k])
        long_pdf = made[stem].get("pdf")
        long_pdf_s = _best([long_pdf], runs) if long_pdf else None
        long_docx_s = _best([made[stem]["docx"]], runs)
        return FormatsBench(rows, pages[stem], long_docx_s, long_pdf_s)
