"""Every map kind for the samples, asserted on what Graphviz drew (SVG nodes, edges, colours)."""

import re
from urllib.parse import unquote

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.model import unit_id
from dutygraph.visualize.labels import node_name
from dutygraph.visualize.maps import AmbiguousMap, Map, MapNotFound, all_maps, build_map
from dutygraph.visualize.render import svg_text
from dutygraph.visualize.style import GAP_AMBER, GAP_RED, ROLE_EDGE, STATUS_FILL
from dutygraph.visualize.svg_doc import SvgDoc, read_svg

N004 = "n:na3a8e7f37d"
SHUIGUO = unit_id("枣庄市市中区税郭镇")
T004 = "t:na3a8e7f37d:三.(三).1"


def link(kind: str, ident: str) -> str:
    return f"/map/{kind}/{ident}"


def drawn(m: Map) -> SvgDoc:
    return read_svg(svg_text(m.graph))


def one(doc: SvgDoc, text: str, cls: str | None = None) -> str:
    """The id of the single node whose text contains `text` (and has class `cls`)."""
    found = [n.id for n in doc.containing(text) if cls is None or cls in n.classes]
    assert len(found) == 1, (text, found)
    return found[0]


def test_org_map_000_named_leaders_office_members_and_districts(samples: Embedded) -> None:
    m = build_map(samples, "org", "春笋行动", link=link)
    assert m.id == "g:枣庄市“春笋行动”工作领导小组"
    doc = drawn(m)
    leaders = {n.texts[0]: n for n in doc.with_class("leader")}
    assert set(leaders) == {"王光明 组长", "李军 第一副组长", "孟雯 副组长", "毕国峰 副组长"}
    assert leaders["王光明 组长"].texts[1] == "局长 · 枣庄市市场监督管理局"
    assert unquote(leaders["王光明 组长"].href or "") == "/map/unit/u:枣庄市市场监督管理局"
    group = node_name(m.id)
    (to_chief,) = doc.edges_between(group, leaders["王光明 组长"].id)
    assert to_chief.label == "组长" and to_chief.width >= 2  # bold: the 组长 line
    (office,) = doc.with_class("office")
    assert office.texts[0] == "枣庄市知识产权事业发展中心"
    assert doc.edges_between(group, office.id)[0].label == "下设办公室"
    members = {n.texts[0] for n in doc.with_class("unit")}
    assert members == {"枣庄市市场监督管理局", "枣庄市知识产权局"}
    # Every member provides a leader, so each hangs off its leader rather than off the group.
    staff = {
        (doc.nodes[e.src].texts[0], doc.nodes[e.dst].texts[0])
        for e in doc.edges
        if e.label == "所在单位"
    }
    assert staff == {
        ("王光明 组长", "枣庄市市场监督管理局"),
        ("李军 第一副组长", "枣庄市知识产权事业发展中心"),
        ("孟雯 副组长", "枣庄市知识产权局"),
        ("毕国峰 副组长", "枣庄市知识产权事业发展中心"),
    }
    assert not [e for e in doc.edges if e.label == "成员"]
    (notice,) = doc.with_class("notice")
    assert notice.texts[-1] == "印发通知"
    assert unquote(notice.href or "") == "/map/notice/n:枣市监中心字〔2019〕1号"
    assert doc.edges_between(notice.id, group)[0].label == "成立"
    regions = {n.texts[0] for n in doc.with_class("region")}
    assert regions == {
        "枣庄市",
        *(f"枣庄市{d}" for d in ("薛城区", "台儿庄区", "山亭区", "峄城区", "市中区", "滕州市")),
    }


def test_org_map_002_roles_only_and_004_without_leaders(samples: Embedded) -> None:
    doc = drawn(build_map(samples, "org", "邹城市国家知识产权强县建设试点县工作专班"))
    assert {n.texts[0] for n in doc.with_class("leader")} == {
        "市长 组长",
        "副市长 副组长",
        "主要负责人 成员",
    }
    assert [n.texts[0] for n in doc.with_class("office")] == ["邹城市市场监督管理局"]
    doc = drawn(build_map(samples, "org", "市中区国家知识产权强县建设试点县工作领导小组"))
    assert doc.with_class("leader") == []
    assert doc.containing("通知未列明组长、副组长")
    group = "枣庄市市中区国家知识产权强县建设试点县工作领导小组"
    assert ["".join(n.texts[:2]) for n in doc.with_class("office")] == [group + "办公室"]
    (members,) = doc.with_class("unit")
    assert "".join(members.texts) == group + "成员单位"
    # No leader works there: the members hang off the group itself.
    assert doc.edges_between(node_name(f"g:{group}"), members.id)[0].label == "成员"
    townships = [n for n in doc.with_class("region") if "辖区" not in n.texts]
    assert len(townships) == 11


