"""000: a city 实施方案 with an annex task table (merged cells, a repeated 14, an empty row 11)."""

import datetime as dt

from dutygraph.schema import ParseResult


def test_head(notices: dict[str, ParseResult]) -> None:
    n = notices["000"].notice
    assert n.doc_number == "枣市监中心字〔2019〕1号"
    assert n.issuer == "枣庄市市场监督综合服务中心"
    assert n.date == dt.date(2019, 11, 5)
    assert n.addressees == ["各区（市）市场监督管理局", "知识产权机构"]
    assert n.cites == ["鲁政办字〔2019〕115号", "鲁市监办字〔2019〕310号"]
    assert n.title and n.title.startswith("关于印发《加快推进落实“春笋行动”")


def test_annex_rows_and_indicator_items(notices: dict[str, ParseResult]) -> None:
    r = notices["000"]
    rows = [t for t in r.tasks if t.kind == "row"]
    assert len(rows) == 17
    assert [t.path for t in rows][-3:] == ["附件1.row16", "附件1.row14-2", "附件1.row17"]
    items = [t.path for t in r.tasks if t.path.startswith("二.")]
    assert items == ["二.(一)", "二.(二)", "二.(三)", "二.(四)"]
    for path in items:
        task = next(t for t in r.tasks if t.path == path)
        assert [o.unit for o in task.owners] == ["各区（市）市场监督管理局", "知识产权机构"]


def test_merged_cells_inherit_and_second_14_is_its_own_task(
    notices: dict[str, ParseResult],
) -> None:
    tasks = {t.path: t for t in notices["000"].tasks}
    assert tasks["附件1.row4"].title == "促进高价值专利引进吸收和转移转化"
    assert tasks["附件1.row5"].title == "促进高价值专利引进吸收和转移转化"
    assert tasks["附件1.row1"].title == "培育知识产权优势企业"  # wrapped over two lines
    second = tasks["附件1.row14-2"]
    assert second.text == "鼓励知名知识产权服务品牌机构入驻我市。"
    assert second.title == "加强知识产权招才引智工作"
    assert [o.unit for o in second.owners][:2] == ["市市场监督管理局科室", "市知识产权事业发展中心"]
    assert second.source.line == 130  # the row starts at its 序号 cell


def test_warnings(notices: dict[str, ParseResult]) -> None:
    codes = [(w.code, w.line) for w in notices["000"].warnings]
    assert ("empty-row", 100) in codes
    assert ("duplicate-row-number", 130) in codes


def test_leaders_group_contacts(notices: dict[str, ParseResult]) -> None:
    r = notices["000"]
    assert [(g.name, g.office) for g in r.groups] == [
        ("“春笋行动”工作领导小组", "市知识产权事业发展中心")
    ]
    leaders = [(ld.name, ld.role, ld.title, ld.org) for ld in r.leaders]
    assert leaders == [
        ("王光明", "组长", "局长", "市市场监督管理局"),
        ("李军", "第一副组长", "主任", "市知识产权事业发展中心"),
        ("孟雯", "副组长", "副局长", "市知识产权局"),
        ("毕国峰", "副组长", None, "市知识产权事业发展中心"),
    ]
    contacts = {c.name: c for c in r.contacts}
    assert contacts["魏成建"].phones == ["3153360", "13181262099"]
    assert contacts["张金丽"].phones == ["3153360", "18369247659"]
    assert contacts["魏成建"].email == "scqjghk@126.com"


def test_steps_and_deadlines(notices: dict[str, ParseResult]) -> None:
    r = notices["000"]
    steps = {t.path: [o.unit for o in t.owners] for t in r.tasks if t.kind == "step"}
    assert steps["四.(一)"] == ["各责任单位"]
    assert "四.(三)" not in steps  # names nobody who acts
    due = {(d.due, d.recurrence, tuple(d.dates)) for d in r.deadlines}
    assert (dt.date(2019, 11, 15), None, ()) in due
    # Recurring ones fall due first on their first date after the notice (2019-11-05).
    assert (dt.date(2020, 1, 7), "half-yearly", ("01-07", "07-07")) in due
    assert (dt.date(2020, 1, 15), "yearly", ("01-15",)) in due
    assert (dt.date(2022, 12, 31), None, ()) in due  # 组织实施（2019年9月至2022年底）


def test_indicators(notices: dict[str, ParseResult]) -> None:
    r = notices["000"]
    found = {(i.name, i.value, i.measure, i.comparator, i.year) for i in r.indicators}
    assert ("知识产权标准化管理企业", 30, "家", ">=", 2020) in found
    assert ("国家级知识产权优势企业", 12, "家", ">=", 2022) in found
    assert ("入库专利", 200, "件", ">=", 2022) in found
    yearly = next(i for i in r.indicators if i.value == 50)
    assert yearly.per == "year" and yearly.task_id and yearly.task_id.endswith(":二.(二)")
