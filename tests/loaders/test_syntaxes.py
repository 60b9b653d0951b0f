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