def test_task_map_004_sections_tasks_owners_and_capped_indicators(samples: Embedded) -> None:
    m = build_map(samples, "notice", N004, link=link)
    doc = drawn(m)
    sections = [n.texts[0].split()[0] for n in doc.with_class("section")]
    assert sections == ["三.(一)", "三.(二)", "三.(三)", "三.(四)", "五"]  # outline order
    assert doc.with_class("section")[2].texts[0] == "三.(三) 强化知识产权保护体系"
    task = one(doc, "三.(三).1 提升行政保护质效", "task")
    owners = {doc.nodes[e.dst].texts[0] for e in doc.edges if e.src == task}
    assert len(owners) == 9
    assert {"枣庄市市中区人民法院", "枣庄市市中区人民检察院", "枣庄市市中区公安分局"} <= owners
    assert all("role-owner" in e.classes and not e.dashed for e in doc.edges if e.src == task)
    court = one(doc, "枣庄市市中区人民法院", "unit")
    assert unquote(doc.nodes[court].href or "") == "/map/unit/u:枣庄市市中区人民法院"
    # 19 indicators stated for the notice as a whole: 12 drawn and one 另有7项 node.
    notice = node_name(N004)
    under_notice = [doc.nodes[e.dst] for e in doc.edges if e.src == notice]
    assert sum("indicator" in n.classes for n in under_notice) == 12
    assert [n.text for n in under_notice if "more" in n.classes] == ["另有7项"]
    assert [n.texts for n in under_notice if n.texts[0] == "专利开放许可"] == [
        ["专利开放许可", "≥200项（2026年）"]
    ]
    # Every node opens a page: tasks their own, sections and 另有K项 the lists they stand for.
    (more,) = [n for n in under_notice if "more" in n.classes]
    assert unquote(more.href or "").startswith("/map/indicator/i:")  # the first left out
    assert unquote(doc.nodes[task].href or "") == f"/map/task/{T004}"
    section = doc.with_class("section")[2]
    assert unquote(section.href or "") == f"/map/section/section:{N004}:三.(三)"
    nodes = [n for n in doc.nodes.values() if n.classes & {"task", "section", "more", "unit"}]
    assert nodes and all(n.href for n in nodes)
    indicators = [n for n in doc.with_class("indicator")]
    assert all(n.href for n in indicators)


SECTION_ORDER = {
    "n:枣市监中心字〔2019〕1号": ["二 指标分解", "四 实施步骤", "五 保障措施", "附件1"],
    "n:国知办发管字〔2017〕30号": ["正文", "二 申报材料及程序", "三 试点内容", "四 政策支撑"],
    "n:邹政字〔2024〕18号": [
        "三.(一) 推动知识产权创造",
        "三.(二) 促进知识产权运用",
        "三.(三) 加大知识产权保护力度",
        "三.(四) 提高知识产权管理能力",
        "三.(五) 优化知识产权公共服务",
        "四 保障措施",
    ],
    N004: [
        "三.(一) 提升知识产权创造能力",
        "三.(二) 提升知识产权运用效益",
        "三.(三) 强化知识产权保护体系",
        "三.(四) 提升知识产权服务能力",
        "五 保障措施",
    ],
    "n:鲁知规字〔2018〕7号": ["正文"],
}


@pytest.mark.parametrize("notice", sorted(SECTION_ORDER))
def test_task_map_clusters_top_to_bottom_in_outline_order(samples: Embedded, notice: str) -> None:
    """Where dot placed the section boxes, read from the SVG: annexes after the body sections
    (附件1 was drawn between 二 and 四 of 000; 三 above 二 in 001)."""
    assert drawn(build_map(samples, "notice", notice)).clusters_top_down() == SECTION_ORDER[notice]


