"""Both stores, loaded alike, give the same JSON answers: every question, gap kind and light.

Needs a Neo4j server (NEO4J_URI; `make test` starts one when java and mvn are here).
"""

import contextlib
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.backends.neo4j.gaps import FACT_KINDS
from dutygraph.graph.backends.neo4j.kinds import SERVED
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.gaps import KINDS, GapQueryError, find_gaps, item_lights
from dutygraph.graph.gaps import to_json as gaps_json
from dutygraph.graph.imports import edits, import_enterprises, import_liaisons, import_progress
from dutygraph.graph.progress import lights_at
from dutygraph.graph.queries.export import export
from dutygraph.graph.supervision import SERVER_TOKEN, writes
from dutygraph.graph.supervision.findings import loop_findings
from dutygraph.graph.supervision.lights import supervised
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

from ..conftest import NO_NEO4J, NOTICES, ROOT, loaded_backend
from ..store.test_reimport import PROGRESS, _variant

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_NEO4J)

SHEETS = [
    (import_progress, ROOT / "examples" / "progress" / "shizhong_progress_example.xlsx"),
    (import_progress, ROOT / "examples" / "progress" / "chunsun_progress_example.csv"),
    (import_enterprises, ROOT / "examples" / "enterprises" / "shizhong_enterprises_example.xlsx"),
    (import_liaisons, ROOT / "examples" / "liaisons" / "chunsun_liaisons_example.xlsx"),
]
T004 = "t:na3a8e7f37d:三.(三).1"
OWNER_TEXTS = ["提升行政保护质效", "三.(四).1", "知识产权专利开放许可", "春笋"]
UNITS = ["税郭镇", "齐村镇", "区司法局", "枣庄市薛城区市场监督管理局", "各镇街", "区委组织部"]
BUREAU = "枣庄市市中区市场监督管理局"  # owns 12 of 004's tasks: a load finding
ROLLUPS = [("知识产权专利开放许可", None, None), ("知识产权专利开放许可", "税郭镇", "2024")]
DATES = [dt.date(2024, 3, 1), dt.date(2024, 12, 10), dt.date(2026, 12, 31)]
LIT_KINDS = ("Target", "Indicator", "Task", "Unit")


def _json(x: Any) -> str:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        x = dataclasses.asdict(x)
    elif isinstance(x, list):
        x = [dataclasses.asdict(i) if dataclasses.is_dataclass(i) else i for i in x]  # type: ignore[arg-type]
    return json.dumps(x, ensure_ascii=False, sort_keys=True, default=str)


def _fill(b: GraphBackend, results: list[ParseResult]) -> None:
    """The sheets, three hand edits, then the notices again: the edits must still hold."""
    for load_sheet, path in SHEETS:
        load_sheet(b, path)
    edits.assign_owner(b, T004, "税郭镇", "lead")
    edits.remove_owner(b, T004, "区司法局")
    edits.merge_units(b, "齐村镇", "税郭镇")
    b.load(results)
    sup = neo4j_supervision(b)
    if sup is not None:
        sup.clear()
    # The supervision loop in use: task × unit lights feed the tasks' and units' lights.
    writes.step(b, SERVER_TOKEN, T004, "已签收", unit="税郭镇", day=dt.date(2024, 3, 5))


def _answers(b: GraphBackend) -> dict[str, str]:
    out = {"counts": _json(list(b.counts())), "notices": _json(sorted(b.notices()))}
    out["edits"] = _json(b.edits())
    for text in OWNER_TEXTS:
        out[f"owners {text}"] = _json(b.owners(text))
    for unit in UNITS:
        out[f"duties {unit}"] = _json(b.responsibilities(unit))
        out[f"impact {unit}"] = _json(b.impact(unit))
    for indicator, region, period in ROLLUPS:
        out[f"rollup {indicator} {region} {period}"] = _json(b.rollup(indicator, region, period))
    for notice in NOTICES:
        out[f"lineage {notice.name}"] = _json(b.lineage(notice.name))
    g = b.snapshot()
    for day in DATES:
        for kind in KINDS:
            out[f"gaps {day} {kind}"] = gaps_json(find_gaps(g, day, kinds=[kind]))
        lights = lights_at(g, day)
        ids = sorted(n for n, a in g.nodes(data=True) if a["kind"] in LIT_KINDS)
        out[f"lights {day}"] = _json([lights.status(n) for n in ids])
    for fmt in ("json", "graphml", "cypher"):
        out[f"export {fmt}"] = export(g, fmt)
    out.update(_scoped(b, g))
    return out


def _gaps(b: GraphBackend, day: dt.date, notice: str | None, unit: str | None) -> str:
    """find_gaps for one notice or unit on the graph the backend selects for it."""
    try:
        return gaps_json(find_gaps(b.gaps_graph(notice, unit), day, notice=notice, unit=unit))
    except GapQueryError as exc:
        return str(exc)


