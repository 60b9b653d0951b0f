"""lineage(): CITES from the store, IMPLEMENTS derived from the citing sentence or the title."""

from pathlib import Path

from dutygraph.graph.lineage import implements_in_text, lineage
from dutygraph.graph.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _texts(store: Store) -> dict[str, str]:
    out = {}
    for n, a in store.graph.nodes(data=True):
        if a["kind"] == "Notice" and a["props"].get("file"):
            out[n] = Path(ROOT / "examples" / "notices" / a["props"]["file"]).read_text("utf-8")
    return out


def test_000_cites_two_and_implements_the_provincial_plan(store: Store) -> None:
    got = lineage(store, "枣市监中心字〔2019〕1号", _texts(store))
    assert [c.doc_number for c in got.cites] == ["鲁市监办字〔2019〕310号", "鲁政办字〔2019〕115号"]
    # 115号 is only mentioned as having been issued; 310号 is what it "贯彻落实"s.
    assert [c.doc_number for c in got.implements] == ["鲁市监办字〔2019〕310号"]
    assert got.implements[0].basis is not None and "贯彻落实" in got.implements[0].basis
    assert all(not c.known for c in got.cites)  # stubs: not among the samples


def test_002_cites_and_implements_four(store: Store) -> None:
    got = lineage(store, "邹政字〔2024〕18号", _texts(store))
    expected = [
        "国办发〔2023〕37号",
        "国发〔2021〕20号",
        "济市监发〔2021〕10号",
        "鲁政办字〔2021〕78号",
    ]
    assert [c.doc_number for c in got.cites] == expected
    assert [c.doc_number for c in got.implements] == expected


def test_cited_document_sees_its_citer(store: Store) -> None:
    got = lineage(store, "鲁市监办字〔2019〕310号", _texts(store))
    assert [c.notice_id for c in got.cited_by] == ["n:枣市监中心字〔2019〕1号"]
    assert [c.notice_id for c in got.implemented_by] == ["n:枣市监中心字〔2019〕1号"]
    plain = lineage(store, "鲁政办字〔2019〕115号", _texts(store))
    assert len(plain.cited_by) == 1 and plain.implemented_by == []


def test_without_texts_falls_back_to_title(store: Store) -> None:
    # The samples' titles say 落实/实施 only inside 《》, so the title rule infers nothing.
    assert lineage(store, "枣市监中心字〔2019〕1号").implements == []


def test_quoted_title_does_not_count() -> None:
    text = "《关于实施行动的通知》已由省政府（鲁政办字〔2019〕115号）印发。"
    assert implements_in_text(text, "鲁政办字〔2019〕115号") is None
    assert (
        implements_in_text("为贯彻（鲁发〔2018〕9号）。", "鲁发〔2018〕9号")
        == "为贯彻（鲁发〔2018〕9号）"
    )