def test_task_map_lead_and_co_owners_drawn_differently(hostile: Embedded) -> None:
    doc = drawn(build_map(hostile, "notice", "测试工作方案"))
    task = one(doc, "一.(一)", "task")
    edges = {doc.nodes[e.dst].texts[0]: e for e in doc.edges if e.src == task}
    lead = edges["枣庄市市中区市场监督管理局"]
    assert "role-lead" in lead.classes and not lead.dashed
    assert lead.stroke == ROLE_EDGE["lead"]["color"] and lead.width == 2.5 and lead.label == "牵头"
    for co in ("枣庄市市中区公安分局", "枣庄市市中区司法局"):
        assert "role-co" in edges[co].classes and edges[co].dashed and edges[co].label == "配合"
    plain = one(doc, "一.(二)", "task")
    (owner,) = [e for e in doc.edges if e.src == plain]
    assert "role-owner" in owner.classes and not owner.dashed and owner.width < 2
    # The task's indicator hangs off it.
    assert any("办理案件" in doc.nodes[e.dst].text for e in doc.edges if e.src == task)


def test_rollup_map_004_open_licences_gap_is_red(samples: Embedded) -> None:
    m = build_map(samples, "rollup", "知识产权专利开放许可", link=link)
    assert (m.period, m.periods) == ("2024-2026", ["2024", "2024-2026", "2025", "2026"])
    doc = drawn(m)
    towns = doc.with_class("target")
    assert len(towns) == 11
    assert all(n.texts[1] == "15项 · 占9.1%" for n in towns)
    assert sum(int(n.texts[1].split("项")[0]) for n in towns) == 165
    shuiguo = doc.nodes[node_name(SHUIGUO)]
    assert shuiguo.texts[0] == "税郭镇"
    assert unquote(shuiguo.href or "") == f"/map/unit/{SHUIGUO}"
    (total,) = doc.with_class("total")
    assert total.texts == ["枣庄市市中区", "分解合计 165项", "表列合计 165项"]
    (head,) = doc.with_class("headline")
    assert head.texts == ["总目标：专利开放许可", "200项"]
    (gap,) = doc.with_class("gap")
    assert "gap-under" in gap.classes and gap.fill == GAP_RED
    assert gap.text.startswith("缺口35项")
    assert all(doc.edges_between(t.id, total.id) for t in towns)


def test_rollup_map_over_allocation_amber_and_period_without_headline(samples: Embedded) -> None:
    (gap,) = drawn(build_map(samples, "rollup", "国家知识产权优势、示范企业")).with_class("gap")
    assert "gap-over" in gap.classes and gap.fill == GAP_AMBER and gap.text.startswith("超出7家")
    doc = drawn(build_map(samples, "rollup", "知识产权专利开放许可", period="2024"))
    assert doc.with_class("gap") == [] and len(doc.with_class("target")) == 11
    assert all(n.texts[1] == "5项 · 占9.1%" for n in doc.with_class("target"))


def test_status_colours_pass_through(samples: Embedded) -> None:
    status = {SHUIGUO: "red"}
    doc = drawn(build_map(samples, "rollup", "知识产权专利开放许可", status=status))
    node = doc.nodes[node_name(SHUIGUO)]
    assert node.fill == STATUS_FILL["red"] and "status-red" in node.classes
    others = [n for n in doc.with_class("target") if n.id != node.id]
    assert all(n.fill == "#ffffff" for n in others)