def _backend_gaps(
    b: GraphBackend, day: dt.date, notice: str | None, unit: str | None, kinds: Any = None
) -> str:
    """GraphBackend.gaps (on Neo4j the numbers aggregated by Cypher: neo4j_gaps), with the
    supervision loop's findings on the graph it returns, as `dutygraph gaps` lists them."""
    try:
        found, g = b.gaps(day, notice, unit, kinds)
        if kinds is None or "reports" in kinds:
            found += loop_findings(b, g, day, notice, unit)
        return gaps_json(found)
    except GapQueryError as exc:
        return str(exc)


def _scoped(b: GraphBackend, g: Any) -> dict[str, str]:
    """gaps --notice / --unit and the lights of one node, each on the graph selected for it
    (on Neo4j, by Cypher on the server: graph/backends/neo4j/scoped.py)."""
    out = {}
    for day in DATES:
        for notice in [*(n.name for n in NOTICES), "2024", "没有这份通知"]:
            out[f"gaps {day} --notice {notice}"] = _gaps(b, day, notice, None)
        for unit in [*UNITS, "孟庄镇", "没有这个单位"]:
            out[f"gaps {day} --unit {unit}"] = _gaps(b, day, None, unit)
        out[f"gaps {day} --notice --unit"] = _gaps(b, day, NOTICES[4].name, "税郭镇")
        assert set(KINDS) == FACT_KINDS  # every kind is read as facts on Neo4j
        with _no_snapshot(b):
            # The default call (every kind, no --kind), as the CLI, GraphQL and pages ask.
            out[f"gaps {day} backend"] = _backend_gaps(b, day, None, None)
            # This store's supervision loop is used (_fill records a status step): the whole
            # store's `reports` go with the loop's findings on every task, read without it too.
            for kind in sorted(FACT_KINDS):
                out[f"gaps {day} backend {kind}"] = _backend_gaps(b, day, None, None, [kind])
            served = sorted(FACT_KINDS - {"reports"})
            facts = _backend_gaps(b, day, None, None, served)
            out[f"gaps {day} backend {' '.join(served)}"] = facts
            for notice in [*(n.name for n in NOTICES), "没有这份通知"]:
                out[f"gaps {day} backend --notice {notice}"] = _backend_gaps(b, day, notice, None)
                out[f"gaps {day} backend --notice {notice} facts"] = _backend_gaps(
                    b, day, notice, None, sorted(FACT_KINDS)
                )
            for unit in [*UNITS, "没有这个单位"]:
                out[f"gaps {day} backend --unit {unit}"] = _backend_gaps(b, day, None, unit)
            out[f"gaps {day} backend --notice --unit"] = _backend_gaps(
                b, day, NOTICES[4].name, "税郭镇"
            )
            if day != DATES[1]:
                continue
            # Each kind read on the server (neo4j/kinds.py) alone, for a notice and a unit.
            for kind in [*sorted(SERVED), "reports"]:
                for notice in [n.name for n in NOTICES]:
                    key = f"gaps {day} backend {kind} --notice {notice}"
                    out[key] = _backend_gaps(b, day, notice, None, [kind])
                for unit in [*UNITS, BUREAU]:
                    key = f"gaps {day} backend {kind} --unit {unit}"
                    out[key] = _backend_gaps(b, day, None, unit, [kind])
    lit = sorted(n for n, a in g.nodes(data=True) if a["kind"] in LIT_KINDS)
    for n in lit:
        one = b.lights_graph([n])
        out[f"lights one {n}"] = _json([item_lights(one, [n], day)[n] for day in DATES])
    for n in lit:
        if g.nodes[n]["kind"] in ("Task", "Unit"):
            out[f"loop {n}"] = _loop(b, n)
    return out


def _loop(b: GraphBackend, n: str) -> str:
    """The loop's light of one node and the ledger rows of its tasks, on b.loop_graph([n])."""
    g = b.loop_graph([n])
    out = []
    for day in DATES:
        found = supervised(b, g, day)
        kind = g.nodes[n]["kind"]
        rows = found.by_task.get(n, []) if kind == "Task" else []
        if kind == "Unit":
            rows = [r for rs in found.by_task.values() for r in rs if r.unit_id == n]
        out.append([dataclasses.asdict(found.lights.status(n)), _json(rows)])
    return _json(out)


@contextlib.contextmanager
def _no_snapshot(b: GraphBackend) -> Iterator[None]:
    """On Neo4j, snapshot() (the whole graph over Bolt) fails the test while this holds."""
    if b.in_memory:
        yield
        return

    def refuse() -> None:
        raise AssertionError("gaps on Neo4j read the whole graph through snapshot()")

    b.snapshot = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        del b.snapshot


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, results: list[ParseResult]
) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    path: Path = tmp_path_factory.mktemp("parity") / "g.sqlite"
    answers = []
    for kind in ("embedded", "neo4j"):
        with loaded_backend(kind, path, results) as b:
            _fill(b, results)
            answers.append(_answers(b))
    yield answers[0], answers[1]


