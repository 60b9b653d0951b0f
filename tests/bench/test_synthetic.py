"""The synthetic province generator at toy size: shapes, sums and the roll-up index agree."""

from pathlib import Path

from bench.synthetic import PROVINCE, Shape, load_facts, synthetic_facts
from dutygraph.graph.model import unit_id
from dutygraph.graph.queries import RollupIndex, rollup
from dutygraph.graph.store import Store


def test_tiny_province(tmp_path: Path) -> None:
    shape = Shape(cities=2, counties=3, townships=10, indicators=2, years=("2024", "2025"))
    batch = synthetic_facts(shape)
    assert len(batch) == 3
    with Store(tmp_path / "b.sqlite") as store:
        load_facts(store, batch)
        kinds = [a["kind"] for _, a in store.graph.nodes(data=True)]
        assert kinds.count("Target") == 10 * 2 * 2 + 3 * 2 * 2
        assert kinds.count("Unit") == 1 + 2 + 3 + 10
        index = RollupIndex(store)
        county = unit_id(f"{PROVINCE}第01市第001县")
        got = index.rollup("指标01", "2024", county)
        assert got is not None and len(got.children) == 4
        # The county's stated 合计 is generated as the sum of its townships' values.
        assert got.stated is not None and got.computed == got.stated
        assert got.computed == sum(value for _, value in got.children) and got.diff_stated == 0
        whole = index.rollup("指标01", "2024", unit_id(PROVINCE))
        assert whole is not None and len(whole.children) == 10
        assert whole.computed == sum(value for _, value in whole.children)
        assert index.rollup("指标01", "2099", county) is None  # no such period
        # The unindexed query agrees on the county.
        [slow] = rollup(store, "指标01", f"{PROVINCE}第01市第001县", "2024")
        assert slow.computed == got.computed and slow.stated == got.stated


def test_headlines_shaped_like_004(tmp_path: Path) -> None:
    """Each county notice's first tables get a headline the 2024-2026 column falls short of,
    and townships report 2024 on them: allocation gaps and progress lights to find."""
    shape = Shape(cities=1, counties=2, townships=6, indicators=3, headlines=2)
    batch = synthetic_facts(shape)
    assert [f.notice_id for f in batch] == [
        "syn000",
        "progress:syn:syn000",
        "syn001",
        "progress:syn:syn001",
    ]
    with Store(tmp_path / "h.sqlite") as store:
        load_facts(store, batch)
        g = store.graph
        heads = sorted(n for n, a in g.nodes(data=True) if a["kind"] == "Indicator")
        assert heads == ["i:syn000:0", "i:syn000:1", "i:syn001:0", "i:syn001:1"]
        reports = [a for _, a in g.nodes(data=True) if a["kind"] == "Report"]
        assert len(reports) == 2 * 2 * 3  # counties × headline tables × townships
        [r] = rollup(store, "指标01", f"{PROVINCE}第01市第001县", "2024-2026")
        assert r.headline is not None and r.headline[0] == "指标01"
        assert r.headline[1] >= r.computed == r.stated
        assert r.actual_total == sum(
            a["props"]["value"]
            for a in reports
            if a["props"]["notice"] == "syn000" and a["props"]["name"] == "指标01"
        )
        assert rollup(store, "指标03", f"{PROVINCE}第01市第001县", "2024-2026") == []


def test_rollups_of_every_level_hold_the_targets_under_the_region(tmp_path: Path) -> None:
    """Province, city, county and township: each roll-up's children are exactly the township
    targets under the region asked about (whole kept cells or a filtered part of them)."""
    shape = Shape(cities=2, counties=3, townships=10, indicators=2, years=("2024", "2025"))
    with Store(tmp_path / "b.sqlite") as store:
        load_facts(store, synthetic_facts(shape))
        g = store.graph
        parent = {u: v for u, v, k in g.edges(keys=True) if k == "PART_OF"}

        def under(unit: str, region: str) -> bool:
            while unit != region and unit in parent:
                unit = parent[unit]
            return unit == region

        city = f"{PROVINCE}第02市"
        town = f"{PROVINCE}第02市第003县第01镇"
        for region in (PROVINCE, city, f"{PROVINCE}第01市第001县", town):
            got = rollup(store, "指标02", region, "2025")
            want = sorted(
                (g.nodes[a["props"]["unit"]]["label"], float(a["props"]["value"]))
                for _, a in g.nodes(data=True)
                if a["kind"] == "Target"
                and a["props"]["table"] == "指标02"
                and a["props"]["period"] == "2025"
                and not a["props"]["stated"]
                and under(a["props"]["unit"], unit_id(region))
            )
            assert sorted(c for r in got for c in r.children) == want
            assert all(r.computed == sum(v for _, v in r.children) for r in got)
        assert len(rollup(store, "指标02", PROVINCE, "2025")) == 3  # one per county notice
        [one] = rollup(store, "指标02", town, "2025")
        assert one.children == [(town, one.computed)] and one.stated is not None
        assert one.region == f"{PROVINCE}第02市第003县"
