"""Two notices must not silently become one: a load that would replace another notice's facts
(the same notice id, a different title or issuer) is refused unless the caller says replace."""

from collections.abc import Iterable
from typing import Any

from dutygraph.graph.errors import GraphError
from dutygraph.graph.model import Facts


class NoticeClash(GraphError, ValueError):
    """Loading `file` would replace the facts of another notice that has the same id."""

    def __init__(self, notice_id: str, file: str, title: str, other_title: str, other: str) -> None:
        self.notice_id = notice_id
        super().__init__(
            f"{file}: notice id {notice_id} already belongs to 《{other_title}》 ({other}); loading"
            f" 《{title}》 would replace its facts. If it is a corrected version, load it again"
            " with --replace"
        )


def _same(a: str | None, b: str | None) -> bool:
    return "".join((a or "").split()) == "".join((b or "").split())


def _head(node_label: str, props: dict[str, Any]) -> tuple[str, str, str]:
    return node_label, str(props.get("issuer") or ""), str(props.get("file") or "")


def heads_of_graph(g: Any) -> dict[str, tuple[str, str, str]]:
    """Notice id -> (title, issuer, file) of every loaded notice of a graph (embedded shape)."""
    out = {}
    for _, a in g.nodes(data=True):
        p = a.get("props", {})
        if a.get("kind") == "Notice" and p.get("notice") and not p.get("stub"):
            out[str(p["notice"])] = _head(str(a.get("label")), p)
    return out


def _heads_of_batch(batch: Iterable[Facts]) -> list[tuple[str, tuple[str, str, str]]]:
    return [
        (f.notice_id, _head(n.label, n.props))
        for f in batch
        for n in f.nodes
        if n.kind == "Notice" and n.props.get("notice") == f.notice_id and not n.props.get("stub")
    ]


def check_replacing(known: dict[str, tuple[str, str, str]], batch: list[Facts]) -> None:
    """NoticeClash when a notice of `batch` has the id of another notice, in the store or in
    the batch itself, whose title or issuer differs."""
    seen = dict(known)
    for nid, (title, issuer, file) in _heads_of_batch(batch):
        other = seen.get(nid)
        if other is not None and not (_same(other[0], title) and _same(other[1], issuer)):
            raise NoticeClash(nid, file, title, other[0], other[2])
        seen[nid] = (title, issuer, file)
