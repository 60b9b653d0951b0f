"""Gap analysis on Neo4j without snapshot(): the numbers aggregated by Cypher on the server.

Allocation and totals (columns' sums, 合计 rows, progress files' totals), unowned items and
recurring reports due are read as facts (graph.gaps.facts) by the parameterised statements of
gaps_cypher.py, and turned into findings by the builders the embedded store uses; names,
people, load and orphaned likewise by kinds.py, progress lights from actuals computed on the
server (lights.py). No kind reads snapshot().
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from dutygraph.graph.backends.neo4j import kinds as kinds_served
from dutygraph.graph.backends.neo4j.gaps_cypher import (
    BARE_INDICATORS,
    BARE_TASKS,
    COLUMNS,
    INDICATORS,
    PLAN_ENDS,
    RECEIVED,
    RECURRING,
    REFS,
    REPORT_TOTALS,
    TABLES,
    TASK_OWNERS,
)
from dutygraph.graph.backends.neo4j.lights import progress_check
from dutygraph.graph.backends.neo4j.scoped import Scope
from dutygraph.graph.gaps import numbers, owners, progress
from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import (
    BareIndicator,
    BareTask,
    Column,
    Recurring,
    ReportTotal,
)
from dutygraph.graph.gaps.find import Check, find_gaps
from dutygraph.graph.gaps.finding import EntityRef, Finding, Kind
from dutygraph.graph.queries import match_headline
from dutygraph.graph.store import Orphan
from dutygraph.graph.units import unit_data

Read = Callable[..., list[dict[str, Any]]]
FACT_KINDS: frozenset[Kind] = frozenset({"allocation", "totals", "unowned", "reports", "progress"})
"""The kinds whose numbers Neo4j aggregates (the others still walk a graph in Python)."""
FACT_KINDS |= kinds_served.SERVED  # names, people, load, orphaned: neo4j/kinds.py


def _notices(ctx: GapContext) -> list[str] | None:
    return None if ctx.notices is None else sorted(ctx.notices)


def _text(x: Any) -> str:
    return str(x or "")


class ServerFacts:
    """The facts of one find_gaps call, each read once from the server."""

    def __init__(self, read: Read) -> None:
        self.read = read
        self._columns: dict[tuple[str, ...] | None, list[Column]] = {}

    # -- allocation and totals ---------------------------------------------------------------

    def columns(self, notices: list[str] | None) -> list[Column]:
        key = None if notices is None else tuple(notices)
        if key not in self._columns:
            self._columns[key] = self._read_columns(notices)
        return self._columns[key]

    def _read_columns(self, notices: list[str] | None) -> list[Column]:
        endings = list(unit_data().township_endings)
        rows = self.read(COLUMNS, notices=notices, endings=endings)
        # The embedded store meets columns in target-id order: its widest period per table is
        # the first longest one in that order (graph.gaps.numbers).
        rows.sort(key=lambda r: str(r["first"]))
        widest: dict[tuple[str, str], str] = {}
        for r in rows:
            key, period = (str(r["notice"]), str(r["table"])), str(r["period"])
            if len(period) > len(widest.get(key, "")):
                widest[key] = period
        candidates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        wanted = sorted({str(r["notice"]) for r in rows})
        for i in sorted(self.read(INDICATORS, notices=wanted), key=lambda i: str(i["id"])):
            candidates[str(i["notice"])].append(i)
        out = []
        for r in rows:
            notice, table, period = str(r["notice"]), str(r["table"]), str(r["period"])
            measure = r["measure"]
            head = None
            head_row: dict[str, Any] | None = None
            if period == widest[(notice, table)]:
                for i in candidates.get(notice, []):
                    head = match_headline(
                        table, measure, [(str(i["name"]), i["measure"], i["value"])]
                    )
                    if head:
                        head_row = i
                        break
            stated = min(r["stated"], key=lambda s: str(s[0])) if r["stated"] else None
            values = [float(v) for v in r["values"]]
            out.append(
                Column(
                    notice=notice,
                    table=table,
                    measure=measure,
                    period=period,
                    computed=math.fsum(values),
                    rows=len(values),
                    townships=bool(values) and bool(r["townships"]),
                    first=str(r["first"]),
                    stated=None if stated is None else float(stated[2]),
                    stated_id=None if stated is None else str(stated[0]),
                    stated_label="" if stated is None else str(stated[1]),
                    headline=head if head_row is not None else None,
                    head_id=None if head_row is None else str(head_row["id"]),
                    head_label="" if head_row is None else str(head_row["label"]),
                )
            )
        return sorted(out, key=lambda c: str((c.notice, c.table, c.measure, c.period)))

    def report_totals(self, notices: list[str] | None) -> list[ReportTotal]:
        out = []
        for r in self.read(REPORT_TOTALS, notices=notices):
            # The embedded store keeps the last 合计 row in id order.
            rep_id, label, value, measure = max(r["stated"], key=lambda s: str(s[0]))
            out.append(
                ReportTotal(
                    file=str(r["file"]),
                    notice=str(r["notice"]),
                    table=str(r["table"]),
                    period=str(r["period"]),
                    ref=EntityRef(id=str(rep_id), kind="Report", label=str(label)),
                    stated=float(value),
                    summed=math.fsum(float(v) for v in r["values"]),
                    measure=str(measure),
                )
            )
        return sorted(out, key=lambda t: (t.file, t.notice, t.table, t.period))

    # -- unowned -----------------------------------------------------------------------------

    def bare_items(self, notices: list[str] | None) -> tuple[list[BareTask], list[BareIndicator]]:
        tasks = sorted(
            (
                BareTask(
                    EntityRef(id=str(t["id"]), kind="Task", label=str(t["label"])),
                    _text(t["path"]),
                    str(t["notice"]) if t["notice"] else None,
                )
                for t in self.read(BARE_TASKS, notices=notices)
            ),
            key=lambda t: t.ref.id,
        )
        rows = sorted(self.read(BARE_INDICATORS, notices=notices), key=lambda i: str(i["id"]))
        tables: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        wanted = sorted({str(i["notice"]) for i in rows})
        for t in self.read(TABLES, notices=wanted) if wanted else []:
            tables[str(t["notice"])].append((str(t["table"]), t["measure"]))
        indicators = []
        for i in rows:
            candidate = [(str(i["name"]), i["measure"], i["value"])]
            if any(match_headline(t, m, candidate) for t, m in tables.get(str(i["notice"]), [])):
                continue  # broken down by an allocation table: its cells have owners
            words = [_text(i["quote"])]
            for _, section, title in sorted(i["tasks"], key=lambda t: str(t[0])):
                words += [_text(section), _text(title)]
            indicators.append(
                BareIndicator(
                    EntityRef(id=str(i["id"]), kind="Indicator", label=str(i["label"])),
                    i["name"],
                    i["value"],
                    i["measure"],
                    str(i["notice"]) if i["notice"] else None,
                    words,
                )
            )
        return tasks, indicators

    # -- reports -----------------------------------------------------------------------------

    def recurring(self, notices: list[str] | None, units: set[str] | None) -> list[Recurring]:
        found = []
        for d in sorted(self.read(RECURRING, notices=notices), key=lambda d: str(d["id"])):
            if not d["recurrence"] or not d["dates"]:
                continue
            dated = max(d["dated"], key=lambda n: str(n[0])) if d["dated"] else None
            start = progress.start_of(d["start"], _text(d["what"]), dated[1] if dated else None)
            if start is not None:
                found.append((d, start))
        wanted = sorted({str(d["notice"]) for d, _ in found})
        ends = {
            str(r["notice"]): progress.plan_end(list(r["dues"]), list(r["years"]))
            for r in (self.read(PLAN_ENDS, notices=wanted) if wanted else [])
        }
        task_owners: dict[str, list[tuple[str, bool, bool, list[str]]]] = defaultdict(list)
        for r in self.read(TASK_OWNERS, notices=wanted) if wanted else []:
            task_owners[str(r["notice"])].append(
                (str(r["id"]), bool(r["collective"]), bool(r["region"]), sorted(r["members"]))
            )
        obliged = {}
        for d, _ in found:
            named = None
            if d["owner"] is not None:
                named = sorted(d["members"] or []) if d["collective"] else [str(d["owner"])]
            obliged[str(d["id"])] = progress.obliged(named, task_owners[str(d["notice"])])
        owing = sorted({u for us in obliged.values() for u in us if units is None or u in units})
        refs = self.refs(owing)
        received = {
            str(r["unit"]): [dt.date.fromisoformat(str(x)) for x in r["dates"] if x]
            for r in (self.read(RECEIVED, units=owing) if owing else [])
        }
        deadlines = self.refs([str(d["id"]) for d, _ in found])
        return [
            Recurring(
                deadline=deadlines[str(d["id"])],
                notice=str(d["notice"]),
                what=_text(d["what"]),
                dates=[str(x) for x in d["dates"]],
                start=start,
                plan_end=ends.get(str(d["notice"])),
                obliged=[refs[u] for u in obliged[str(d["id"])] if u in refs],
                received={u: received[u] for u in obliged[str(d["id"])] if u in received},
            )
            for d, start in found
        ]

    def refs(self, ids: Iterable[str]) -> dict[str, EntityRef]:
        wanted = sorted(set(ids))
        rows = self.read(REFS, ids=wanted) if wanted else []
        return {
            str(r["id"]): EntityRef(id=str(r["id"]), kind=str(r["kind"]), label=str(r["label"]))
            for r in rows
        }

    # -- the checks find_gaps runs with these facts ------------------------------------------

    def checks(self) -> dict[Kind, Check]:
        def allocation(ctx: GapContext) -> list[Finding]:
            return numbers.allocation_findings(self.columns(_notices(ctx)))

        def totals(ctx: GapContext) -> list[Finding]:
            n = _notices(ctx)
            return numbers.totals_findings(self.columns(n), self.report_totals(n))

        def unowned(ctx: GapContext) -> list[Finding]:
            return owners.unowned_findings(*self.bare_items(_notices(ctx)))

        def reports(ctx: GapContext) -> list[Finding]:
            found = self.recurring(_notices(ctx), ctx.units)
            return progress.reports_findings(found, ctx.as_of, ctx.units)

        return {
            "allocation": allocation,
            "totals": totals,
            "unowned": unowned,
            "reports": reports,
            "progress": progress_check(self.read),
        }


def neo4j_gaps(
    read: Read,
    scoped: Callable[[str | None, str | None], nx.MultiDiGraph],
    loop_used: Callable[[], bool],
    as_of: dt.date | None,
    notice: str | None,
    unit: str | None,
    kinds: Iterable[Kind] | None,
    orphans: Callable[[], list[Orphan]] = list,
) -> tuple[list[Finding], nx.MultiDiGraph]:
    """find_gaps with every kind read as facts aggregated on the server, and the graph it read.

    The graph: for one unit the part `scoped` selects (scoped.gaps_graph: the unit's name and
    its collectives); once the supervision loop is used, what the loop's findings read
    (kinds.loop_tasks_graph; for one notice or unit added after find_gaps); else the notices'
    heads. `orphans`: the store's orphans (for kind orphaned).
    """
    wanted = list(kinds) if kinds is not None else None
    facts = {**ServerFacts(read).checks(), **kinds_served.KindFacts(read, orphans).checks()}
    whole_store = notice is None and unit is None
    loop = (wanted is None or "reports" in wanted) and loop_used()
    if unit is not None or (loop and not whole_store):
        g = scoped(notice, unit)
    elif loop:
        g = kinds_served.loop_tasks_graph(read)
    else:
        scope = Scope(read)
        scope.notices()
        g = scope.graph()
    found = find_gaps(g, as_of, notice, unit, wanted, facts)
    if loop and not whole_store:
        # The part `scoped` selects lacks the tasks' deadlines the loop's findings read
        # (their 完成时限): those go with it, after find_gaps (they would change its lights).
        g = nx.compose(g, kinds_served.loop_tasks_graph(read))
    return found, g
