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
