"""Graph vocabulary: node and edge kinds, and the deterministic ids that make re-loads idempotent."""

import hashlib
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

NodeKind = Literal[
    "Notice",
    "Task",
    "Indicator",
    "Unit",
    "Group",
    "Leader",
    "Target",
    "Deadline",
    "Enterprise",
    "Report",
]
EdgeKind = Literal[
    "OWNS",
    "CONTAINS",
    "MEMBER_OF",
    "LEADS",
    "PART_OF",
    "CONTRIBUTES_TO",
    "CITES",
    "IMPLEMENTS",
    "FORWARDS",
    "ISSUED_BY",
    "ADDRESSED_TO",
    "LOCATED_IN",
    "REPORTS",
    "REPORTED_BY",
]
EDGE_KINDS: tuple[EdgeKind, ...] = typing.get_args(EdgeKind)
NODE_KINDS: tuple[NodeKind, ...] = (
    "Notice",
    "Task",
    "Indicator",
    "Unit",
    "Group",
    "Leader",
    "Target",
    "Deadline",
    "Enterprise",
    "Report",
)


@dataclass(frozen=True)
class Node:
    """One node as a notice states it; props must be JSON-serialisable."""

    id: str
    kind: NodeKind
    label: str
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Edge:
    """A directed fact src -> dst; `key` tells parallel edges of one kind apart (e.g. the role)."""

    src: str
    dst: str
    kind: EdgeKind
    key: str = ""
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def edge_key(self) -> str:
        """The networkx multi-edge key: kind plus discriminator."""
        return f"{self.kind}:{self.key}" if self.key else self.kind


@dataclass
class Facts:
    """Everything one notice contributes to the graph, plus the unit-name merges it caused."""

    notice_id: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    merges: list["Merge"] = field(default_factory=list)


@dataclass(frozen=True)
class Merge:
    """A near-duplicate unit name folded into its common spelling, kept for review."""

    notice_id: str
    jurisdiction: str
    variant: str
    canonical: str
    line: int


def _short(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def notice_node_id(doc_number: str | None, notice_id: str) -> str:
    """By 发文字号 when known, so a citation and the cited notice meet in one node."""
    return f"n:{doc_number}" if doc_number else f"n:{notice_id}"


def unit_id(full_name: str) -> str:
    """u: + the resolved full name, e.g. u:枣庄市市中区市场监督管理局."""
    return f"u:{full_name}"


def task_id(parsed_task_id: str) -> str:
    return f"t:{parsed_task_id}"


def indicator_id(parsed_indicator_id: str) -> str:
    return f"i:{parsed_indicator_id}"


def group_id(full_name: str) -> str:
    return f"g:{full_name}"


def leader_id(group: str, who: str, role: str) -> str:
    return f"l:{_short(group + '|' + who + '|' + role)}"


def target_id(notice_id: str, table: str, unit: str, period: str) -> str:
    """One cell of an allocation table: notice, table, resolved unit, period."""
    return f"tg:{notice_id}:{_short(table + '|' + unit + '|' + period)}"


def deadline_id(notice_id: str, line: int, what: str) -> str:
    """A due date stated by a notice: notice, line and words (one line may state two)."""
    return f"d:{notice_id}:{_short(str(line) + '|' + what)}"


def enterprise_id(uscc: str | None, name: str) -> str:
    """e: + the 统一社会信用代码 when known, else the name, so two files meet in one node."""
    return f"e:{uscc}" if uscc else f"e:{name}"


def report_id(source: str, unit: str, item: str, period: str) -> str:
    """One reported value: import source, unit, indicator or target, period."""
    return f"r:{source}:{_short(unit + '|' + item + '|' + period)}"
