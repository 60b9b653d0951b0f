"""Traffic lights on Neo4j without reading the graph: actuals by Cypher, the rule in Python.

The server computes each target's and indicator's actual (lights_cypher.py: the cover of
reports, a 合计 cell's rows, enterprises counted); graph.progress.traffic's functions make the
light and its Chinese line from those numbers, as Lights does on the embedded store. Which
allocation table breaks an indicator down (match_headline, a fuzzy name match) is chosen in
Python over the few table heads of its notice.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from dutygraph.graph.backends.neo4j.gaps_cypher import REFS
from dutygraph.graph.backends.neo4j.lights_cypher import (
    ITEM_ACTUALS,
    NODES,
    SCOPE_ACTUALS,
    SCOPE_INDICATORS,
    TABLES,
    TARGET_ACTUALS,
)
from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.find import Check
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.gaps.progress import progress_finding, started
from dutygraph.graph.gaps.relevance import not_a_target_words
from dutygraph.graph.progress.traffic import (
    Status,
    deadline_light,
    indicator_light,
    indicator_span,
    target_light,
    task_light,
    worst,
)
from dutygraph.graph.queries import match_headline
from dutygraph.loaders.sheets import Period, parse_period

Read = Callable[..., list[dict[str, Any]]]

_SPANS: dict[str, list[Any]] = {}
"""Period text -> what lights_cypher's $spans holds for it (parse_period is pure: kept for
the process, and grown when a query meets a new text)."""


def _span_row(text: str) -> list[Any]:
    p = parse_period(text)
    if p is None:
        return []
    return [p.start.isoformat(), p.end.isoformat(), p.days, p.start.year, p.end.year]


def _read_spanned(read: Read, query: str, as_of: dt.date, **params: Any) -> list[dict[str, Any]]:
    """`query`'s rows with $spans holding every period text they meet (asked again, once per
    new text, when a row names one $spans lacked)."""
    while True:
        rows = read(query, as_of=as_of.isoformat(), year=as_of.year, spans=_SPANS, **params)
        unknown = {str(t) for r in rows for t in r["unknown"] if t is not None} - set(_SPANS)
        if not unknown:
            return rows
        for text in unknown:
            _SPANS[text] = _span_row(text)


def _target(row: dict[str, Any], as_of: dt.date) -> Status:
    def actual(node: str, day: dt.date, p: dict[str, Any]) -> float | None:
        return None if row["actual"] is None else float(row["actual"])

    return target_light(str(row["id"]), str(row["unit_label"]), row, actual, as_of)


def target_lights(read: Read, ids: list[str], as_of: dt.date) -> dict[str, Status]:
    """The lights of these Target nodes (those that exist)."""
    if not ids:
        return {}
    rows = _read_spanned(read, TARGET_ACTUALS, as_of, ids=sorted(set(ids)))
    return {str(r["id"]): _target(r, as_of) for r in rows}


def _scope_lights(
    read: Read, notices: list[str] | None, units: list[str] | None, as_of: dt.date
) -> tuple[list[tuple[dict[str, Any], Status]], list[tuple[dict[str, Any], Status]]]:
    """The lights of the non-stated targets and of the indicators that are targets (not a
    condition or a subsidy) of these notices or units (None: any), each with its row, by id."""
    rows = sorted(
        _read_spanned(read, SCOPE_ACTUALS, as_of, notices=notices, units=units),
        key=lambda r: r["id"],
    )
    items = sorted(
        (
            str(i["id"])
            for i in read(SCOPE_INDICATORS, notices=notices, units=units)
            if not_a_target_words(_words(i)) is None
        ),
    )
    nodes = read(NODES, ids=items) if items else []
    lit = indicator_lights(read, nodes, as_of)
    return (
        [(r, _target(r, as_of)) for r in rows],
        [
            (n, lit[i])
            for n in sorted(nodes, key=lambda n: str(n["id"]))
            if (i := str(n["id"])) in lit
        ],
    )


def overview_lights(read: Read, as_of: dt.date) -> list[tuple[str, Any, Any]]:
    """graph.gaps.overview_of's (colour, unit, notice) of every non-stated target and every
    indicator that is a target, from server-side actuals (targets, then indicators, by id)."""
    targets, indicators = _scope_lights(read, None, None, as_of)
    return [(s.colour, r["unit"], r["notice"]) for r, s in [*targets, *indicators]]


def progress_findings(
    read: Read, notices: list[str] | None, units: list[str] | None, as_of: dt.date
) -> list[Finding]:
    """The `progress` gap kind (graph.gaps.progress) of the targets and indicators of these
    notices, or of these units when given (None: the whole store), from server-side actuals."""
    if units is not None:  # as on the embedded store: a finding names the unit's own items
        notices = None
    targets, indicators = _scope_lights(read, notices, units, as_of)
    targets = [(r, s) for r, s in targets if started(str(r["period"]), as_of)]
    found: list[tuple[str, Status, str | None, Any]] = [
        (str(r["id"]), s, r["unit"], r["notice"])
        for r, s in [*targets, *indicators]
        if s.colour in ("red", "yellow")
    ]
    wanted = sorted({x for node, _, unit, _ in found for x in (node, unit) if x})
    refs = {
        str(r["id"]): EntityRef(id=str(r["id"]), kind=str(r["kind"]), label=str(r["label"]))
        for r in (read(REFS, ids=wanted) if wanted else [])
    }
    out = []
    for node, s, unit, notice in found:
        f = progress_finding(s, refs[node], refs.get(str(unit)) if unit else None, notice, as_of)
        if f is not None:
            out.append(f)
    return out


def progress_check(read: Read) -> Check:
    """find_gaps' `progress` check on Neo4j (neo4j_gaps): the wanted notices' or units'
    findings from server-side actuals, without the graph's Lights."""

    def check(ctx: GapContext) -> list[Finding]:
        notices = None if ctx.notices is None else sorted(ctx.notices)
        units = None if ctx.units is None else sorted(ctx.units)
        return progress_findings(read, notices, units, ctx.as_of)

    return check


