"""Score the notice reader against the annotated corpus in tests/loaders/corpus/ (`make accuracy`).

Each document is a .txt notice with a .json annotation written by hand: tasks (paths), owners per
task with roles, indicators (value, measure) and deadlines. Scores are precision, recall and F1 of
six kinds of fact (`order`: a task's whole owner list in the notice's order); `python -m bench.accuracy` prints one row per document and a summary line.
"""

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "loaders" / "corpus"
KINDS = ("tasks", "owners", "leads", "order", "indicators", "deadlines")
_WIDTH = str.maketrans("()：:，,", "（）：：，，")


@dataclass
class Score:
    """Counts of one kind of fact: matched, found by the reader, and stated in the annotation."""

    hit: int = 0
    found: int = 0
    gold: int = 0

    def add(self, other: "Score") -> None:
        self.hit += other.hit
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.hit / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    """The scores of one corpus document."""

    name: str
    held_out: bool
    scores: dict[str, Score] = field(default_factory=dict)


def _unit(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_WIDTH)


def _measure(value: float, measure: str) -> tuple[float, str]:
    """One spelling per quantity: 1.2万元 and 12000元 compare equal."""
    for prefix, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if measure.startswith(prefix) and len(measure) > len(prefix):
            return value * size, measure[len(prefix) :]
    return value, measure


def _count(gold: Iterable[Hashable], found: Iterable[Hashable]) -> Score:
    g, f = Counter(gold), Counter(found)
    return Score(hit=sum((g & f).values()), found=sum(f.values()), gold=sum(g.values()))


def _facts(result: ParseResult) -> dict[str, list[Hashable]]:
    tasks = [t.path for t in result.tasks]
    owners = [(t.path, _unit(o.unit)) for t in result.tasks for o in t.owners]
    leads = [(t.path, _unit(o.unit)) for t in result.tasks for o in t.owners if o.role == "lead"]
    order = [(t.path, tuple(_unit(o.unit) for o in t.owners)) for t in result.tasks if t.owners]
    indicators: list[Hashable] = []
    for i in result.indicators:
        value, measure = _measure(i.value, i.measure)
        indicators.append((round(value, 4), measure))
    deadlines = [(str(d.due) if d.due else None, d.recurrence) for d in result.deadlines]
    return {
        "tasks": list(tasks),
        "owners": list(owners),
        "leads": list(leads),
        "order": list(order),
        "indicators": indicators,
        "deadlines": list(deadlines),
    }


def _gold(note: dict[str, object]) -> dict[str, list[Hashable]]:
    tasks = [t["path"] for t in note["tasks"]]  # type: ignore[attr-defined]
    owners_by_task: dict[str, list[dict[str, str]]] = note["owners"]  # type: ignore[assignment]
    owners = [(p, _unit(o["unit"])) for p, lst in owners_by_task.items() for o in lst]
    leads = [
        (p, _unit(o["unit"]))
        for p, lst in owners_by_task.items()
        for o in lst
        if o["role"] == "lead"
    ]
    order = [(p, tuple(_unit(o["unit"]) for o in lst)) for p, lst in owners_by_task.items() if lst]
    indicators: list[Hashable] = []
    for i in note["indicators"]:  # type: ignore[attr-defined]
        value, measure = _measure(float(i["value"]), i["measure"])
        indicators.append((round(value, 4), measure))
    deadlines = [(d["due"], d.get("recurrence")) for d in note["deadlines"]]  # type: ignore[attr-defined]
    return {
        "tasks": tasks,
        "owners": list(owners),
        "leads": list(leads),
        "order": list(order),
        "indicators": indicators,
        "deadlines": list(deadlines),
    }


def score_document(text_path: Path) -> DocScore:
    """Read one corpus notice and score it against its annotation next to it."""
    note = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
    found = _facts(read_notice(text_path))
    gold = _gold(note)
    doc = DocScore(name=text_path.stem, held_out=bool(note.get("held_out")))
    for kind in KINDS:
        doc.scores[kind] = _count(gold[kind], found[kind])
    return doc


def score_corpus(corpus: Path = CORPUS) -> list[DocScore]:
    """Every annotated document of the corpus, in file-name order."""
    return [score_document(p) for p in sorted(corpus.glob("*.txt"))]


def total(docs: list[DocScore]) -> dict[str, Score]:
    """Micro-averaged counts over documents."""
    out = {kind: Score() for kind in KINDS}
    for d in docs:
        for kind in KINDS:
            out[kind].add(d.scores[kind])
    return out


def _row(name: str, scores: dict[str, Score]) -> str:
    cells = [
        f"{scores[k].f1:.2f} ({scores[k].hit}/{scores[k].found}/{scores[k].gold})" for k in KINDS
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


def table(docs: list[DocScore]) -> str:
    """A Markdown table: F1 (matched/found/stated) per kind, per document and for both sets."""
    lines = ["| document | " + " | ".join(KINDS) + " |", "| --- |" + " --- |" * len(KINDS)]
    lines += [_row(d.name + (" (held out)" if d.held_out else ""), d.scores) for d in docs]
    seen = [d for d in docs if not d.held_out]
    held = [d for d in docs if d.held_out]
    lines.append(_row("**all, tuning set**", total(seen)))
    if held:
        lines.append(_row("**all, held out**", total(held)))
    return "\n".join(lines)


def summary(docs: list[DocScore]) -> str:
    """One line: F1 per kind on the tuning set and on the held-out set."""
    parts = []
    for label, group in (
        ("tuning", [d for d in docs if not d.held_out]),
        ("held-out", [d for d in docs if d.held_out]),
    ):
        if group:
            t = total(group)
            parts.append(
                f"{label} ({len(group)} docs): " + ", ".join(f"{k} {t[k].f1:.2f}" for k in KINDS)
            )
    return "accuracy F1 — " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Print the per-document table and the summary line; --record writes owners F1 floors."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--record", type=Path, help="write each document's owners F1 to this json")
    args = parser.parse_args(argv)
    docs = score_corpus(args.corpus)
    print(table(docs))
    print(summary(docs))
    if args.record:
        # Rounded down, so a document scoring exactly its floor still passes.
        floors = {d.name: math.floor(d.scores["owners"].f1 * 1000) / 1000 for d in docs}
        tmp = args.record.with_suffix(".tmp")
        tmp.write_text(json.dumps(floors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
