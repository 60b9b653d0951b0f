"""What the maps draw, as plain records: a group's organisation, a notice's tasks, a unit card, the catalog.

Read from snapshot graphs (both stores) through graph.queries; visualize draws them."""

from dutygraph.graph.views.notice import IndicatorRef, NoticeView, notice_view
from dutygraph.graph.views.org import Organisation, find_groups, organisation
from dutygraph.graph.views.refs import Ref, attrs
from dutygraph.graph.views.unit_card import DutyItem, UnitCard

__all__ = [
    "DutyItem",
    "IndicatorRef",
    "NoticeView",
    "Organisation",
    "Ref",
    "UnitCard",
    "attrs",
    "find_groups",
    "notice_view",
    "organisation",
]
