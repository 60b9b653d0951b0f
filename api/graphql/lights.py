"""GraphQL types of the progress layer: traffic lights (graph.traffic) and gap findings
(graph.gaps), copied from their library records like the rest of api/gql_types.py.
"""

import datetime as dt

import networkx as nx
import strawberry

from dutygraph.api.graphql.context import Info
from dutygraph.graph.backends import GraphBackend
from dutygraph.graph.gaps import finding as findings
from dutygraph.graph.progress import traffic


@strawberry.type(description="A traffic light at a date: green, yellow, red or grey, and why.")
class Light:
    colour: str
    colour_zh: str
    target: float | None
    actual: float | None
    expected: float | None
    start: dt.date | None
    end: dt.date | None
    explanation_zh: str

    @staticmethod
    def from_status(s: traffic.Status) -> "Light":
        return Light(
            colour=s.colour,
            colour_zh=traffic.COLOURS_ZH[s.colour],
            target=s.target,
            actual=s.actual,
            expected=s.expected,
            start=s.start,
            end=s.end,
            explanation_zh=s.explanation_zh,
        )


async def light_of(info: Info, node_id: str, as_of: dt.date | None) -> Light:
    """The light of one node, batched with the other lights of its level (Loaders.lights)."""
    found = await info.context.loaders.lights.load((node_id, as_of or dt.date.today()))
    return Light.from_status(found)


@strawberry.type(description="A node a finding is about.")
class EntityRef:
    id: str
    kind: str
    label: str


@strawberry.type(description="One number behind a finding, e.g. 总目标 200.")
class Number:
    name: str
    value: float | None


@strawberry.type(description="One gap-analysis finding, e.g. allocation 200 vs 165 (差额 -35).")
class Finding:
    kind: str
    kind_zh: str
    severity: str
    severity_zh: str
    entities: list[EntityRef]
    numbers: list[Number]
    explanation_zh: str
    notice: str | None = strawberry.field(
        description="The parse id of the notice the finding belongs to."
    )
    status: str | None = strawberry.field(description="The light of progress findings.")

    @staticmethod
    def from_record(f: findings.Finding) -> "Finding":
        return Finding(
            kind=f.kind,
            kind_zh=findings.KIND_ZH[f.kind],
            severity=f.severity,
            severity_zh=findings.SEVERITY_ZH[f.severity],
            entities=[EntityRef(id=e.id, kind=e.kind, label=e.label) for e in f.entities],
            numbers=[Number(name=k, value=v) for k, v in f.numbers.items()],
            explanation_zh=f.explanation_zh,
            notice=f.notice,
            status=f.status,
        )


@strawberry.type(description="A progress value recorded as a Report node.")
class Report:
    id: str
    unit_id: str
    unit: str
    item_id: str
    name: str
    period: str
    value: float
    reported: dt.date | None

    @staticmethod
    def read(backend: GraphBackend, rid: str) -> "Report":
        """The Report node `rid` and its unit's name, read alone (on Neo4j not the whole graph)."""
        g = backend.lights_graph([rid])
        unit = str(g.nodes[rid]["props"]["unit"])
        return Report.from_node(g if unit in g else backend.lights_graph([rid, unit]), rid)

    @staticmethod
    def from_node(g: nx.MultiDiGraph, rid: str) -> "Report":
        """The Report node `rid` of a graph, as graph.progress wrote its props."""
        p = g.nodes[rid]["props"]
        return Report(
            id=rid,
            unit_id=str(p["unit"]),
            unit=str(g.nodes[p["unit"]]["label"]),
            item_id=str(p["item"]),
            name=str(p["name"]),
            period=str(p["period"]),
            value=float(p["value"]),
            reported=dt.date.fromisoformat(p["reported"]) if p.get("reported") else None,
        )
