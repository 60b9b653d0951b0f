"""001 (bold headings, no owners), 002 (web head fields, half-width marks), 003 (Traditional)."""

import datetime as dt

from dutygraph.schema import ParseResult


def test_001_ten_unowned_measures(notices: dict[str, ParseResult]) -> None:
    r = notices["001"]
    assert r.notice.doc_number == "鲁知规字〔2018〕7号"
    assert r.notice.cites == ["鲁发〔2018〕9号"]
    assert [t.path for t in r.tasks] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    assert all(not t.owners for t in r.tasks)
    assert r.tasks[1].title == "培育高价值核心知识产权"
    assert "专利（群）培育工作" in r.tasks[1].text  # the paragraph broken across lines is joined
    found = {(i.name, i.value, i.year) for i in r.indicators}
    assert ("入库专利", 10000, 2018) in found and ("入库专利", 50000, 2022) in found


def test_002_fields_and_numbers(notices: dict[str, ParseResult]) -> None:
    r = notices["002"]
    assert r.notice.doc_number == "邹政字〔2024〕18号"
    assert r.notice.issuer == "邹城市人民政府"
    assert r.notice.date == dt.date(2024, 4, 29)
    assert "鲁政办字〔2021〕78号" in r.notice.cites and len(r.notice.cites) == 4
    work = [t for t in r.tasks if t.path.startswith("三.")]
    assert len(work) == 19
    found = {(i.name, i.value, i.measure) for i in r.indicators}
    assert ("有效注册商标数量", 11000, "件") in found
    assert ("知识产权质押融资登记金额", 200_000_000, "元") in found
    group = next(g for g in r.groups if g.name == "邹城市国家知识产权强县建设试点县工作专班")
    assert group.office == "市市场监管局"
    assert {(ld.title, ld.role) for ld in r.leaders if ld.group == group.name} >= {("市长", "组长")}


def test_003_traditional_converted_with_original_kept(notices: dict[str, ParseResult]) -> None:
    r = notices["003"]
    assert r.notice.traditional
    assert r.notice.doc_number == "国知办发管字〔2017〕30号"
    assert r.notice.source and r.notice.source.original == "國知辦發管字〔2017〕30號"
    assert r.notice.title == "关于开展中小企业知识产权战略推进工程试点城市申报工作的通知"
    assert r.notice.cites == ["国知发管字〔2016〕101号"]
    pilots = [t for t in r.tasks if t.path.startswith("三.(")]
    assert len(pilots) == 6 and all([o.unit for o in t.owners] == ["各试点城市"] for t in pilots)
    assert all("試" not in t.text for t in r.tasks)
    contacts = {c.name: c for c in r.contacts}
    assert contacts["冯丝雨"].phones == ["010-62086559", "010-62086568"]
    assert contacts["曹宏伟"].email == "caohongwei@miit.gov.cn"
    assert any(d.due == dt.date(2017, 7, 31) for d in r.deadlines)


def test_implements_only_what_the_notice_says_it_carries_out(
    notices: dict[str, ParseResult],
) -> None:
    n000 = notices["000"].notice
    assert n000.cites == ["鲁政办字〔2019〕115号", "鲁市监办字〔2019〕310号"]
    assert n000.implements == ["鲁市监办字〔2019〕310号"]  # 115号 is only said to be issued
    assert notices["001"].notice.implements == ["鲁发〔2018〕9号"]
    assert len(notices["002"].notice.implements) == 4
