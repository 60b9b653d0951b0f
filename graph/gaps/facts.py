"""The numbers gap findings are made from, as either store computes them.

The embedded store reads them off its networkx graph (graph.gaps.numbers / owners / progress);
Neo4j aggregates them on the server (graph/backends/neo4j/gaps.py). The same builders turn them
into findings, so the Chinese lines, severities and numbers are written once.
"""

import datetime as dt
from dataclasses import dataclass, field

from dutygraph.graph.gaps.finding import EntityRef
from dutygraph.graph.store import Orphan


@dataclass(frozen=True)
class Column:
    """One column (notice, table, measure, period) of an allocation table: its rows' sum,
    its 合计 and the headline indicator it breaks down (004: 专利开放许可 200 vs 165)."""

    notice: str
    table: str
    measure: str | None
    period: str
    computed: float
    """The rows' values summed exactly (math.fsum: the same on both stores in any order)."""
    rows: int
    townships: bool
    """Every row is a township (the finding then says 各镇街分解合计); the embedded store
    works it out only for columns with a headline, the only ones whose finding says it."""
    first: str
    """The column's smallest target id (the finding's Table entity)."""
    stated: float | None = None
    stated_id: str | None = None
    """The 合计 cell (the first in id order), and its label."""
    stated_label: str = ""
    headline: tuple[str, float] | None = None
    head_id: str | None = None
    """The headline Indicator, and its label (ids, not EntityRefs: ~10^4 columns a province)."""
    head_label: str = ""


@dataclass(frozen=True)
class ReportTotal:
    """A progress file's 合计 row for one table and period, and the sum of the same rows."""

    file: str
    notice: str
    table: str
    period: str
    ref: EntityRef
    stated: float
    summed: float
    measure: str


@dataclass(frozen=True)
class BareTask:
    """A task with no OWNS edge."""

    ref: EntityRef
    path: str
    notice: str | None


@dataclass(frozen=True)
class BareIndicator:
    """An indicator owned neither directly nor through its task, nor broken down by a table."""

    ref: EntityRef
    name: object
    value: float | None
    """As stored (an int stays an int: number_zh prints it so)."""
    measure: object
    notice: str | None
    words: list[str]
    """Its quote and its tasks' section titles and titles (relevance.not_a_target_words)."""


@dataclass(frozen=True)
class Recurring:
    """A recurring report obligation (每半年报送…): who owes it and what each has reported."""

    deadline: EntityRef
    notice: str
    what: str
    dates: list[str]
    start: dt.date
    plan_end: dt.date | None
    obliged: list[EntityRef]
    """Sorted by id."""
    received: dict[str, list[dt.date]] = field(default_factory=dict)
    """Unit id -> the dates its reports were received."""


@dataclass(frozen=True)
class UnitName:
    """A unit as the names check reads it: its merged spellings, its place, and for a
    collective (各镇街) how many items it owns and whether any unit is its member."""

    ref: EntityRef
    aliases: list[str]
    jurisdiction: str
    collective: bool
    owned: int = 0
    """Items it OWNS directly (stated 合计 cells excluded); counted for collectives only."""
    members: bool = False


@dataclass(frozen=True)
class Staffed:
    """A unit owning work (directly or through its collectives) and the people named for it."""

    ref: EntityRef
    items: int
    notices: list[str]
    """The distinct notices of its items."""
    people: list[tuple[str, str]]
    """(name, role) of each named Leader attached to it (MEMBER_OF or LEADS)."""


@dataclass(frozen=True)
class Load:
    """The tasks of one notice per owning unit (collectives and regions left out)."""

    notice: str
    tasks: list[tuple[EntityRef, int]]
    """Sorted by unit id."""


@dataclass(frozen=True)
class OrphanEnd:
    """A kept fact whose other end is gone, with the end still present (if any)."""

    orphan: Orphan
    present: EntityRef | None
    value: object = None
    notice: object = None