def test_unit_card_shuiguo_direct_targets_capped_and_tasks_via_collective(
    samples: Embedded,
) -> None:
    m = build_map(samples, "unit", "税郭镇", link=link)
    assert m.id == SHUIGUO
    doc = drawn(m)
    unit = doc.nodes[node_name(SHUIGUO)]
    assert unit.texts == ["枣庄市市中区税郭镇", "直接承担14项"]
    assert [n.text for n in doc.with_class("more")] == ["另有2项"]  # 14 direct targets, 12 drawn
    (region,) = doc.with_class("region")
    assert region.texts == ["枣庄市市中区", "所属地区"]
    assert unquote(region.href or "") == "/map/unit/u:枣庄市市中区"
    collectives = {n.texts[0]: n for n in doc.with_class("unit") if n.id != unit.id}
    assert set(collectives) == {"枣庄市市中区各镇人民政府", "枣庄市市中区各镇街"}
    for name, c in collectives.items():
        assert c.texts[1] == "集体责任主体" and unquote(c.href or "") == f"/map/unit/u:{name}"
        assert doc.edges_between(unit.id, c.id)[0].label == "属于"
    targets = doc.with_class("target")
    assert len(targets) == 12
    open_licence = [n for n in targets if n.texts[0] == "知识产权专利开放许可"]
    assert [n.texts[1] for n in open_licence if n.texts[1].startswith("2024-2026")] == [
        "2024-2026 · 分解目标 15项"
    ]
    assert unquote(open_licence[0].href or "").startswith("/map/rollup/知识产权专利开放许可")
    collective = doc.nodes[node_name(unit_id("枣庄市市中区各镇街"))]
    assert collective.texts[0] == "枣庄市市中区各镇街"
    tasks = doc.with_class("task")
    assert len(tasks) == 12 and any(n.texts[0] == "三.(三).1 提升行政保护质效" for n in tasks)
    # Each task opens its own page; the 另有2项 the list of all the unit owns.
    task = next(n for n in tasks if n.texts[0] == "三.(三).1 提升行政保护质效")
    assert unquote(task.href or "") == "/map/task/t:na3a8e7f37d:三.(三).1"
    assert all(unquote(n.href or "").startswith("/map/task/t:") for n in tasks)
    (more,) = doc.with_class("more")
    assert unquote(more.href or "") == f"/map/duties/{SHUIGUO}"


def test_lookups_fail_with_one_line(samples: Embedded) -> None:
    with pytest.raises(MapNotFound, match="no unit matches '不存在'"):
        build_map(samples, "unit", "不存在")
    with pytest.raises(AmbiguousMap, match="'知' matches 4 allocation tables"):
        build_map(samples, "rollup", "知")
    with pytest.raises(MapNotFound, match="no period '2030'"):
        build_map(samples, "rollup", "知识产权专利开放许可", period="2030")
    with pytest.raises(ValueError, match="unknown map kind"):
        build_map(samples, "pie", "x")


def test_all_maps_lists_every_kind(samples: Embedded) -> None:
    maps = all_maps(samples)
    kinds = {k for k, _, _ in maps}
    assert kinds == {"org", "notice", "rollup", "unit"}
    assert sum(k == "org" for k, _, _ in maps) == 6
    assert sum(k == "notice" for k, _, _ in maps) == 5
    assert sum(k == "rollup" for k, _, _ in maps) == 5
    assert sum(k == "unit" for k, _, _ in maps) == 45  # the units owning something directly
    assert ("rollup", "知识产权专利开放许可", "知识产权专利开放许可") in maps
    assert ("unit", SHUIGUO, "枣庄市市中区税郭镇") in maps


def test_wide_org_map_is_laid_out_in_rows(samples: Embedded) -> None:
    """The 市中区 group's 11 townships come in rows of ROW_WIDTH under the members, not in one
    line beside them (2862 pt wide before)."""
    m = build_map(samples, "org", "g:枣庄市市中区国家知识产权强县建设试点县工作领导小组")
    svg = svg_text(m.graph)
    size = re.search(r'width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
    assert size is not None
    width, height = float(size.group(1)), float(size.group(2))
    assert width < 1400 and height > 600


def test_org_map_more_nodes_open_the_member_list() -> None:
    """Beyond the cap of 12, a member's units and the townships each become one 另有K项 that
    opens the group's member list at the row that lists them all."""
    from dutygraph.graph.views import Organisation, Ref
    from dutygraph.graph.views.org import MemberUnit
    from dutygraph.visualize.org_map import org_map

    towns = [Ref(f"u:镇{i}", "Unit", f"镇{i}") for i in range(15)]
    org = Organisation(
        group=Ref("g:组", "Group", "测试领导小组"),
        notices=[],
        leaders=[],
        office=[],
        members=[
            MemberUnit(Ref("u:甲", "Unit", "甲局"), towns[:13]),
            MemberUnit(Ref("u:乙", "Unit", "乙局")),
        ],
        region=Ref("u:区", "Unit", "测试区"),
        subregions=towns,
    )
    doc = read_svg(svg_text(org_map(org, link)))
    more = {n.text: unquote(n.href or "") for n in doc.with_class("more")}
    assert more == {
        "通知未列明组长、副组长": "/map/members/g:组#leaders",
        "另有1项": "/map/members/g:组#under-0",
        "另有3项": "/map/members/g:组#region",
    }
    assert all(n.href for n in doc.nodes.values())
