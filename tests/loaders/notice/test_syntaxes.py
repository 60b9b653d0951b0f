"""Responsibility syntaxes real notices use that the samples do not."""

from dutygraph.loaders import parse_text

HEAD = "某县人民政府关于印发某某工作方案的通知\n\n二、重点任务\n"


def _owners(body: str) -> list[tuple[str, str]]:
    r = parse_text(HEAD + body, "x.txt")
    task = next(t for t in r.tasks if t.path.startswith("二."))
    return [(o.unit, o.role) for o in task.owners]


def test_bracketed_responsible() -> None:
    assert _owners("1.开展专项整治行动。（县市场监管局、县公安局负责）\n") == [
        ("县市场监管局", "owner"),
        ("县公安局", "owner"),
    ]


def test_lead_and_co_labels() -> None:
    assert _owners(
        "1.开展专项整治行动。牵头单位：县市场监管局；配合单位：县公安局、县司法局\n"
    ) == [
        ("县市场监管局", "lead"),
        ("县公安局", "co"),
        ("县司法局", "co"),
    ]


def test_lead_comma_co() -> None:
    assert _owners("1.开展专项整治行动。县市场监管局牵头，县公安局、县司法局配合。\n") == [
        ("县市场监管局", "lead"),
        ("县公安局", "co"),
        ("县司法局", "co"),
    ]


def test_lead_first_convention() -> None:
    body = "1.开展专项整治行动。（责任单位：县市场监管局、县公安局）\n排在第一位的为牵头单位。\n"
    assert _owners(body) == [("县市场监管局", "lead"), ("县公安局", "co")]


def test_table_with_lead_and_co_columns() -> None:
    text = (
        "某县人民政府关于印发某某工作方案的通知\n附件1\n重点任务清单\n"
        "\t序号\n\t工作任务\n\t牵头单位\n\t配合单位\n\t完成时限\n\n"
        "\t1\n\t建设知识产权保护中心\n\t县市场监管局\n\t县财政局、县科技局\n\t2025年底\n\n"
        "\t2\n\t开展培训\n\t县科技局\n\t\n\t2025年底\n"
    )
    r = parse_text(text, "t.txt")
    rows = [(t.path, [(o.unit, o.role) for o in t.owners]) for t in r.tasks]
    assert rows == [
        ("附件1.row1", [("县市场监管局", "lead"), ("县财政局", "co"), ("县科技局", "co")]),
        # the empty 配合单位 cell is merged with the one above
        ("附件1.row2", [("县科技局", "lead"), ("县财政局", "co"), ("县科技局", "co")]),
    ]


def test_table_with_responsible_department_column() -> None:
    text = "附件\n\t序号\n\t主要任务\n\t责任部门\n\n\t1\n\t推进贯标\n\t区市场监管局\n"
    r = parse_text(text, "t.txt")
    assert [(t.path, [o.unit for o in t.owners]) for t in r.tasks] == [
        ("附件.row1", ["区市场监管局"])
    ]


def test_unseen_county_notice() -> None:
    """A notice in another layout: label lines, in-sentence 牵头/配合, quarterly reports."""
    from pathlib import Path

    from dutygraph.loaders import read_notice

    r = read_notice(Path(__file__).with_name("county_notice.txt"))
    assert r.notice.doc_number == "某政办发〔2023〕12号"
    assert r.notice.addressees == ["各乡镇人民政府", "县直各部门"]
    owners = {t.path: [(o.unit, o.role) for o in t.owners] for t in r.tasks}
    assert owners["二.(一).1"] == [
        ("县行政审批服务局", "lead"),
        ("县大数据中心", "co"),
        ("县直各部门", "co"),
    ]
    assert owners["二.(二)"] == [("县自然资源局", "lead"), ("县发改局", "co"), ("县财政局", "co")]
    assert owners["三"] == [("各乡镇", "owner"), ("各部门", "owner")]
    text = next(t.text for t in r.tasks if t.path == "二.(二)")
    assert text == "加强要素保障。每年新增建设用地指标不少于500亩。"
    found = {(i.name, i.value, i.measure, i.comparator, i.scope) for i in r.indicators}
    assert ("市场主体总量", 50000, "户", ">=", "全县") in found
    assert ("新增建设用地指标", 500, "亩", ">=", "全县") in found
    recurring = {(d.recurrence, tuple(d.dates)) for d in r.deadlines if d.recurrence}
    assert ("quarterly", ("03-31", "06-30", "09-30", "12-31")) in recurring
    assert ("yearly", ("12-20",)) in recurring


def test_allocation_table_with_wrong_total_and_district_column() -> None:
    text = (
        "某市人民政府办公室关于印发某某实施方案的通知\n"
        "（一）到2025年，全市新增专利开放许可120项。\n"
        "附件\n各区（市）专利开放许可任务分解表（项）\n"
        "\t序号\n\t区（市）\n\t2024年\n\t2025年\n\n"
        "\t合计\n\t全市\n\t60\n\t60\n\n"
        "\t1\n\t甲区\n\t30\n\t30\n\n"
        "\t2\n\t乙区\n\t20\n\t20\n"
    )
    r = parse_text(text, "city.txt")
    assert {(t.unit, t.period, t.value) for t in r.targets} == {
        ("甲区", "2024", 30),
        ("甲区", "2025", 30),
        ("乙区", "2024", 20),
        ("乙区", "2025", 20),
    }
    assert all(t.measure == "项" for t in r.targets)
    mismatches = [w for w in r.warnings if w.code == "total-mismatch"]
    assert [w.line for w in mismatches] == [12, 13]  # the 合计 cells of 2024 and 2025
    assert "60" in mismatches[0].message and "50" in mismatches[0].message


def test_bracketed_labels_and_marks() -> None:
    assert _owners("1.开展专项整治。【责任单位】县市场监管局、县公安局\n") == [
        ("县市场监管局", "owner"),
        ("县公安局", "owner"),
    ]
    assert _owners("1.开展专项整治。[牵头单位:县市场监管局;配合单位:县公安局]\n") == [
        ("县市场监管局", "lead"),
        ("县公安局", "co"),
    ]
    assert _owners("1.开展专项整治。\n责任单位：县市场监管局（牵头）、县公安局\n") == [
        ("县市场监管局", "lead"),
        ("县公安局", "co"),
    ]
    assert _owners("1.开展专项整治。（县市场监管局牵头，县公安局、县司法局按职责分工负责）\n") == [
        ("县市场监管局", "lead"),
        ("县公安局", "co"),
        ("县司法局", "co"),
    ]


def test_deadline_column_of_a_task_table() -> None:
    text = (
        "附件1\n\t序号\n\t重点任务\n\t具体措施\n\t牵头单位\n\t完成时限\n\n"
        "\t1\n\t优化营商环境\n\t压缩审批时间\n\t县行政审批服务局\n\t2025年6月底前\n\n"
        "\t2\n\t\n\t推行一网通办\n\t县大数据中心\n\t2025年底\n"
    )
    r = parse_text(text, "t.txt")
    assert [(t.title, t.text) for t in r.tasks] == [
        ("优化营商环境", "压缩审批时间"),
        ("优化营商环境", "推行一网通办"),  # merged 重点任务 cell inherited
    ]
    assert [(str(d.due), d.owner, d.task_id) for d in r.deadlines] == [
        ("2025-06-30", "县行政审批服务局", f"{r.notice.id}:附件1.row1"),
        ("2025-12-31", "县大数据中心", f"{r.notice.id}:附件1.row2"),
    ]
