"""Unit names resolved within the issuing jurisdiction; abbreviations come from data."""

import pytest

from dutygraph.graph.build import build
from dutygraph.graph.units import district_members, jurisdiction_of, name_variants, resolve
from dutygraph.schema import ParseResult

ZAOZHUANG_SHIZHONG = jurisdiction_of("枣庄市市中区人民政府")


@pytest.mark.parametrize(
    ("issuer", "full"),
    [
        ("枣庄市市中区人民政府", "枣庄市市中区"),
        ("枣庄市市场监督综合服务中心", "枣庄市"),
        ("邹城市人民政府", "邹城市"),
        ("山东省知识产权局", "山东省"),
        ("国家知识产权局办公室", ""),
    ],
)
def test_jurisdiction_of_issuer(issuer: str, full: str) -> None:
    assert jurisdiction_of(issuer).full == full


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("区市场监督管理局", "枣庄市市中区市场监督管理局"),
        ("区市场监管局", "枣庄市市中区市场监督管理局"),
        ("区科技局", "枣庄市市中区科学技术局"),
        ("区工信局", "枣庄市市中区工业和信息化局"),
        ("市市场监管局", "枣庄市市场监督管理局"),
        ("区法院", "枣庄市市中区人民法院"),
        ("税郭镇", "枣庄市市中区税郭镇"),
        ("市中区知识产权局", "枣庄市市中区知识产权局"),
        ("枣庄市市中区人民政府", "枣庄市市中区人民政府"),
        ("国家知识产权局", "国家知识产权局"),
    ],
)
def test_resolve_within_jurisdiction(written: str, full: str) -> None:
    r = resolve(written, ZAOZHUANG_SHIZHONG)
    assert r.full == full
    assert r.written == written


def test_city_prefix_in_a_county_level_city() -> None:
    assert resolve("市市场监管局", jurisdiction_of("邹城市人民政府")).full == "邹城市市场监督管理局"


def test_collective_and_township_flags() -> None:
    assert resolve("各镇街", ZAOZHUANG_SHIZHONG).collective
    assert resolve("税郭镇", ZAOZHUANG_SHIZHONG).township
    assert not resolve("各街道", ZAOZHUANG_SHIZHONG).township


def test_name_variant_merged_into_common_spelling(r004: ParseResult) -> None:
    assert name_variants(r004) == {"各塔埠街道": ("垎塔埠街道", 318)}
    facts = build(r004)
    units = {n.id: n for n in facts.nodes if n.kind == "Unit"}
    assert "u:枣庄市市中区各塔埠街道" not in units
    merged = units["u:枣庄市市中区垎塔埠街道"]
    assert set(merged.props["aliases"]) == {"垎塔埠街道", "各塔埠街道"}
    assert [(m.variant, m.canonical) for m in facts.merges] == [("各塔埠街道", "垎塔埠街道")]


def test_build_is_deterministic(r004: ParseResult) -> None:
    a, b = build(r004), build(r004)
    assert [n.id for n in a.nodes] == [n.id for n in b.nodes]
    assert [(e.src, e.dst, e.edge_key) for e in a.edges] == [
        (e.src, e.dst, e.edge_key) for e in b.edges
    ]


def test_collective_members_are_the_eleven_townships(r004: ParseResult) -> None:
    facts = build(r004)
    members = {
        e.src for e in facts.edges if e.kind == "MEMBER_OF" and e.dst == "u:枣庄市市中区各镇街"
    }
    assert len(members) == 11
    assert "u:枣庄市市中区税郭镇" in members


def test_district_members_from_the_table() -> None:
    j = jurisdiction_of("枣庄市市场监督综合服务中心")
    got = district_members("各区（市）市场监管局", j)
    assert ("枣庄市薛城区", "枣庄市薛城区市场监督管理局") in got
    assert len(got) == 6
    assert district_members("各镇街", j) == []
    assert district_members("各区（市）市场监管局", jurisdiction_of("济宁市人民政府")) == []
