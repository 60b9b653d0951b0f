"""lineage(): CITES and IMPLEMENTS edges from the store (IMPLEMENTS from the reader's implements)."""

from dutygraph.graph.queries.lineage import lineage
from dutygraph.graph.store import Store


def test_000_cites_two_and_implements_the_provincial_plan(store: Store) -> None:
    got = lineage(store, "枣市监中心字〔2019〕1号")
    assert [c.doc_number for c in got.cites] == ["鲁市监办字〔2019〕310号", "鲁政办字〔2019〕115号"]
    # 115号 is only mentioned as having been issued; 310号 is what it "贯彻落实"s.
    assert [c.doc_number for c in got.implements] == ["鲁市监办字〔2019〕310号"]
    assert got.implements[0].basis == "text"
    assert all(not c.known for c in got.cites)  # stubs: not among the samples


def test_001_implements_the_provincial_opinion(store: Store) -> None:
    got = lineage(store, "鲁知规字〔2018〕7号")
    assert [c.doc_number for c in got.implements] == ["鲁发〔2018〕9号"]


def test_002_cites_and_implements_four(store: Store) -> None:
    got = lineage(store, "邹政字〔2024〕18号")
    expected = [
        "国办发〔2023〕37号",
        "国发〔2021〕20号",
        "济市监发〔2021〕10号",
        "鲁政办字〔2021〕78号",
    ]
    assert [c.doc_number for c in got.cites] == expected
    assert [c.doc_number for c in got.implements] == expected


def test_cited_document_sees_its_citer(store: Store) -> None:
    got = lineage(store, "鲁市监办字〔2019〕310号")
    assert [c.notice_id for c in got.cited_by] == ["n:枣市监中心字〔2019〕1号"]
    assert [c.notice_id for c in got.implemented_by] == ["n:枣市监中心字〔2019〕1号"]
    plain = lineage(store, "鲁政办字〔2019〕115号")
    assert len(plain.cited_by) == 1 and plain.implemented_by == []
