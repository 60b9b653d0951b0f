"""Did-you-mean: names of the store nearest to a name that matched nothing (rapidfuzz).

Suggestions are only shown, never used: a look-up that found nothing stays "not found", and the
message lists what the user may have meant (税国镇 → 税郭镇, 西王庄 → 西王庄镇).
"""

from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx

What = Literal["unit", "item", "table", "notice"]
LIMIT = 3
# Edit-similarity (0-100) a suggestion needs: one wrong character in three (税国镇/税郭镇) is
# 66.7, a missing 镇 in four is 85.7; unrelated township names of three characters score ≤ 34.
CUTOFF = 65.0
# Suggestions scoring this much below the best one are left out.
MARGIN = 10.0
# A query of this many characters may also match part of a long task title (partial_ratio).
PARTIAL_MIN = 4
TABLE_NAMES = "table names"
"""Key of `g.graph`: every table name of the store, on a graph that holds only some tables'
targets (Neo4j's names graphs, graph/backends/neo4j/names.py)."""


def _unit_names(a: dict[str, Any]) -> Iterable[str]:
    p = a.get("props", {})
    label = str(a.get("label", ""))
    yield label
    yield from (str(x) for x in p.get("aliases") or ())
    place = str(p.get("jurisdiction") or "")
    if place and label.startswith(place) and len(label) > len(place):
        yield label[len(place) :]  # 枣庄市市中区税郭镇 -> 税郭镇, as clerks write it


def choices(g: nx.MultiDiGraph, what: What) -> list[str]:
    """The names a user may type for `what`, each once, in graph order."""
    if what == "table" and TABLE_NAMES in g.graph:
        return list(g.graph[TABLE_NAMES])
    seen: dict[str, None] = {}
    for _, a in g.nodes(data=True):
        kind, p = a.get("kind"), a.get("props", {})
        if what == "unit" and kind == "Unit":
            names: Iterable[str] = _unit_names(a)
        elif what == "item" and kind in ("Task", "Indicator"):
            names = (str(a.get("label", "")), str(p.get("title") or ""))
        elif what == "table" and kind == "Target":
            names = (str(p.get("table") or ""),)
        elif what == "notice" and kind == "Notice":
            names = (str(a.get("label", "")), str(p.get("doc_number") or ""))
        else:
            continue
        seen.update((n, None) for n in names if n)
    return list(seen)


def did_you_mean(g: nx.MultiDiGraph, text: str, what: What, limit: int = LIMIT) -> list[str]:
    """Up to `limit` names of kind `what` close to `text`, best first; [] when none is close."""
    text = text.strip()
    pool = choices(g, what)
    if not text or not pool:
        return []
    best: dict[str, float] = {}
    from rapidfuzz import fuzz, process  # only once a name has matched nothing

    scorers = [fuzz.ratio] + ([fuzz.partial_ratio] if len(text) >= PARTIAL_MIN else [])
    for scorer in scorers:
        for name, score, _ in process.extract(
            text, pool, scorer=scorer, score_cutoff=CUTOFF, limit=limit * 4
        ):
            if name != text:
                best[name] = max(score, best.get(name, 0.0))
    ranked = sorted(best, key=lambda n: (-best[n], len(n), n))
    # Only names about as near as the best: a clear winner is shown alone.
    return [n for n in ranked if best[n] >= best[ranked[0]] - MARGIN][:limit] if ranked else []


def hint_zh(suggestions: list[str]) -> str:
    """'您是不是要找：税郭镇、税郭镇政府？' for a message, or '' when there is none."""
    return f"您是不是要找：{'、'.join(suggestions)}？" if suggestions else ""
