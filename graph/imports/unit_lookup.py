"""Find the Unit nodes a name written in a spreadsheet means, as notices' names are resolved.

A name is resolved (graph.units.resolve) within the jurisdiction of each candidate notice — by
default the notices that own the matching targets — and must then exist as a Unit node, by
full name or as a spelling a notice used (各塔埠街道 for 垎塔埠街道). An unknown name is the
caller's row problem, never a new node.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from dutygraph.graph.model import unit_id
from dutygraph.graph.queries import did_you_mean, hint_zh
from dutygraph.graph.units import Jurisdiction, jurisdiction_of, resolve


class UnitLookup:
    """Units and notice jurisdictions of one graph snapshot."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.jurisdictions: dict[str, Jurisdiction] = {}
        """Parse notice id -> the jurisdiction its issuer sets."""
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        for n, a in g.nodes(data=True):
            kind, p = a.get("kind"), a.get("props", {})
            if kind == "Notice" and not p.get("stub") and p.get("notice"):
                self.jurisdictions[str(p["notice"])] = jurisdiction_of(p.get("issuer"))
            elif kind == "Unit":
                for alias in p.get("aliases", []):
                    self.by_alias[str(alias)].append(str(n))

    def label(self, node: str) -> str:
        return str(self.g.nodes[node].get("label", node))

    def within(self, written: str, j: Jurisdiction) -> str | None:
        """The Unit node `written` names inside `j`, or None."""
        uid = unit_id(resolve(written, j).full)
        if uid in self.g and self.g.nodes[uid].get("kind") == "Unit":
            return uid
        same_place = [
            u
            for u in self.by_alias.get(written, [])
            if self.g.nodes[u]["props"].get("jurisdiction") == j.full
        ]
        return same_place[0] if len(same_place) == 1 else None

    def find(self, written: str, notices: Iterable[str] | None = None) -> list[str]:
        """Unit ids `written` names in the jurisdictions of `notices` (default: all notices)."""
        wanted = (
            self.jurisdictions
            if notices is None
            else {n: self.jurisdictions[n] for n in notices if n in self.jurisdictions}
        )
        found: list[str] = []
        for j in {j.full: j for j in wanted.values()}.values():
            uid = self.within(written.strip(), j)
            if uid is not None and uid not in found:
                found.append(uid)
        return sorted(found)

    def not_one(
        self, found: list[str], column: str, written: str, noun: str, en: str
    ) -> str | None:
        """None when `found` is one unit; else the row problem: `written` unknown or ambiguous."""
        if len(found) == 1:
            return None
        if not found:
            hint = near_hint(did_you_mean(self.g, written, "unit"))
            return f"{column}“{written}”不是已导入通知中的{noun}{hint} (unknown {en})"
        return (
            f"{column}“{written}”有多个可能：{'、'.join(self.label(u) for u in found)} (ambiguous)"
        )

    def places(self, notices: Iterable[str]) -> str:
        """The jurisdictions of `notices`, for messages: 枣庄市市中区."""
        names = sorted({self.jurisdictions[n].full for n in notices if n in self.jurisdictions})
        return "、".join(x for x in names if x) or "全国"


def near_hint(near: list[str]) -> str:
    """'，您是不是要找：税郭镇？' after a row's reason, or '' when no name is near."""
    return f"，{hint_zh(near)}" if near else ""


def node_props(g: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The props of a node of the embedded graph shape."""
    p: dict[str, Any] = g.nodes[node].get("props", {})
    return p
