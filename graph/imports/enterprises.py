"""Enterprises into the graph: Enterprise nodes LOCATED_IN their township, CONTRIBUTES_TO what
they count toward.

Which recognitions and patents count toward which targets is data (graph/data/
contributions.json): a 国家知识产权优势企业 in 税郭镇 counts toward 税郭镇's 国家知识产权优势、
示范企业 target and the district's 培育国家优势、示范企业 indicator; a patent granted in 2024
toward its township's 新增有效发明专利数量 2024 target.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from dutygraph.graph.imports.sheet import FactsBackend, ImportOutcome, Tick, commit, source_id
from dutygraph.graph.imports.unit_lookup import UnitLookup, node_props
from dutygraph.graph.model import Edge, Facts, Node, enterprise_id
from dutygraph.graph.units import is_township
from dutygraph.loaders.sheets import cells, parse_period, read_enterprises
from dutygraph.schema.enterprise import INDUSTRIES, Enterprise
from dutygraph.schema.rows import RowProblem

_DATA = Path(__file__).parents[1] / "data" / "contributions.json"


@dataclass(frozen=True)
class Rule:
    """Recognition words -> the names of what it counts toward."""

    recognition: tuple[str, ...]
    counts_toward: tuple[str, ...]


@cache
def rules() -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    """(recognition rules, what a granted patent counts toward), from contributions.json."""
    raw: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    recs = tuple(
        Rule(tuple(r["recognition"]), tuple(r["counts_toward"])) for r in raw["recognitions"]
    )
    return recs, tuple(raw["patents"]["counts_toward"])


class _Targets:
    """A township's targets and its jurisdiction's indicators, found by name words."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.by_unit: dict[str, list[str]] = defaultdict(list)
        self.indicators: dict[str, list[str]] = defaultdict(list)
        for n, a in g.nodes(data=True):
            p = a.get("props", {})
            if a.get("kind") == "Target" and not p.get("stated"):
                self.by_unit[str(p["unit"])].append(str(n))
            elif a.get("kind") == "Indicator":
                self.indicators[str(p.get("notice"))].append(str(n))

    def pick(self, township: str, words: tuple[str, ...], year: int | None) -> list[str]:
        """Per matching table, the narrowest target containing `year` (the widest if no year);
        and the indicators of those notices whose names contain a word."""
        tables: dict[str, list[str]] = defaultdict(list)
        for t in self.by_unit.get(township, []):
            p = node_props(self.g, t)
            if any(w in str(p["table"]) for w in words):
                tables[str(p["table"])].append(t)
        out: list[str] = []
        notices: set[str] = set()
        for tids in tables.values():
            spans = [
                (s, t) for t in tids if (s := parse_period(str(node_props(self.g, t)["period"])))
            ]
            if year is not None:
                spans = [(s, t) for s, t in spans if s.start.year <= year <= s.end.year]
            if not spans:
                continue
            span, best = (min if year is not None else max)(
                spans, key=lambda st: (st[0].days, st[1])
            )
            out.append(best)
            notices.add(str(node_props(self.g, best)["notice"]))
        for notice in sorted(notices):
            for i in self.indicators.get(notice, []):
                if any(w in str(node_props(self.g, i).get("name")) for w in words):
                    out.append(i)
        return out


def _node(e: Enterprise, township: str | None, file: str) -> Node:
    props: dict[str, Any] = {
        "name": e.name,
        "uscc": e.uscc,
        "township": township,
        "nature": e.nature,
        "scale": e.scale,
        "category": e.category,
        "industries": [INDUSTRIES[c - 1] for c in e.industries],
        "industry_codes": list(e.industries),
        "rd_team": e.rd_team,
        "registered": e.registered,
        "contact": e.contact,
        "contact_title": e.contact_title,
        "contact_phone": e.contact_phone,
        "recognitions": list(e.recognitions),
        "recognized": e.recognized,
        "file": file,
        "row": e.row,
    }
    return Node(enterprise_id(e.uscc, e.name), "Enterprise", e.name, props)


