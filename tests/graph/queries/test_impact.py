"""impact(): from 税郭镇 (004) up through 各镇街, 枣庄市市中区, its targets and the district 合计."""

import pytest

from dutygraph.graph.queries.impact import LEVELS, impact
from dutygraph.graph.store import Store
from dutygraph.schema import ParseResult

N004 = "na3a8e7f37d"


def test_township_chain(store: Store, r004: ParseResult) -> None:
    got = impact(store, "税郭镇")
    assert [lv.name for lv in got.levels] == list(LEVELS)
    assert got.level("units").ids() == ["u:枣庄市市中区税郭镇"]
    assert "u:枣庄市市中区各镇街" in got.level("collectives").ids()
    assert got.level("regions").ids() == ["u:枣庄市", "u:枣庄市市中区"]
    tasks = {n.id: n for n in got.level("tasks").nodes}
    in_section_3 = {
        f"t:{t.id}"
        for t in r004.tasks
        if t.path.startswith("三.") and any(o.unit == "各镇街" for o in t.owners)
    }
    assert len(in_section_3) == 11 and in_section_3 <= set(tasks)
    assert len(tasks) == 12  # + 四.(一) 加强组织保障, also owned by 各镇街
    assert all(tasks[t].via == "枣庄市市中区各镇街" for t in in_section_3)
    assert f"t:{N004}:三.(四).1" not in tasks  # 区市场监督管理局's, not the townships'
    # 3 tables x (2024, 2025, 2026, 2024-2026) + 2 tables stated only for 2024-2026 = 14 cells.
    targets = got.level("targets").nodes
    assert len(targets) == 14 and all("税郭镇" in n.label for n in targets)
    rolls = got.level("rolls_up_into").nodes
    assert len(rolls) == 14 and all(" 全区 " in n.label for n in rolls)
    assert "新增有效发明专利数量 全区 2024" in {n.label for n in rolls}
    assert got.level("notices").ids() == [f"n:{N004}"]
    assert got.level("upstream").nodes == []  # 004 cites no 发文字号


def test_target_chain(store: Store) -> None:
    cell = next(
        n
        for n, a in store.graph.nodes(data=True)
        if a["kind"] == "Target" and a["label"] == "新增有效发明专利数量 税郭镇 2024"
    )
    got = impact(store, cell)
    assert got.level("targets").ids() == [cell]
    assert [n.label for n in got.level("rolls_up_into").nodes] == ["新增有效发明专利数量 全区 2024"]
    assert got.level("units").ids() == ["u:枣庄市市中区税郭镇"]


def test_unknown_raises(store: Store) -> None:
    with pytest.raises(LookupError):
        impact(store, "不存在镇")
