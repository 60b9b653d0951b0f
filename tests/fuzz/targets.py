"""The fuzz targets: the notice reader and the spreadsheet readers (progress, enterprises,
liaisons over .csv and .xlsx). A target either returns or raises the reader's typed error with
a one-line, non-empty message; anything else is a crash."""

import json
from pathlib import Path

from dutygraph.loaders import NoticeError, parse_bytes
from dutygraph.loaders.sheets import (
    ImportRejected,
    SpreadsheetError,
    read_enterprises,
    read_liaisons,
    read_progress,
)
from tests.fuzz.inputs import Case

TYPED = (NoticeError, SpreadsheetError, ImportRejected)


def _one_line(exc: Exception) -> None:
    message = str(exc)
    if not message.strip() or "\n" in message:
        raise AssertionError(f"{type(exc).__name__} message is not one non-empty line: {message!r}")


def run(case: Case, folder: Path) -> str:
    """Read `case` with its target: 'ok', or 'refused' when every reader refused it with its
    typed error; anything else raises."""
    if case.target == "notice":
        try:
            result = parse_bytes(case.data, "fuzz.txt")
        except NoticeError as exc:
            _one_line(exc)
            return "refused"
        # `parse --json` must be strict JSON: no Infinity or NaN
        json.dumps(result.model_dump(mode="json"), ensure_ascii=False, allow_nan=False)
        return "ok"
    path = folder / f"fuzz.{case.target}"
    path.write_bytes(case.data)
    outcome = "refused"  # unless one of the three readers finds its table
    for reader in (read_progress, read_enterprises, read_liaisons):
        try:
            read = reader(path)
        except TYPED as exc:
            _one_line(exc)
            continue
        outcome = "ok"
        for p in read.problems:
            if not p.reason.strip() or "\n" in p.reason:
                raise AssertionError(f"row problem is not one non-empty line: {p.reason!r}")
    return outcome