def enterprise_facts(
    g: nx.MultiDiGraph, path: str, source: str, tick: Tick | None = None
) -> tuple[Facts, list[RowProblem], int]:
    """Enterprise nodes and their edges from one file, the rows' problems, records kept."""
    data = read_enterprises(path)
    units = UnitLookup(g)
    targets = _Targets(g)
    recognition_rules, patent_words = rules()
    facts = Facts(notice_id=source)
    problems = list(data.problems)
    edges: dict[tuple[str, str, str], Edge] = {}
    nodes: dict[str, Node] = {}
    township_of: dict[str, str] = {}
    known: dict[str, str] = {}  # enterprise name -> node id, this file first, then the store
    for n, a in g.nodes(data=True):
        if a.get("kind") == "Enterprise":
            known.setdefault(str(a.get("label")), str(n))
            if t := a.get("props", {}).get("township"):
                township_of[str(n)] = str(t)
    total = len(data.records) + len(data.patents) + len(data.projects)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if tick:
            tick(done, total)

    def reject(row: Any, column: str, reason: str, value: str | None = None) -> None:
        problems.append(
            RowProblem(
                file=path, sheet=row.sheet, row=row.row, column=column, value=value, reason=reason
            )
        )

    for e in data.records:
        step()
        if not e.township:
            reject(e, "所属镇街", "所属镇街为空 (the township is needed for LOCATED_IN)")
            continue
        found = [u for u in units.find(e.township) if is_township(units.label(u))]
        if why := units.not_one(found, "所属镇街", e.township, "镇街", "township"):
            reject(e, "所属镇街", why, e.township)
            continue
        node = _node(e, found[0], path)
        nodes[node.id] = node
        known[e.name] = node.id
        township_of[node.id] = found[0]
        edges[(node.id, found[0], "LOCATED_IN")] = Edge(node.id, found[0], "LOCATED_IN")
        for rec in e.recognitions:
            for rule in recognition_rules:
                if any(w in rec for w in rule.recognition):
                    for item in targets.pick(found[0], rule.counts_toward, e.recognized):
                        edge = Edge(
                            node.id,
                            item,
                            "CONTRIBUTES_TO",
                            f"rec:{rec}",
                            {"reason": rec, "year": e.recognized},
                        )
                        edges[(node.id, item, edge.edge_key)] = edge
    extra: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in data.patents:
        step()
        eid = known.get(p.holder)
        if eid is None:
            reject(
                p,
                "专利权人",
                f"专利权人“{p.holder}”不在企业表或已导入的企业中 (unknown enterprise)",
                p.holder,
            )
            continue
        extra[eid]["patents"].append(" ".join(x for x in (p.number, p.name, p.granted) if x))
        year = cells.year(p.granted) if p.granted else None
        if eid in township_of:
            for item in targets.pick(township_of[eid], patent_words, year):
                edge = Edge(
                    eid,
                    item,
                    "CONTRIBUTES_TO",
                    f"patent:{p.number}",
                    {"reason": f"专利{p.number}", "year": year},
                )
                edges[(eid, item, edge.edge_key)] = edge
    for pr in data.projects:
        step()
        eid = known.get(pr.applicant)
        if eid is None:
            reject(
                pr,
                "申报单位",
                f"申报单位“{pr.applicant}”不在企业表或已导入的企业中 (unknown enterprise)",
                pr.applicant,
            )
            continue
        extra[eid]["projects"].append(pr.name + (f"（{pr.field}）" if pr.field else ""))
    for eid, lists in extra.items():
        base = nodes.get(eid) or Node(
            eid, "Enterprise", str(g.nodes[eid]["label"]) if eid in g else eid, {}
        )
        props = {**base.props, **{k: sorted(v) for k, v in lists.items()}}
        props["patent_count"] = len(props.get("patents", []))
        nodes[eid] = Node(eid, "Enterprise", base.label, props)
    facts.nodes = sorted(nodes.values(), key=lambda n: n.id)
    facts.edges = sorted(edges.values(), key=lambda e: (e.src, e.dst, e.edge_key))
    return facts, problems, len(data.records)


def import_enterprises(
    backend: FactsBackend, path: str | Path, partial: bool = False, tick: Tick | None = None
) -> ImportOutcome:
    """Read an enterprise list and write it in one transaction (all or nothing unless partial)."""
    file = str(path)
    source = source_id("enterprises", path)
    recognition_rules, patent_words = rules()
    words = {w for r in recognition_rules for w in r.counts_toward} | set(patent_words)
    g = backend.enterprises_graph(sorted(words))
    facts, problems, _ = enterprise_facts(g, file, source, tick)
    kept = sum(1 for n in facts.nodes if n.props.get("row") is not None)
    return commit(backend, facts, file, kept, problems, partial)
