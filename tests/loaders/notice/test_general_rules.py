"""Rules of issue 14, each on a synthetic sentence in the wording real work plans use."""

import datetime as dt

import pytest

from dutygraph.loaders import parse_text
from dutygraph.loaders.numbers import find_quantities
from dutygraph.loaders.units import split_units
from dutygraph.schema import ParseResult

HEAD = "某市人民政府办公室关于印发某某工作方案的通知\n2024年3月1日\n二、重点任务\n"


def _parse(body: str, head: str = HEAD) -> ParseResult:
    return parse_text(head + body, "x.txt")


def _owners(body: str, path: str = "二.1") -> list[tuple[str, str]]:
    task = next(t for t in _parse(body).tasks if t.path == path)
    return [(o.unit, o.role) for o in task.owners]


def test_stated_owners_without_a_known_ending_are_kept_and_flagged() -> None:
    r = _parse("1.加大信贷支持。（人民银行、市财政、税务总局负责）\n")
    assert [(o.unit, o.role) for o in r.tasks[0].owners] == [
        ("人民银行", "owner"),
        ("市财政", "owner"),
        ("税务总局", "owner"),
    ]
    unsure = [w for w in r.warnings if w.code == "unsure-owner"]
    assert [w.line for w in unsure] == [4, 4]
    assert "人民银行" in unsure[0].message and "市财政" in unsure[1].message


def test_lead_clause_with_unit_endings_beyond_the_list() -> None:
    assert _owners("1.推进通关便利化。（海关总署、市商务委牵头，市贸促会、市口岸办配合）\n") == [
        ("海关总署", "lead"),
        ("市商务委", "lead"),
        ("市贸促会", "co"),
        ("市口岸办", "co"),
    ]


def test_an_owner_clause_not_read_is_reported() -> None:
    r = _parse("1.开展培训。（2024年底前完成，由有关方面负责）\n")
    assert r.tasks[0].owners == []
    assert [w.code for w in r.warnings] == ["unsure-owner"]
    assert "未能读出责任单位" in r.warnings[0].message


@pytest.mark.parametrize(
    ("declaration", "later_item_too"),
    [
        ("排在第一位的部门为牵头部门，下同。", True),
        ("列第一位的为牵头单位，下同。", True),
        ("第一个单位为牵头单位。", False),  # without 下同 it covers its own item only
    ],
)
def test_lead_first_declarations(declaration: str, later_item_too: bool) -> None:
    body = "1.建立台账。（责任单位：市统计局、市财政局）\n"
    body += f"2.推进数据共享。（责任单位：市数据局、市财政局。{declaration}）\n"
    body += "3.完善平台。（责任单位：市政务服务中心、市数据局）\n"
    assert _owners(body) == [("市统计局", "owner"), ("市财政局", "owner")]
    assert _owners(body, "二.2") == [("市数据局", "lead"), ("市财政局", "co")]
    roles = ("lead", "co") if later_item_too else ("owner", "owner")
    assert _owners(body, "二.3") == list(zip(("市政务服务中心", "市数据局"), roles, strict=True))


def test_lead_first_stated_apart_covers_the_whole_notice() -> None:
    body = "1.建立台账。（责任单位：市统计局、市财政局）\n"
    body += "三、保障措施\n各项任务中排在第一位的为牵头单位，其余为配合单位。\n"
    assert _owners(body) == [("市统计局", "lead"), ("市财政局", "co")]


@pytest.mark.parametrize(
    ("clause", "units"),
    [
        ("（市住建局会同有关部门负责）", ["市住建局"]),
        ("（市住建局、市城管局等有关部门负责）", ["市住建局", "市城管局"]),
        ("（责任单位：市住建局、市城管局等部门）", ["市住建局", "市城管局"]),
        ("（市住建局、市城管局按职责分工负责）", ["市住建局", "市城管局"]),
        ("（市住建局、市城管局分别负责）", ["市住建局", "市城管局"]),
    ],
)
def test_open_ended_tails_are_stripped(clause: str, units: list[str]) -> None:
    assert [u for u, _ in _owners(f"1.整治违法建设。{clause}\n")] == units