def test_the_answers_are_real(both: tuple[dict[str, str], dict[str, str]]) -> None:
    """Guards the comparison below against comparing empty answers."""
    embedded, _ = both
    (r2024,) = [
        r
        for r in json.loads(embedded["rollup 知识产权专利开放许可 None None"])
        if r["period"] == "2024"
    ]
    assert ["枣庄市市中区孟庄镇", 5.0] in r2024["actuals"] and r2024["actual_total"] > 0
    assert len(json.loads(embedded["edits"])) == 3
    owners = json.loads(embedded["owners 提升行政保护质效"])
    assert ["枣庄市市中区税郭镇", "lead"] in [[o["unit"], o["role"]] for o in owners[0]["owners"]]
    assert all(json.loads(embedded[f"gaps 2024-12-10 {k}"]) for k in ("allocation", "unowned"))
    colours = {s["colour"] for s in json.loads(embedded["lights 2024-12-10"])}
    assert {"red", "green"} <= colours
    signed = json.loads(json.loads(embedded[f"loop {T004}"])[1][1])
    assert "已签收" in {r["status"] for r in signed} and len(signed) > 1
    for scoped in ("--unit 税郭镇", f"--notice {NOTICES[4].name}", "--notice --unit"):
        assert json.loads(embedded[f"gaps 2024-12-10 {scoped}"]), scoped
    assert "没有这个单位" in embedded["gaps 2024-12-10 --unit 没有这个单位"]
    # GraphBackend.gaps answers as find_gaps over the whole graph, with 004's real numbers.
    whole = json.loads(embedded["gaps 2024-12-10 backend"])
    listed = [f for k in KINDS for f in json.loads(embedded[f"gaps 2024-12-10 {k}"])]
    assert whole[: len(listed)] == listed  # then the loop's overdue and unreported duties
    assert whole[len(listed) :] and {f["kind"] for f in whole[len(listed) :]} == {"reports"}
    (licence,) = [
        f
        for f in json.loads(embedded["gaps 2024-12-10 backend allocation"])
        if "专利开放许可" in f["explanation_zh"]
    ]
    assert (licence["numbers"]["总目标"], licence["numbers"]["分解合计"]) == (200, 165)
    for k in ("totals", "unowned", "reports", *SERVED - {"orphaned"}):
        assert json.loads(embedded[f"gaps 2024-12-10 backend {k}"]), k
    # The kinds read on the server (neo4j/kinds.py), for one notice and one unit: 004's
    # township people, the bureau owning 12 of 004's tasks, 齐村镇 merged into 税郭镇.
    for key in (
        f"people --notice {NOTICES[4].name}",
        "people --unit 税郭镇",
        f"load --notice {NOTICES[4].name}",
        f"load --unit {BUREAU}",
        "names --unit 税郭镇",
        f"reports --notice {NOTICES[4].name}",
    ):
        assert json.loads(embedded[f"gaps 2024-12-10 backend {key}"]), key
    (heavy,) = json.loads(embedded[f"gaps 2024-12-10 backend load --unit {BUREAU}"])
    assert heavy["numbers"]["负责任务数"] == 12
    reports = json.loads(embedded["gaps 2024-12-10 backend reports"])
    assert any(f["status"] == "yellow" and f["entities"][0]["id"] == T004 for f in reports)
    lit = [json.loads(v)[1]["colour"] for k, v in embedded.items() if k.startswith("lights one")]
    assert {"red", "green"} <= set(lit)


@pytest.mark.parametrize(
    "question",
    [
        "counts",
        "notices",
        "edits",
        "owners",
        "duties",
        "impact",
        "rollup",
        "lineage",
        "gaps",
        "lights",
        "export",
    ],
)
def test_both_stores_answer_alike(
    both: tuple[dict[str, str], dict[str, str]], question: str
) -> None:
    embedded, neo4j = both
    keys = [k for k in embedded if k.split(" ")[0] == question]
    assert keys
    differ = [k for k in keys if embedded[k] != neo4j[k]]
    assert not differ, (
        f"{differ[0]}:\nembedded {embedded[differ[0]][:1500]}\nneo4j    {neo4j[differ[0]][:1500]}"
    )


def test_orphans_alike_without_snapshot(tmp_path: Path, results: list[ParseResult]) -> None:
    """004 loaded again with its 专利开放许可 table renamed orphans the township reports of
    that table: both stores list the same orphaned findings, Neo4j without snapshot()."""
    answers = []
    for kind in ("embedded", "neo4j"):
        with loaded_backend(kind, tmp_path / f"{kind}.sqlite", results) as b:
            if (sup := neo4j_supervision(b)) is not None:
                sup.clear()  # the loop unused: no duty findings with `reports`
            import_progress(b, PROGRESS)
            b.load([read_notice(_variant(tmp_path, "renamed"))])
            with _no_snapshot(b):
                day = DATES[1]
                answers.append(
                    {
                        "whole": _backend_gaps(b, day, None, None, ["orphaned"]),
                        "004": _backend_gaps(b, day, NOTICES[4].name, None, ["orphaned"]),
                        "facts": _backend_gaps(b, day, None, None, sorted(FACT_KINDS)),
                    }
                )
    embedded, neo4j = answers
    found = json.loads(embedded["whole"])
    assert len(found) == 12 and found == json.loads(embedded["004"])
    assert {e["kind"] for f in found for e in f["entities"]} == {"Report", "Missing"}
    assert any(f["numbers"].get("实际完成") for f in found)
    assert embedded == neo4j
