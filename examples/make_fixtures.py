"""Write the five sample notices as .docx, .html and .pdf (and one notice split into 附件 files).

The tests make the same files at run time (tests/loaders/documents/conftest.py); this script writes
them where a person can open them. Run from the repo root:
    .venv/bin/python examples/make_fixtures.py out/fixtures
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fixtures import SAMPLES, make_all, write_bundle  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/fixtures")
    made = make_all(out)
    for stem, files in made.items():
        print(stem, " ".join(sorted(f for f in files if f != "txt")))
    notice, annexes = write_bundle(SAMPLES[0], out / "bundle_000")
    print(notice, " ".join(a.name for a in annexes))
    if not any("pdf" in files for files in made.values()):
        print("note: LibreOffice (soffice) is not installed, no PDFs written; make sysdeps adds it")


if __name__ == "__main__":
    main()
