"""004: a district 实施方案 with inline owners and five township allocation tables."""

from dutygraph.schema import ParseResult

TOWNSHIPS = {
    "税郭镇",
    "西王庄镇",
    "孟庄镇",
    "永安镇",
    "齐村镇",
    "光明路街道",
    "龙山路街道",
    "垎塔埠街道",
    "中心街街道",
    "文化路街道",
    "矿区街道",
}


def test_twelve_tasks_with_owners_in_order(notices: dict[str, ParseResult]) -> None:
    r = notices["004"]
    items = [t for t in r.tasks if t.kind == "item"]
    assert len(items) == 12
    assert [t.path for t in items][:3] == ["三.(一).1", "三.(一).2", "三.(一).3"]
    t = next(t for t in items if t.path == "三.(三).1")
    assert [o.unit for o in t.owners] == [
        "区法院",
        "区检察院",
        "区司法局",
        "区农业农村局",
        "区文化和旅游局",
        "区市场监督管理局",
        "区公安分局",
        "区烟草专卖局",
        "各镇街",
    ]
    assert {o.role for o in t.owners} == {"owner"}
    assert "责任单位" not in t.text
    owned_by_townships = [t.path for t in items if any(o.unit == "各镇街" for o in t.owners)]
    assert len(owned_by_townships) == 11 and "三.(四).1" not in owned_by_townships


def test_every_township_cell(notices: dict[str, ParseResult]) -> None:
    r = notices["004"]
    tables = {t.table for t in r.targets}
    assert tables == {
        "新增有效发明专利数量",
        "国家知识产权优势、示范企业",
        "知识产权专利开放许可",
        "知识产权商标品牌培育指导站",
        "知识产权培训次数",
    }
    units = {t.unit for t in r.targets}
    assert units - {"各塔埠街道"} == TOWNSHIPS
    cells = {(t.table, t.unit, t.period): t.value for t in r.targets}
    assert cells[("新增有效发明专利数量", "税郭镇", "2024")] == 15
    assert cells[("新增有效发明专利数量", "矿区街道", "2024-2026")] == 30
    assert cells[("国家知识产权优势、示范企业", "光明路街道", "2024-2026")] == 2
    assert cells[("知识产权专利开放许可", "各塔埠街道", "2025")] == 5
    assert len(r.targets) == 154  # 11 townships x (4+1+4+1+4) period columns
    measures = {t.table: t.measure for t in r.targets}
    assert measures["知识产权专利开放许可"] == "项" and measures["新增有效发明专利数量"] == "个"


def test_stated_totals(notices: dict[str, ParseResult]) -> None:
    totals = {(s.table, s.period): s.value for s in notices["004"].stated_totals}
    assert totals[("新增有效发明专利数量", "2024")] == 140
    assert totals[("新增有效发明专利数量", "2024-2026")] == 420
    assert totals[("知识产权专利开放许可", "2024-2026")] == 165
    assert totals[("知识产权培训次数", "2026")] == 11
    assert {s.label for s in notices["004"].stated_totals} == {"全区"}


def test_warnings(notices: dict[str, ParseResult]) -> None:
    w = notices["004"].warnings
    variants = [x for x in w if x.code == "name-variant"]
    assert (
        len(variants) == 1
        and "各塔埠街道" in variants[0].message
        and "垎塔埠街道" in variants[0].message
    )
    assert variants[0].line == 318
    headline = [x.message for x in w if x.code == "headline-mismatch"]
    assert len(headline) == 3
    assert any("专利开放许可" in m and "200" in m and "165" in m for m in headline)
    assert any("示范企业" in m and "10" in m and "17" in m for m in headline)
    assert any("商标品牌培育指导站" in m and "15" in m and "17" in m for m in headline)
    assert not [x for x in w if x.code in ("total-mismatch", "duplicate-row-number", "empty-row")]


def test_head_and_indicators(notices: dict[str, ParseResult]) -> None:
    r = notices["004"]
    assert r.notice.doc_number is None
    assert r.notice.issuer == "枣庄市市中区人民政府"
    assert r.notice.addressees == ["各镇人民政府", "各街道办事处", "区政府有关部门"]
    found = {(i.name, i.value, i.measure, i.comparator, i.year, i.scope) for i in r.indicators}
    assert ("发明专利拥有量", 600, "件", ">=", 2026, "全区") in found
    assert ("知识产权质押贷款", 300_000_000, "元", ">=", 2026, "全区") in found
    assert ("知识产权案件结案率", 90, "%", ">=", 2026, "全区") in found
    assert ("专利开放许可", 200, "项", ">=", 2026, "全区") in found