def test_a_note_after_the_owner_list_is_no_owner() -> None:
    body = "1.建设市场体系。〔责任单位：省发展改革委、商务厅按职责分工负责。具体任务均涉及相关市（州）人民政府，不再做分工，下同。〕\n"
    assert _owners(body) == [("省发展改革委", "owner"), ("商务厅", "owner")]


def test_a_trailing_collective_stays_whole() -> None:
    assert split_units("市交通局，各有关区、县级市") == ["市交通局", "各有关区、县级市"]
    assert split_units("各街道、区直各部门") == ["各街道", "区直各部门"]
    assert split_units("各市、县人民政府") == ["各市、县人民政府"]


def test_collectives_written_back_to_back() -> None:
    r = _parse("1.压实责任。各乡镇各部门要细化分解任务，建立工作台账。\n")
    assert [o.unit for o in r.tasks[0].owners] == ["各乡镇", "各部门"]


def test_a_group_of_people_is_no_unit() -> None:
    r = _parse("1.靠前指挥。各牵头县领导要按照工作分工，强化统筹调度。\n")
    assert r.tasks[0].owners == []


def test_item_numbers_before_titles_that_start_with_digits() -> None:
    body = "".join(f"{k}.推进第{k}项工作。（市工信局负责）\n" for k in range(1, 7))
    body += "7.5G基站建设。新建5G基站300个。（市通信管理办负责）\n"
    body += "8.推进数据共享。（市数据局负责）\n"
    r = _parse(body)
    titles = {t.path: t.title for t in r.tasks}
    assert titles["二.7"] == "5G基站建设"
    assert [(i.value, i.measure) for i in r.indicators] == [(300, "个")]
    assert "二.8" in titles


def test_12345_hotline_after_item_11() -> None:
    body = "".join(f"{k}.推进第{k}项工作。（市工信局负责）\n" for k in range(1, 12))
    body += "12.12345热线整合。归并各类热线。（市政务服务中心负责）\n"
    titles = {t.path: t.title for t in _parse(body).tasks}
    assert titles["二.12"] == "12345热线整合"


def test_half_width_full_stops_end_titles() -> None:
    body = "1.完善工作机制.建立联席会议制度,明确实施步骤.(市发改委负责)\n"
    task = _parse(body).tasks[0]
    assert task.title == "完善工作机制"
    assert [(o.unit, o.role) for o in task.owners] == [("市发改委", "owner")]


def test_pdf_page_numbers_do_not_join_names() -> None:
    body = "1.完善领导体制。\n牵头单位:区委组织部\n协办单位:区委编办、园区党工\n委、各街道党工委\n— — — 3 —\n"
    assert _owners(body) == [
        ("区委组织部", "lead"),
        ("区委编办", "co"),
        ("园区党工委", "co"),
        ("各街道党工委", "co"),
    ]


def _table(*rows: tuple[str, ...]) -> str:
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


def test_section_rows_name_the_owners_of_their_rows() -> None:
    text = "某县人民政府关于印发某某工作方案的通知\n附件\n重点任务分工表\n" + _table(
        ("序号", "工作任务", "责任单位"),
        ("一", "共性任务（各责任单位）", ""),
        ("1", "建立工作台账", ""),
        ("2", "按月报送进展", ""),
        ("二", "专项任务", ""),
        ("3", "建设知识产权保护中心", "县市场监管局"),
    )
    rows = {t.path: [o.unit for o in t.owners] for t in parse_text(text, "t.txt").tasks}
    assert rows == {
        "附件.row1": ["各责任单位"],
        "附件.row2": ["各责任单位"],
        "附件.row3": ["县市场监管局"],
    }


