"""The unit-name index answers exactly as the scan it replaces (units_named), on the samples."""

from dutygraph.graph.queries import UnitNames, find_units, units_named
from dutygraph.graph.store import Store


def test_index_agrees_with_the_scan(store: Store) -> None:
    g = store.graph
    units = [n for n, a in g.nodes(data=True) if a["kind"] == "Unit"]
    index = UnitNames(g)
    names = {"", "税郭镇", "市场监管局", "区市场监管局", "各镇街", "镇", "不存在的单位"}
    for u in units:
        label = g.nodes[u]["label"]
        names |= {label, label[-3:], label[1:], *g.nodes[u]["props"].get("aliases", [])}
    assert len(names) > 100
    for name in sorted(names):
        assert index.find(name) == units_named(g, units, name), name
    assert find_units(store, "税郭镇") == ["u:枣庄市市中区税郭镇"]
    assert find_units(store, "区市场监管局") == ["u:枣庄市市中区市场监督管理局"]
    assert find_units(store, "不存在的单位") == []
