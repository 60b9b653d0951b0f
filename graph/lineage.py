"""Which documents a notice cites and implements, and which notices cite or implement it.

The store holds CITES edges (Notice -> Notice, keyed by 发文字号) but no IMPLEMENTS edges, so
IMPLEMENTS is derived here, per CITES edge:

- from the citing notice's text, when given: the sentence holding the cited number says
  贯彻/落实/实施 before the number (text inside 《》 ignored, so a quoted title such as
  《关于实施…》 does not count) — e.g. 000: "为认真贯彻落实…（鲁市监办字〔2019〕310号）文件精神";
- else from the citing notice's title: it says 贯彻/落实/实施 outside 《》 (a weaker guess).

Each derived link carries its `basis` ("text: <sentence>" or "title") so a reader can check it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dutygraph.graph.store import Store

VERBS = re.compile("贯彻|落实|实施")
_QUOTED = re.compile("《[^》]*》")
_SENTENCE_END = re.compile("[。；;\n]")


@dataclass(frozen=True)
class Link:
    """One notice-to-document relation; `basis` says why IMPLEMENTS was inferred."""

    notice_id: str
    label: str
    doc_number: str | None
    known: bool
    basis: str | None = None


@dataclass(frozen=True)
class Lineage:
    """A notice's upstream (cites, implements) and downstream (cited_by, implemented_by)."""

    notice_id: str
    label: str
    doc_number: str | None
    cites: list[Link] = field(default_factory=list)
    implements: list[Link] = field(default_factory=list)
    cited_by: list[Link] = field(default_factory=list)
    implemented_by: list[Link] = field(default_factory=list)


def implements_in_text(text: str, doc_number: str) -> str | None:
    """The sentence showing `text` implements `doc_number`, else None.

    >>> implements_in_text("为认真贯彻《方案》（鲁发〔2018〕9号）精神，制定本措施。", "鲁发〔2018〕9号")
    '为认真贯彻《方案》（鲁发〔2018〕9号）精神，制定本措施'
    """
    start = 0
    while (at := text.find(doc_number, start)) >= 0:
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
        end_m = _SENTENCE_END.search(text, at)
        end = end_m.start() if end_m else len(text)
        if VERBS.search(_QUOTED.sub("", text[begin:at])):
            return text[begin:end].strip()
        start = at + len(doc_number)
    return None


def _implements_by_title(title: str) -> bool:
    return bool(VERBS.search(_QUOTED.sub("", title)))


def _attrs(store: Store, node_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = store.graph.nodes[node_id]
    return attrs


def find_notices(store: Store, text: str) -> list[str]:
    """Notice node ids by node id, 发文字号, parse id, file name, else words of the title."""
    notices = [n for n, a in store.graph.nodes(data=True) if a["kind"] == "Notice"]
    for key in ("id", "doc_number", "notice", "file"):
        hits = [
            n for n in notices if (n if key == "id" else _attrs(store, n)["props"].get(key)) == text
        ]
        if hits:
            return sorted(hits)
    return sorted(n for n in notices if text in _attrs(store, n)["label"])


def _implements_basis(
    store: Store, citer: str, cited: str, texts: Mapping[str, str] | None
) -> str | None:
    a = _attrs(store, citer)
    number = _attrs(store, cited)["props"].get("doc_number") or cited.removeprefix("n:")
    text = None
    if texts is not None:
        for key in (citer, a["props"].get("doc_number"), a["props"].get("notice")):
            if key and key in texts:
                text = texts[key]
                break
    if text is not None:
        sentence = implements_in_text(text, number)
        return f"text: {sentence}" if sentence else None
    return "title" if _implements_by_title(a["label"]) else None


def _link(store: Store, node_id: str, basis: str | None = None) -> Link:
    a = _attrs(store, node_id)
    p = a["props"]
    return Link(node_id, a["label"], p.get("doc_number"), not p.get("stub", False), basis)


def lineage(store: Store, notice: str, texts: Mapping[str, str] | None = None) -> Lineage:
    """CITES and (derived) IMPLEMENTS around one notice, found by `find_notices`.

    `texts` maps a notice's node id, 发文字号 or parse id to its full text; without it IMPLEMENTS
    falls back to the title rule. Raises LookupError when no notice matches.
    """
    found = find_notices(store, notice)
    if not found:
        raise LookupError(f"no notice matches {notice!r}")
    nid = found[0]
    g = store.graph
    out = _link(store, nid)
    result = Lineage(nid, out.label, out.doc_number)
    for _, cited, k in sorted(g.out_edges(nid, keys=True)):
        if k == "CITES":
            basis = _implements_basis(store, nid, cited, texts)
            result.cites.append(_link(store, cited))
            if basis:
                result.implements.append(_link(store, cited, basis))
    for citer, _, k in sorted(g.in_edges(nid, keys=True)):
        if k == "CITES":
            basis = _implements_basis(store, citer, nid, texts)
            result.cited_by.append(_link(store, citer))
            if basis:
                result.implemented_by.append(_link(store, citer, basis))
    return result
