"""Which stated numbers are targets someone must meet, and which findings are history.

A notice also prints application conditions (申报条件: 可推荐1-2个城市, 每万人口发明专利拥有量
不低于48.4件…取自统计) and subsidy amounts (每项给予100万元资金支持, 最高补贴6万元): numbers,
but nobody's target, so they are neither ownerless nor behind. A target whose period ended more
than a year ago with no report ever is history: shown as 提示, not as 严重.
"""

import datetime as dt
import re

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.progress.traffic import Status

CONDITION = re.compile(r"申报|推荐|可包括|取自.{0,20}统计|条件|资格")
SUBSIDY = re.compile(
    r"补贴|补助|资助|奖励|奖补|资金支持|给予.{0,12}支持|最高.{0,8}元|不超过[\d.]+万?元"
)
STALE_DAYS = 365
"""A period over for longer than this, never reported on, is history rather than a red light."""


def not_a_target(ctx: GapContext, node: str) -> str | None:
    """'申报条件' or '补助金额' when this Indicator states a condition or a subsidy, else None."""
    if ctx.kind(node) != "Indicator":
        return None
    words = [str(ctx.props(node).get("quote") or "")]
    for u, _, a in ctx.g.in_edges(node, data=True):
        if a.get("kind") == "CONTAINS" and ctx.kind(u) == "Task":
            t = ctx.props(u)
            words += [str(t.get("section_title") or ""), str(t.get("title") or "")]
    return not_a_target_words(words)


def not_a_target_words(words: list[str]) -> str | None:
    """not_a_target over an indicator's quote and its tasks' section titles and titles."""
    text = " ".join(words)
    if SUBSIDY.search(text):
        return "补助金额"
    if CONDITION.search(text):
        return "申报条件"
    return None


def is_stale(status: Status, as_of: dt.date) -> bool:
    """Ended over STALE_DAYS ago and never reported on: an old plan's number, not today's red."""
    return (
        status.actual is None and status.end is not None and (as_of - status.end).days > STALE_DAYS
    )
