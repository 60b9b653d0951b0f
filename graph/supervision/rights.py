"""Who may do what to which item: the one rule the CLI, GraphQL and the pages all ask.

The office (督查室) may do everything within its jurisdiction; a unit reads, and writes
(签收, 反馈, 进度) only for items it owns directly or through a collective such as 各镇街; a
leader reads only. Editing owners, merging units, closing, reminding and accounts are the office's.
"""

from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from dutygraph.graph.supervision.accounts import ROLE_ZH, Account
from dutygraph.graph.supervision.errors import Forbidden

Action = Literal[
    "read",
    "acknowledge",
    "report",
    "close",
    "remind",
    "edit_owners",
    "merge_units",
    "import",
    "manage_accounts",
]
ACTION_ZH: dict[str, str] = {
    "read": "查看",
    "acknowledge": "签收",
    "report": "报送进展",
    "close": "办结",
    "remind": "催办",
    "edit_owners": "修改责任单位",
    "merge_units": "合并单位",
    "import": "导入",
    "manage_accounts": "管理账号",
}
UNIT_WRITES: frozenset[str] = frozenset({"acknowledge", "report"})


@dataclass(frozen=True)
class Subject:
    """An item as the rule sees it: its id, label, the units that answer for it, their places.

    `owners` holds the direct owners and, for a collective (各镇街), its member units; `places`
    the jurisdictions and names of the direct owners.
    """

    item: str
    label: str
    owners: frozenset[str]
    places: frozenset[str]


def members(g: nx.MultiDiGraph, unit: str) -> set[str]:
    """The units that belong to `unit`, transitively (各镇街 -> 税郭镇, 孟庄镇, …)."""
    seen: set[str] = set()
    todo = [unit]
    while todo:
        cur = todo.pop()
        for src, _, a in g.in_edges(cur, data=True):
            if a.get("kind") == "MEMBER_OF" and g.nodes[src].get("kind") == "Unit":
                if src not in seen:
                    seen.add(src)
                    todo.append(src)
    return seen


def direct_owners(g: nx.MultiDiGraph, item: str) -> list[tuple[str, str]]:
    """(unit id, role) of the OWNS edges into `item` (an indicator inherits its task's)."""
    rows = [
        (str(u), str(a.get("props", {}).get("role", "owner")))
        for u, _, a in g.in_edges(item, data=True)
        if a.get("kind") == "OWNS"
    ]
    if not rows and g.nodes[item].get("kind") == "Indicator":
        for parent in g.predecessors(item):
            if g.nodes[parent].get("kind") == "Task":
                rows += direct_owners(g, str(parent))
    return sorted(set(rows))


def subject_of(g: nx.MultiDiGraph, item: str) -> Subject:
    """The Subject of a task, indicator or target id of graph `g`."""
    owners: set[str] = set()
    direct = [uid for uid, _ in direct_owners(g, item)]
    for uid in direct:
        owners.add(uid)
        owners |= members(g, uid)
    # Where the item sits is where its direct owners sit: a city task handed to 各区（市）局
    # is the city's, even though one member bureau is in the district.
    places: set[str] = set()
    for uid in direct:
        p: dict[str, Any] = g.nodes[uid].get("props", {})
        places.add(str(p.get("jurisdiction") or ""))
        places.add(str(g.nodes[uid].get("label", "")))
    places.discard("")
    label = str(g.nodes[item].get("label", item))
    return Subject(item, label, frozenset(owners), frozenset(places))


def unit_subject(g: nx.MultiDiGraph, unit: str, item: str) -> Subject:
    """A write about one unit's own number or status on `item`: only that unit answers for it."""
    p: dict[str, Any] = g.nodes[unit].get("props", {}) if unit in g else {}
    label = str(g.nodes[item].get("label", item)) if item in g else item
    places = {
        str(p.get("jurisdiction") or ""),
        str(g.nodes[unit].get("label", "")) if unit in g else "",
    }
    places.discard("")
    return Subject(item, label, frozenset({unit}), frozenset(places))


def _in_jurisdiction(account: Account, subject: Subject | None) -> bool:
    if not account.jurisdiction or subject is None:
        return True
    return any(account.jurisdiction in place for place in subject.places)


def may(account: Account, action: Action, subject: Subject | None = None) -> bool:
    """May `account` do `action` to `subject` (None: no particular item, e.g. an import)?"""
    if account.revoked:
        return False
    if action == "read":
        return True
    if account.role == "office":
        return _in_jurisdiction(account, subject)
    if account.role == "unit" and action in UNIT_WRITES and subject is not None:
        return account.unit_id in subject.owners
    return False


def require(account: Account, action: Action, subject: Subject | None = None) -> None:
    """Raise Forbidden, with one Chinese line naming who, what and which item, unless `may`."""
    if may(account, action, subject):
        return
    what = ACTION_ZH[action]
    if account.role == "leader":
        why = "领导账号只能查看"
    elif account.role == "unit" and action not in UNIT_WRITES:
        why = f"{what}由督查室办理"
    elif account.role == "unit":
        why = "只能为本单位承担的任务报送"
    else:
        why = "不在本账号的管辖范围内"
    on = f"“{subject.label}”" if subject else ""
    raise Forbidden(f"{account.name}（{ROLE_ZH[account.role]}）无权{what}{on}：{why} (forbidden)")
