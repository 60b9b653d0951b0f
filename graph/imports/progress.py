"""Progress reports into the graph: each actual value a Report node REPORTS -> its target.

A row names a unit and an indicator as people write them. The indicator is matched to an
allocation table (知识产权专利开放许可, exactly or as graph.queries.match_headline matches
names) or a stated indicator (专利开放许可); the unit is resolved within the jurisdiction of
the notices that hold those targets, and must own one of them. The report is attached to the
narrowest target whose period contains the reported one (2024H1 -> the 2024 target).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from dutygraph.graph.derived import per_graph
from dutygraph.graph.imports.sheet import FactsBackend, ImportOutcome, Tick, commit, source_id
from dutygraph.graph.imports.unit_lookup import UnitLookup, near_hint, node_props
from dutygraph.graph.model import Edge, Facts, Node, report_id, unit_id
from dutygraph.graph.queries import did_you_mean
from dutygraph.graph.queries.names import tables_named
from dutygraph.loaders.notice import same_thing
from dutygraph.loaders.numbers import sane
from dutygraph.loaders.sheets import (
    TOTAL_NAMES,
    ImportRejected,
    Period,
    parse_period,
    read_progress,
)
from dutygraph.schema.progress import ProgressRecord
from dutygraph.schema.rows import RowProblem


@dataclass(frozen=True)
class Resolved:
    """A record matched to the graph: the unit, the item it reports on, and the group key."""

    record: ProgressRecord
    unit: str
    item: str
    notice: str
    name: str
    measure: str | None
    key: tuple[str, ...]


class ProgressCatalog:
    """Allocation tables and indicators of a graph, for matching progress rows: the store's
    graph, or on Neo4j the names and the cells of the tables the rows name (progress_graph)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.units = UnitLookup(g)
        # table -> notice -> target ids (stated 合计 cells included)
        self.tables: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.indicators: dict[str, list[str]] = defaultdict(list)
        for n, a in g.nodes(data=True):
            p = a.get("props", {})
            if a.get("kind") == "Target":
                self.tables[str(p["table"])][str(p["notice"])].append(str(n))
            elif a.get("kind") == "Indicator":
                self.indicators[str(p.get("name"))].append(str(n))

    @staticmethod
    def of(g: nx.MultiDiGraph) -> "ProgressCatalog":
        """The catalog of `g`, built once per graph object: the rights check and the write of
        one recordProgress (graph.supervision.writes) share it."""
        return per_graph(g, "progress catalog", lambda: ProgressCatalog(g))

    def match(self, written: str) -> tuple[list[str], list[str]]:
        """(tables, indicator ids) the name means: exact names first, then similar names."""
        w = written.strip()
        if w in self.tables:
            return [w], []
        if w in self.indicators:
            return [], sorted(self.indicators[w])
        tables = tables_named(self.tables, w)
        if tables:
            return tables, []
        return [], sorted(
            i for name, ids in self.indicators.items() if same_thing(name, w) for i in ids
        )

    def resolve(self, rec: ProgressRecord) -> Resolved | str:
        """The record matched to a target or indicator, or the reason (Chinese and English)."""
        tables, indicators = self.match(rec.indicator)
        period = parse_period(rec.period)
        if period is None:  # the loader only makes records with a period
            return f"年度/期间“{rec.period}”无法识别 (not a period)"
        if tables:
            return self._on_table(rec, tables, period)
        if indicators:
            return self._on_indicator(rec, indicators)
        near = did_you_mean(self.g, rec.indicator, "table") or did_you_mean(
            self.g, rec.indicator, "item"
        )
        return (
            f"指标“{rec.indicator}”不是已导入通知中的分解表或指标{near_hint(near)} "
            "(no allocation table or indicator of that name in the store)"
        )

    def _on_table(self, rec: ProgressRecord, tables: list[str], period: Period) -> Resolved | str:
        cands: list[str] = []
        notices = sorted({nt for t in tables for nt in self.tables[t]})
        units = [] if rec.stated_total else self.units.find(rec.unit, notices)
        if not rec.stated_total and not units:
            near = did_you_mean(self.g, rec.unit, "unit")
            return (
                f"单位“{rec.unit}”不是{self.units.places(notices)}的单位，或未出现在相关通知中"
                f"{near_hint(near)} (unknown unit for 《{tables[0]}》)"
            )
        for t in tables:
            for tids in self.tables[t].values():
                for tid in tids:
                    p = node_props(self.g, tid)
                    if bool(p.get("stated")) == rec.stated_total and (
                        rec.stated_total or p["unit"] in units
                    ):
                        cands.append(tid)
        if not cands:
            who = "合计" if rec.stated_total else self.units.label(units[0])
            return f"{who}在《{tables[0]}》中没有分解目标 (no target for this unit in that table)"
        spans = {tid: parse_period(str(node_props(self.g, tid)["period"])) for tid in cands}
        inside = [t for t in cands if (s := spans[t]) is not None and s.contains(period)]
        if not inside:
            have = "、".join(sorted({str(node_props(self.g, t)["period"]) for t in cands}))
            return f"期间{period.name}不在《{tables[0]}》的目标期间（{have}）内 (period outside the targets)"
        best = min(inside, key=lambda t: (spans[t].days, t))  # type: ignore[union-attr]
        p = node_props(self.g, best)
        return Resolved(
            rec,
            str(p["unit"]),
            best,
            str(p["notice"]),
            str(p["table"]),
            p.get("measure"),
            (str(p["unit"]), str(p["notice"]), str(p["table"]), period.name),
        )

    def _on_indicator(self, rec: ProgressRecord, indicators: list[str]) -> Resolved | str:
        notices = sorted({str(node_props(self.g, i).get("notice")) for i in indicators})
        if rec.stated_total or rec.unit in TOTAL_NAMES:
            units = sorted(
                {
                    unit_id(self.units.jurisdictions[n].full)
                    for n in notices
                    if n in self.units.jurisdictions
                }
            )
            units = [u for u in units if u in self.g]
        else:
            units = self.units.find(rec.unit, notices)
        if not units:
            return (
                f"单位“{rec.unit}”不是{self.units.places(notices)}的单位，或未出现在相关通知中 "
                f"(unknown unit for {rec.indicator})"
            )
        item = indicators[0]
        p = node_props(self.g, item)
        return Resolved(
            rec,
            units[0],
            item,
            str(p.get("notice")),
            str(p.get("name")),
            p.get("measure"),
            (units[0], item, rec.period),
        )


