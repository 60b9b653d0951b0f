"""The map views over a snapshot graph: organisation, notice sections, unit card, catalog."""

from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.graph.views import find_groups, notice_view, organisation
from dutygraph.graph.views.catalog import catalog
from dutygraph.graph.views.unit_card import unit_card

N004 = "n:na3a8e7f37d"


def test_organisation_000(store: Store) -> None:
    g = store.graph
    (gid,) = find_groups(g, "“春笋行动”工作领导小组")  # the alias as the notice writes it
    org = organisation(g, gid)
    assert [(r.name, r.title, r.role) for r in org.leaders] == [
        ("王光明", "局长", "组长"),
        ("李军", "主任", "第一副组长"),
        ("孟雯", "副局长", "副组长"),
        ("毕国峰", None, "副组长"),
    ]
    assert [u.label for u in org.office] == ["枣庄市知识产权事业发展中心"]
    assert [m.unit.label for m in org.members] == [
        "枣庄市市场监督管理局",
        "枣庄市知识产权事业发展中心",
        "枣庄市知识产权局",
    ]
    assert org.region is not None and org.region.label == "枣庄市"
    assert len(org.subregions) == 6
    assert [n.id for n in org.notices] == ["n:枣市监中心字〔2019〕1号"]


def test_notice_view_004(store: Store) -> None:
    v = notice_view(store.graph, N004)
    assert [s.key for s in v.sections] == ["三.(一)", "三.(二)", "三.(三)", "三.(四)", "五"]
    t = next(t for s in v.sections for t in s.tasks if t.path == "三.(三).1")
    assert t.title == "提升行政保护质效" and len(t.owners) == 9
    assert {o.role for o in t.owners} == {"owner"}
    assert len(v.indicators) == 19
    step = next(t for s in v.sections for t in s.tasks if t.path == "五.(一)")
    assert [(i.name, i.value) for i in step.indicators] == [
        ("各镇街成立知识产权办公室并配备的知识产权专职人员", 2.0)
    ]


def test_unit_card_shuiguo(store: Store) -> None:
    db = Embedded(store)
    (uid,) = db.find_units("税郭镇")
    card = unit_card(store.graph, uid, db.responsibilities("税郭镇"))
    assert [p.label for p in card.parents] == ["枣庄市市中区"]
    assert {c.label for c in card.collectives} == {"枣庄市市中区各镇人民政府", "枣庄市市中区各镇街"}
    targets = [d for d in card.duties if d.kind == "Target"]
    assert len(targets) == 14 and all(d.via is None for d in targets)
    (t,) = [d for d in targets if (d.table, d.period) == ("知识产权专利开放许可", "2024-2026")]
    assert (t.value, t.measure) == (15.0, "项")
    tasks = [d for d in card.duties if d.kind == "Task"]
    assert len(tasks) == 12 and all(d.via and d.via.label == "枣庄市市中区各镇街" for d in tasks)


def test_catalog(store: Store) -> None:
    c = catalog(store.graph)
    assert len(c.groups) == 6 and len(c.notices) == 5
    assert [t.name for t in c.tables] == [
        "国家知识产权优势、示范企业",
        "新增有效发明专利数量",
        "知识产权专利开放许可",
        "知识产权商标品牌培育指导站",
        "知识产权培训次数",
    ]
    assert dict((u.label, n) for u, n in c.units)["枣庄市市中区税郭镇"] == 14