@pytest.mark.parametrize("header", ["考核对象", "责任主体", "被考核单位", "部门", "单位"])
def test_owner_columns_under_other_headers(header: str) -> None:
    text = "某县人民政府关于印发某某考核方案的通知\n附件\n" + _table(
        ("序号", "考核内容", header), ("1", "完成招商引资任务", "县商务局")
    )
    r = parse_text(text, "t.txt")
    assert [(t.path, [o.unit for o in t.owners]) for t in r.tasks] == [("附件.row1", ["县商务局"])]


def test_a_record_table_is_one_task() -> None:
    text = "某市重点工作落实情况\n" + _table(
        ("重点工作:", "35.统筹违法建设治理。"),
        ("牵头单位:", "市城管局"),
        ("年度工作目标:", "完成工作任务的90%以上。"),
    )
    r = parse_text(text, "t.txt")
    assert [(t.path, t.title, [o.unit for o in t.owners]) for t in r.tasks] == [
        ("附件.row35", "统筹违法建设治理。", ["市城管局"])
    ]
    assert [(i.value, i.measure, i.comparator) for i in r.indicators] == [(90, "%", ">=")]


def test_a_header_wider_than_its_rows() -> None:
    text = "某区民生实事推进情况\n" + _table(
        ("序号", "主要任务", "全年目标任务", "牵头单位", "协同单位"),
        ("1", "新建公共停车位200个。", "区城管局", "各街道"),
    )
    r = parse_text(text, "t.txt")
    assert [(o.unit, o.role) for o in r.tasks[0].owners] == [
        ("区城管局", "lead"),
        ("各街道", "co"),
    ]
    assert [(i.value, i.measure) for i in r.indicators] == [(200, "个")]


def test_amounts_in_table_cells_and_remarks_are_indicators() -> None:
    text = "某县人民政府关于印发某某实施方案的通知\n附件\n" + _table(
        ("序号", "工作任务", "责任单位", "备注"),
        ("1", "培育龙头企业不少于10家", "县农业农村局", "每家补贴5万元"),
    )
    text += "备注：新建冷库每座补助2万元。\n"
    r = parse_text(text, "t.txt")
    found = {(i.value, i.measure, i.task_id is not None) for i in r.indicators}
    assert found == {(10, "家", True), (50000, "元", True), (20000, "元", False)}


@pytest.mark.parametrize(
    "sentence",
    [
        "统筹国内国际两个市场",
        "推行一村一名专干",
        "做到四个到位",
        "一项一项抓实，一件一件办好",
        "只填一份",
    ],
)
def test_counting_words_are_no_targets(sentence: str) -> None:
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "value", "measure"),
    [
        ("配备执法车辆12套", 12, "套"),
        ("举办培训20场次", 20, "场次"),
        ("帮扶脱贫户300户", 300, "户"),
        ("新增高标准农田1.2万亩", 12000, "亩"),
        ("新建农村公路85公里", 85, "公里"),
        ("收购烟叶865万公斤", 8_650_000, "公斤"),
        ("处理垃圾3000吨", 3000, "吨"),
        ("服务年限不少于5年", 5, "年"),
    ],
)
def test_general_measure_words(sentence: str, value: float, measure: str) -> None:
    assert [(q.value, q.measure) for q in find_quantities(sentence)] == [(value, measure)]


def test_durations_and_years_are_no_targets() -> None:
    assert find_quantities("经过5年的努力，到2025年基本建成") == []


def test_recurring_deadlines_fall_due_first_after_the_notice_date() -> None:
    r = _parse("1.报送情况。各县区每年1月15日前报送上年度工作总结，每季度末报送进展。\n")
    due = {(d.recurrence, d.due) for d in r.deadlines}
    assert ("yearly", dt.date(2025, 1, 15)) in due  # the notice is dated 2024-03-01
    assert ("quarterly", dt.date(2024, 3, 31)) in due