def _report(
    source: str, r: Resolved, file: str, catalog: ProgressCatalog
) -> tuple[Node, list[Edge]]:
    rec = r.record
    rid = report_id(source, r.unit, r.item, rec.period)
    label = f"{catalog.units.label(r.unit)} {r.name} {rec.period} 实际{rec.value:g}"
    node = Node(
        rid,
        "Report",
        label,
        {
            "unit": r.unit,
            "item": r.item,
            "notice": r.notice,
            "name": r.name,
            "measure": r.measure,
            "period": rec.period,
            "value": rec.value,
            "reported": rec.reported.isoformat() if rec.reported else None,
            "stated": rec.stated_total,
            "note": rec.note,
            "file": file,
            "sheet": rec.sheet,
            "row": rec.row,
        },
    )
    edges = [Edge(rid, r.item, "REPORTS"), Edge(rid, r.unit, "REPORTED_BY")]
    return node, edges


def progress_facts(
    g: nx.MultiDiGraph,
    records: Iterable[ProgressRecord],
    source: str,
    file: str,
    tick: Tick | None = None,
) -> tuple[Facts, list[RowProblem]]:
    """Report nodes for the records that match the graph, and a problem for each that does not."""
    catalog = ProgressCatalog(g)
    facts = Facts(notice_id=source)
    problems: list[RowProblem] = []
    seen: dict[tuple[str, ...], int | None] = {}
    recs = list(records)
    for done, rec in enumerate(recs, start=1):
        r = catalog.resolve(rec)
        if isinstance(r, str):
            problems.append(RowProblem(file=file, sheet=rec.sheet, row=rec.row, reason=r))
        elif r.key in seen:
            problems.append(
                RowProblem(
                    file=file,
                    sheet=rec.sheet,
                    row=rec.row,
                    reason=f"与第{seen[r.key]}行是同一单位、指标和期间 (duplicate of row {seen[r.key]})",
                )
            )
        else:
            seen[r.key] = rec.row
            node, edges = _report(source, r, file, catalog)
            facts.nodes.append(node)
            facts.edges += edges
        if tick:
            tick(done, len(recs))
    return facts, problems


def import_progress(
    backend: FactsBackend, path: str | Path, partial: bool = False, tick: Tick | None = None
) -> ImportOutcome:
    """Read a progress spreadsheet and write its reports in one transaction.

    Any bad row (unreadable, unknown unit or indicator, duplicate) rejects the whole file with
    ImportRejected unless `partial`, which keeps the good rows and returns the problems.
    """
    file = str(path)
    rows = read_progress(path)
    source = source_id("progress", path)
    g = backend.progress_graph(sorted({r.indicator for r in rows.records}))
    facts, problems = progress_facts(g, rows.records, source, file, tick)
    return commit(backend, facts, file, len(facts.nodes), rows.problems + problems, partial)


def record_progress(
    backend: FactsBackend,
    unit: str,
    indicator: str,
    period: str,
    value: float,
    as_of: dt.date | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> str:
    """Record one value as a one-row import (same checks; atomic); returns the Report node id.

    Recording the same unit, indicator and period again replaces the earlier value. `graph`:
    the backend's progress_graph when the caller has just read it (the audited write's check).
    """
    per = parse_period(period)
    if per is None:
        raise ImportRejected(
            "recordProgress",
            [
                RowProblem(
                    file="recordProgress",
                    column="period",
                    value=period,
                    reason=f"年度/期间“{period}”无法识别 (not a period)",
                )
            ],
        )
    if sane(value) is None:
        raise ImportRejected(
            "recordProgress",
            [
                RowProblem(
                    file="recordProgress",
                    value=str(value),
                    reason="实际值过大 (over 10^15: not a count or amount)",
                )
            ],
        )
    if value < 0:
        raise ImportRejected(
            "recordProgress",
            [
                RowProblem(
                    file="recordProgress", value=str(value), reason="实际值为负数 (negative value)"
                )
            ],
        )
    rec = ProgressRecord(
        unit=unit,
        indicator=indicator,
        period=per.name,
        value=float(value),
        reported=as_of,
        stated_total=unit.strip() in TOTAL_NAMES,
    )
    catalog = ProgressCatalog.of(
        graph if graph is not None else backend.progress_graph([indicator])
    )
    r = catalog.resolve(rec)
    if isinstance(r, str):
        raise ImportRejected("recordProgress", [RowProblem(file="recordProgress", reason=r)])
    digest = hashlib.sha1("|".join(r.key).encode("utf-8")).hexdigest()[:12]
    source = f"progress:manual:{digest}"
    node, edges = _report(source, r, "recordProgress", catalog)
    backend.load_facts([Facts(notice_id=source, nodes=[node], edges=edges)])
    return node.id
