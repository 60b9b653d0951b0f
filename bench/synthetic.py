"""A synthetic province as Facts, for benchmarks and scale tests (no notice text involved).

Defaults: 16 cities, 140 counties, 1,800 townships, 20 indicators (指标01…), 3 years. One Facts
per county notice: township Targets CONTRIBUTES_TO the county's stated 合计 Target; townships are
PART_OF counties, counties PART_OF cities, cities PART_OF the province (山东省).

With `headlines` > 0 the first tables of each county notice also get a headline Indicator shaped
like 004's 专利开放许可 200 (the notice CONTAINS it, year 2026, a 2024-2026 column in the table
that falls short of it), and each township reports its 2024 value on them (Report nodes, one
progress source per county), so gap analysis and traffic lights have work to do.
"""

import random
from dataclasses import dataclass
from typing import Any

from dutygraph.graph.model import Edge, Facts, Node, report_id, target_id, unit_id
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
    headlines: int = 0
    """Headline indicators per county notice (over its first tables), with progress reports."""

    def scaled(self, factor: float) -> "Shape":
        """The same province with `factor` times the cities, counties and townships."""
        return Shape(
            cities=max(1, round(self.cities * factor)),
            counties=max(1, round(self.counties * factor)),
            townships=max(1, round(self.townships * factor)),
            indicators=self.indicators,
            years=self.years,
            headlines=self.headlines,
        )


HEADLINE_SPAN = "2024-2026"
NOTICE_DATE = "2024-02-29"
REPORTED = "2024-07-05"


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
                Node(
                    f"n:{nid}",
                    "Notice",
                    f"{county_name}目标分解通知",
                    {"notice": nid, "date": NOTICE_DATE},
                ),
                Node(province, "Unit", PROVINCE, {"region": True}),
                Node(city, "Unit", city_name, {"region": True}),
                Node(county, "Unit", county_name, {"region": True}),
            ]
            f.edges += [Edge(city, province, "PART_OF"), Edge(county, city, "PART_OF")]
            towns = [f"{county_name}第{t + 1:02d}镇" for t in range(towns_per_county[county_no])]
            for town_name in towns:
                f.nodes.append(Node(unit_id(town_name), "Unit", town_name, {}))
                f.edges.append(Edge(unit_id(town_name), county, "PART_OF"))
            for t_no, table in enumerate(tables):
                headline = t_no < shape.headlines
                by_year = [[rng.randint(0, 50) for _ in towns] for _ in shape.years]
                periods = list(zip(shape.years, by_year, strict=True))
                if headline:
                    span = [sum(v) for v in zip(*by_year, strict=True)]
                    periods.append((HEADLINE_SPAN, span))
                    f.nodes.append(
                        Node(
                            f"i:{nid}:{t_no}",
                            "Indicator",
                            table,
                            {
                                "name": table,
                                "measure": "项",
                                "comparator": ">=",
                                "notice": nid,
                                "value": float(sum(span) + rng.randint(0, 40)),
                                "year": 2026,
                            },
                        )
                    )
                    f.edges.append(Edge(f"n:{nid}", f"i:{nid}:{t_no}", "CONTAINS"))
                for year, values in periods:
                    total_id = target_id(nid, table, county, year)
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
            if shape.headlines:
                out.append(_reports(nid, county_name, towns, tables[: shape.headlines], rng))
            county_no += 1
    return out


def _reports(
    nid: str, county_name: str, towns: list[str], tables: list[str], rng: random.Random
) -> Facts:
    """Each township's 2024 value on the headline tables, as one progress import would."""
    source = f"progress:syn:{nid}"
    f = Facts(notice_id=source)
    for table in tables:
        for town_name in towns:
            town = unit_id(town_name)
            item = target_id(nid, table, town, "2024")
            rid = report_id(source, town, item, "2024")
            value = float(rng.randint(0, 30))
            props = {
                "unit": town,
                "item": item,
                "notice": nid,
                "name": table,
                "measure": "项",
                "period": "2024",
                "value": value,
                "reported": REPORTED,
                "stated": False,
                "note": None,
                "file": f"{county_name}进度.xlsx",
                "sheet": "Sheet1",
                "row": None,
            }
            label = f"{town_name} {table} 2024 实际{value:g}"
            f.nodes.append(Node(rid, "Report", label, props))
            f.edges += [Edge(rid, item, "REPORTS"), Edge(rid, town, "REPORTED_BY")]
    return f


def load_facts(store: Store, batch: list[Facts]) -> None:
    """Write Facts in one transaction and rebuild the graph (kept for callers; see Store)."""
    store.load_facts(batch)
