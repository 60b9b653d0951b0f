"""A synthetic province as Facts, for benchmarks and scale tests (no notice text involved).

Defaults: 16 cities, 140 counties, 1,800 townships, 20 indicators (指标01…), 3 years. One Facts
per county notice: township Targets CONTRIBUTES_TO the county's stated 合计 Target; townships are
PART_OF counties, counties PART_OF cities, cities PART_OF the province (山东省).
"""

import random
from dataclasses import dataclass
from typing import Any

from dutygraph.graph.model import Edge, Facts, Node, target_id, unit_id
from dutygraph.graph.store import Store

PROVINCE = "山东省"


@dataclass(frozen=True)
class Shape:
    """How big the synthetic province is."""

    cities: int = 16
    counties: int = 140
    townships: int = 1800
    indicators: int = 20
    years: tuple[str, ...] = ("2024", "2025", "2026")


def _spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal positive counts."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def synthetic_facts(shape: Shape | None = None, seed: int = 7) -> list[Facts]:
    """One Facts per county notice: regions, township Targets, county 合计 Targets."""
    shape = shape or Shape()
    rng = random.Random(seed)
    province = unit_id(PROVINCE)
    out: list[Facts] = []
    tables = [f"指标{i:02d}" for i in range(1, shape.indicators + 1)]
    counties_per_city = _spread(shape.counties, shape.cities)
    towns_per_county = _spread(shape.townships, shape.counties)
    county_no = 0
    for c in range(shape.cities):
        city_name = f"{PROVINCE}第{c + 1:02d}市"
        city = unit_id(city_name)
        for _ in range(counties_per_city[c]):
            county_name = f"{city_name}第{county_no + 1:03d}县"
            county = unit_id(county_name)
            nid = f"syn{county_no:03d}"
            f = Facts(notice_id=nid)
            f.nodes += [
                Node(f"n:{nid}", "Notice", f"{county_name}目标分解通知", {"notice": nid}),
                Node(province, "Unit", PROVINCE, {"region": True}),
                Node(city, "Unit", city_name, {"region": True}),
                Node(county, "Unit", county_name, {"region": True}),
            ]
            f.edges += [Edge(city, province, "PART_OF"), Edge(county, city, "PART_OF")]
            towns = [f"{county_name}第{t + 1:02d}镇" for t in range(towns_per_county[county_no])]
            for town_name in towns:
                f.nodes.append(Node(unit_id(town_name), "Unit", town_name, {}))
                f.edges.append(Edge(unit_id(town_name), county, "PART_OF"))
            for table in tables:
                for year in shape.years:
                    total_id = target_id(nid, table, county, year)
                    values = [rng.randint(0, 50) for _ in towns]
                    props: dict[str, Any] = {"notice": nid, "table": table, "measure": "项"}
                    f.nodes.append(
                        Node(
                            total_id,
                            "Target",
                            f"{table} 合计 {year}",
                            {**props, "period": year, "value": sum(values), "unit": county}
                            | {"stated": True},
                        )
                    )
                    f.edges.append(Edge(county, total_id, "OWNS", "owner", {"role": "owner"}))
                    for town_name, value in zip(towns, values, strict=True):
                        town = unit_id(town_name)
                        tid = target_id(nid, table, town, year)
                        f.nodes.append(
                            Node(
                                tid,
                                "Target",
                                f"{table} {town_name} {year}",
                                {**props, "period": year, "value": value, "unit": town}
                                | {"stated": False},
                            )
                        )
                        f.edges.append(Edge(town, tid, "OWNS", "owner", {"role": "owner"}))
                        f.edges.append(Edge(tid, total_id, "CONTRIBUTES_TO"))
            out.append(f)
            county_no += 1
    return out


def load_facts(store: Store, batch: list[Facts]) -> None:
    """Write Facts in one transaction and rebuild the graph (kept for callers; see Store)."""
    store.load_facts(batch)