def _words(i: dict[str, Any]) -> list[str]:
    words = [str(i["quote"] or "")]
    for _, section, title in i["tasks"]:
        words += [str(section or ""), str(title or "")]
    return words


def indicator_lights(read: Read, nodes: list[dict[str, Any]], as_of: dt.date) -> dict[str, Status]:
    """The lights of these Indicator rows (lights_cypher.NODES)."""
    if not nodes:
        return {}
    notices = sorted({str(n["notice"]) for n in nodes if n["notice"] is not None})
    tables: dict[str, list[dict[str, Any]]] = {}
    for t in read(TABLES, notices=notices) if notices else []:
        tables.setdefault(str(t["notice"]), []).append(t)
    out: dict[str, Status] = {}
    rows: list[dict[str, Any]] = []
    spans: dict[str, Period | None] = {}
    for n in nodes:
        heads = sorted(
            tables.get(str(n["notice"]), []),
            key=lambda t: (str(t["table"]), str(t["measure"] or "")),
        )
        table = next(
            (
                t
                for t in heads
                if match_headline(
                    str(t["table"]), t["measure"], [(str(n["name"]), n["measure"], n["value"])]
                )
            ),
            None,
        )
        day = dt.date.fromisoformat(str(n["notice_date"])) if n["notice_date"] else None
        span = spans[n["id"]] = indicator_span(n, day, table["period"] if table else None)
        if span is None or n["value"] is None:
            out[n["id"]] = indicator_light(n["id"], _name(n), n, None, span, as_of)
            continue
        rows.append(
            {
                "id": n["id"],
                "start": span.start.isoformat(),
                "end": span.end.isoformat(),
                "first": span.start.year,
                "last": span.end.year,
                "notice": table["notice"] if table else None,
                "table": table["table"] if table else None,
                "period": table["period"] if table else None,
            }
        )
    by_id = {n["id"]: n for n in nodes}
    for r in _read_spanned(read, ITEM_ACTUALS, as_of, rows=rows) if rows else []:
        n = by_id[r["id"]]
        actual = None if r["actual"] is None else float(r["actual"])
        out[n["id"]] = indicator_light(n["id"], _name(n), n, actual, spans[n["id"]], as_of)
    return out


def _name(n: dict[str, Any]) -> str:
    return str(n["name"] or n["label"])


def neo4j_lights(read: Read, ids: Iterable[str], as_of: dt.date) -> dict[str, Status]:
    """The number-only lights (graph.progress.Lights.status) of these Target, Indicator, Task
    and Unit nodes; grey for other nodes, nothing for ids not in the store."""
    asked = set(ids)
    nodes = {str(n["id"]): n for n in read(NODES, ids=sorted(asked))}
    kinds: dict[str, list[str]] = {}
    for nid, n in nodes.items():
        kinds.setdefault(str(n["kind"]), []).append(nid)
    targets = {*kinds.get("Target", [])}
    targets |= {t for u in kinds.get("Unit", []) for t in nodes[u]["targets"]}
    lit = target_lights(read, sorted(targets), as_of)
    wanted = {*kinds.get("Indicator", [])}
    wanted |= {i for t in kinds.get("Task", []) for i in nodes[t]["indicators"]}
    missing = sorted(wanted - set(nodes))
    if missing:
        nodes.update({str(n["id"]): n for n in read(NODES, ids=missing)})
    lit |= indicator_lights(read, [nodes[i] for i in sorted(wanted) if i in nodes], as_of)
    out: dict[str, Status] = {}
    for nid, n in nodes.items():
        kind = n["kind"]
        if nid not in asked:
            continue
        if kind in ("Target", "Indicator"):
            out[nid] = lit[nid]
        elif kind == "Task":
            # In id order, as snapshot() lists a task's children: the first worst one speaks.
            parts = [(i, lit[i]) for i in n["indicators"] if i in lit]
            parts += [
                (did, s)
                for did, due, what in n["deadlines"]
                if (s := deadline_light(did, {"due": due, "what": what}, as_of)) is not None
            ]
            out[nid] = task_light(nid, str(n["label"]), [s for _, s in sorted(parts)])
        elif kind == "Unit":
            out[nid] = worst(nid, [lit[t] for t in n["targets"]], str(n["label"]))
        else:
            out[nid] = Status(nid, "grey", explanation_zh="无可度量的目标。")
    return out
