"""Gap analysis before a supervision meeting (调度会): what is behind, unowned, overdue or
inconsistent. `find_gaps` runs one small check per kind over a snapshot of either store.

    allocation  headline target vs the sum of its breakdown      (graph.gaps_numbers)
    totals      a stated 合计 vs the sum of its rows              (graph.gaps_numbers)
    unowned     tasks / indicators with no owner                  (graph.gaps_owners)
    progress    traffic lights of targets and indicators          (graph.gaps_progress)
    reports     recurring reports not received by their due date  (graph.gaps_progress)
    names       unit names awaiting review                        (graph.gaps_owners)
    people      owning units with no named leader or liaison      (graph.gaps_owners)
    load        units owning far more tasks than their peers      (graph.gaps_owners)
    orphaned    facts a re-import left without their other end    (graph.gaps.orphans)
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

import networkx as nx

from dutygraph.graph import derived
from dutygraph.graph.gaps import numbers as gaps_numbers
from dutygraph.graph.gaps import orphans as gaps_orphans
from dutygraph.graph.gaps import owners as gaps_owners
from dutygraph.graph.gaps import progress as gaps_progress
from dutygraph.graph.gaps.context import GapContext, gap_index
from dutygraph.graph.gaps.finding import KINDS, Finding, Kind
from dutygraph.graph.queries import did_you_mean, hint_zh, notices_named, unit_names
from dutygraph.graph.queries import notice_names as notice_names  # moved to queries; kept here
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import freeze_derived, paused_gc

Check = Callable[[GapContext], list[Finding]]
CHECKS: dict[Kind, Check] = {
    "allocation": gaps_numbers.allocation,
    "totals": gaps_numbers.totals,
    "unowned": gaps_owners.unowned,
    "progress": gaps_progress.progress,
    "reports": gaps_progress.reports,
    "names": gaps_owners.names,
    "people": gaps_owners.people,
    "load": gaps_owners.load,
    "orphaned": gaps_orphans.orphaned,
}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _hint(graph: nx.MultiDiGraph, text: str | None, what: What) -> str:
    near = did_you_mean(graph, text or "", what)
    return f"。{hint_zh(near)}" if near else ""


class GapQueryError(LookupError):
    """A --notice or --unit that matches nothing in the store (one line for the user)."""


def match_notices(g: nx.MultiDiGraph, text: str) -> set[str]:
    """Parse ids of the loaded notices `text` names (lineage.notices_named: id, 发文字号, title…)."""
    return {
        str(g.nodes[n]["props"]["notice"])
        for n in notices_named(g, text)
        if g.nodes[n]["props"].get("notice") and not g.nodes[n]["props"].get("stub")
    }


def match_units(g: nx.MultiDiGraph, name: str) -> set[str]:
    """Unit ids as queries.units_named finds them (full name, alias, ending), and their collectives."""
    found = set(unit_names(g).find(name))
    collectives = {
        str(v)
        for u in found
        for _, v, e in g.out_edges(u, data=True)
        if e.get("kind") == "MEMBER_OF" and g.nodes[v].get("kind") == "Unit"
    }
    return found | collectives


# Kinds whose findings do not depend on the date: computed once per graph over the whole graph
# and kept (GapIndex.findings); a call for one notice or unit then filters them.
DATE_FREE: frozenset[Kind] = frozenset(
    {"allocation", "totals", "unowned", "names", "people", "load"}
)
# Kinds whose findings depend on the graph and the date only: kept for the last date asked
# (GapIndex.dated), so a repeated whole-graph call (the next page) does not light ~45,000
# targets again (`orphaned` copies a list the graph carries: nothing to keep).
DATED: frozenset[Kind] = frozenset({"progress", "reports"})
# Kinds whose findings can name a unit among their entities (the others name tasks, indicators,
# targets and reports only), so a call for one unit skips the others.
NAMES_UNITS: frozenset[Kind] = frozenset({"progress", "reports", "names", "people", "load"})


def _findings(ctx: GapContext, kind: Kind, check: Check) -> list[Finding]:
    """The check's findings, from the graph's kept ones (of its date when they depend on it)."""
    kept = ctx.index.dated(ctx.as_of) if kind in DATED else ctx.index.findings
    found = kept.get(kind)
    if found is not None:
        return found
    # In the order of the report (severity first within a kind), once: a call then only
    # concatenates the kinds' lists, in KINDS order.
    found = sorted(check(ctx), key=_severity)
    # Kept only from the graph's own checks: a Neo4j call's server-side facts are not its.
    if not ctx.scoped and kind in DATED | DATE_FREE and check is CHECKS[kind]:
        kept[kind] = found
    return found


def _severity(f: Finding) -> int:
    return _SEVERITY_ORDER[f.severity]


def find_gaps(
    graph: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    notice: str | None = None,
    unit: str | None = None,
    kinds: Iterable[Kind] | None = None,
    checks: Mapping[Kind, Check] | None = None,
) -> list[Finding]:
    """Every finding of the chosen kinds (default all) at `as_of` (default today).

    `notice` keeps the findings of one notice (id, 发文字号, file or title words); `unit` those
    naming that unit or a collective it belongs to. GapQueryError when either matches nothing.
    Findings are shared between calls on the same graph: read them, do not change them.
    `checks` replaces the checks of some kinds (Neo4j: facts aggregated on the server).
    """
    # A province call allocates ~10^5 objects that live until it returns: with the collector
    # running, its full collections rescanned them ~9 times a call (a third of the time).
    day = as_of or dt.date.today()
    chosen = set(kinds or KINDS)
    with paused_gc():
        first = not derived.has(graph, "gap_index")
        whole = notice is None and unit is None
        dated = DATED & chosen
        new_day = whole and not first and not gap_index(graph).dated(day).keys() >= dated
        found = _find_gaps(graph, day, notice, unit, chosen, {**CHECKS, **(checks or {})})
        if first or new_day:
            # the indexes (and the date's findings) it built live as long as the graph (the
            # date): out of the collector's way
            freeze_derived()
        return found


def _find_gaps(
    graph: nx.MultiDiGraph,
    as_of: dt.date,
    notice: str | None,
    unit: str | None,
    chosen: set[Kind],
    checks: Mapping[Kind, Check],
) -> list[Finding]:
    wanted_notices = None if notice is None else match_notices(graph, notice)
    if wanted_notices is not None and not wanted_notices:
        raise GapQueryError(
            f"no notice in the store matches {notice!r}" + _hint(graph, notice, "notice")
        )
    wanted_units = None if unit is None else match_units(graph, unit)
    if wanted_units is not None and not wanted_units:
        raise GapQueryError(f"no unit in the store matches {unit!r}" + _hint(graph, unit, "unit"))
    ctx = GapContext(graph, as_of, wanted_notices, wanted_units)
    out: list[Finding] = []
    for kind in KINDS:  # the report's order: by kind, then (each list) by severity
        if kind not in chosen or (wanted_units is not None and kind not in NAMES_UNITS):
            continue
        found = _findings(ctx, kind, checks[kind])
        if wanted_notices is None and wanted_units is None:
            out += found
            continue
        for f in found:
            if wanted_notices is not None and f.notice not in wanted_notices:
                continue
            if wanted_units is not None and not wanted_units & {e.id for e in f.entities}:
                continue
            out.append(f)
    return out
