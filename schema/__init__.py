"""The records dutygraph reads from notices: the project's one vocabulary."""

from dutygraph.schema.allocation import StatedTotal, Target
from dutygraph.schema.deadline import Deadline
from dutygraph.schema.indicator import Indicator
from dutygraph.schema.notice import NoticeMeta
from dutygraph.schema.parse import ParseResult
from dutygraph.schema.people import Contact, Group, Leader
from dutygraph.schema.provenance import Source
from dutygraph.schema.task import Owner, Task
from dutygraph.schema.warning import ParseWarning

__all__ = [
    "Contact",
    "Deadline",
    "Group",
    "Indicator",
    "Leader",
    "NoticeMeta",
    "Owner",
    "ParseResult",
    "ParseWarning",
    "Source",
    "StatedTotal",
    "Target",
    "Task",
]
