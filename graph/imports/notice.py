"""Import one notice's text into any backend with the CLI's reader: parse, then load atomically."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dutygraph.graph.model import indicator_id, notice_node_id, task_id
from dutygraph.schema import ParseResult, ParseWarning

if TYPE_CHECKING:
    from dutygraph.graph.backends import GraphBackend


@dataclass(frozen=True)
class Imported:
    """What one import created: the notice's ids, its task and indicator ids, and warnings."""

    notice_id: str
    notice_node_id: str
    title: str | None
    task_ids: list[str]
    indicator_ids: list[str]
    warnings: list[ParseWarning]


def import_text(backend: "GraphBackend", text: str, filename: str) -> Imported:
    """Read `text` as the notice file `filename` and load it (replacing an earlier import).

    The reader's NoticeError (empty, binary-looking text) is raised before the store is touched;
    a failed load rolls back, so the store is unchanged either way.
    """
    from dutygraph.loaders import parse_bytes  # the readers (~0.5 s of imports) on first use

    return import_parsed(backend, parse_bytes(text.encode("utf-8"), filename))


def import_parsed(backend: "GraphBackend", result: ParseResult) -> Imported:
    """Load a notice already read (the server reads it off its event loop first)."""
    backend.load([result])
    n = result.notice
    return Imported(
        n.id,
        notice_node_id(n.doc_number, n.id),
        n.title,
        [task_id(t.id) for t in result.tasks],
        [indicator_id(i.id) for i in result.indicators],
        list(result.warnings),
    )