def test_a_stated_start_and_a_day_of_each_quarter() -> None:
    r = _parse("1.报送情况。自2025年第二季度起，各牵头单位要在每个季度第1个月的20日前报送。\n")
    (d,) = [d for d in r.deadlines if d.recurrence]
    assert (d.recurrence, d.dates, d.due) == (
        "quarterly",
        ["01-20", "04-20", "07-20", "10-20"],
        dt.date(2025, 4, 20),
    )


@pytest.mark.parametrize(
    ("sentence", "dues"),
    [
        ("2022年10月底前编制并公布清单。", [dt.date(2022, 10, 31)]),
        ("于4月20日（星期五）前上报。", [dt.date(2024, 4, 20)]),
        ("于2010年6月5日和12月5日前报告。", [dt.date(2010, 6, 5), dt.date(2010, 12, 5)]),
    ],
)
def test_deadline_wordings(sentence: str, dues: list[dt.date]) -> None:
    r = _parse(f"1.报送材料。各单位{sentence}\n")
    assert sorted(d.due for d in r.deadlines if d.due) == dues


def test_a_notice_date_written_with_white_circles() -> None:
    r = parse_text("某区人民政府关于下达目标任务的通知\n二○○七年四月十三日\n", "x.txt")
    assert r.notice.date == dt.date(2007, 4, 13)


def test_a_table_owner_without_a_known_ending_is_kept_and_flagged() -> None:
    text = "某县人民政府关于印发某某工作方案的通知\n附件\n" + _table(
        ("序号", "工作任务", "责任单位"), ("1", "扩大普惠小微贷款", "人民银行县支行、县财政")
    )
    r = parse_text(text, "t.txt")
    assert [o.unit for o in r.tasks[0].owners] == ["人民银行县支行", "县财政"]
    assert [(w.code, w.line) for w in r.warnings] == [("unsure-owner", 7)]
    assert "县财政" in r.warnings[0].message


@pytest.mark.parametrize(
    ("clause", "owners"),
    [
        (
            "（市委宣传部主办，市文旅局承办，各区协办）",
            [("市委宣传部", "lead"), ("市文旅局", "owner"), ("各区", "co")],
        ),
        ("（主办单位：市科协；协办单位：市教育局）", [("市科协", "lead"), ("市教育局", "co")]),
        (
            "（市人社局负责，市财政局、市税务局参与）",
            [("市人社局", "owner"), ("市财政局", "co"), ("市税务局", "co")],
        ),
        (
            "（责任单位：市民政局牵头，市财政局等有关部门参加，各区落实）",
            [("市民政局", "lead"), ("市财政局", "co"), ("各区", "owner")],
        ),
    ],
)
def test_roles_given_by_the_verb_after_the_names(
    clause: str, owners: list[tuple[str, str]]
) -> None:
    assert _owners(f"1.举办科普活动周。{clause}\n") == owners


def test_a_run_on_title_naming_steps_is_still_a_task() -> None:
    body = "1.完善工作机制,按照实施步骤和工作要求建立联席会议制度,定期研究重大问题\n"
    assert [t.path for t in _parse(body).tasks] == ["二.1"]


def test_tasks_numbered_with_chinese_numerals_are_no_sections() -> None:
    text = "某县人民政府关于印发某某工作方案的通知\n附件\n" + _table(
        ("序号", "工作任务", "责任单位"),
        ("一", "建立工作台账", "县统计局"),
        ("二", "按月报送进展", ""),
    )
    rows = {t.path: [o.unit for o in t.owners] for t in parse_text(text, "t.txt").tasks}
    assert rows == {"附件.row一": ["县统计局"], "附件.row二": ["县统计局"]}


def test_a_unit_column_beside_counts_stays_an_allocation() -> None:
    text = "某县人民政府关于印发某某工作方案的通知\n附件\n各单位任务分配表（户）\n" + _table(
        ("序号", "单位", "任务数"), ("1", "甲镇", "30"), ("2", "乙镇", "20")
    )
    r = parse_text(text, "t.txt")
    assert r.tasks == []
    assert sorted((t.unit, t.value) for t in r.targets) == [("乙镇", 20), ("甲镇", 30)]
