"""Questions asked of the embedded store: owners and duties, roll-ups (with actuals), lineage, impact, browse, export.

Reads graph.store; never writes, never imports backends, imports, gaps or views."""

from dutygraph.graph.queries.actuals import Actuals, sum_known
from dutygraph.graph.queries.browse import (
    SEARCH_KINDS,
    IndicatorInfo,
    NodeFilter,
    NodeInfo,
    Page,
    SearchHit,
    TaskInfo,
    UnitInfo,
    duties_of,
    get_nodes,
    node_info,
    one_unit,
    owners_of,
    search_hit,
)
from dutygraph.graph.queries.export import FORMATS, Format
from dutygraph.graph.queries.impact import Impact, ImpactNode, Level
from dutygraph.graph.queries.lineage import (
    BASIS,
    Lineage,
    Link,
    notice_names,
    notice_query,
    notices_named,
)
from dutygraph.graph.queries.names import UnitNames, unit_names
from dutygraph.graph.queries.owners import (
    Duty,
    OwnerRow,
    Owners,
    find_items,
    find_units,
    gather_duties,
    merge_duties,
    owner_rows,
    owners,
    responsibilities,
    unit_duties,
    units_named,
)
from dutygraph.graph.queries.point import (
    duties_view,
    name_pool,
    owners_view,
    rollup_view,
    units_view,
)
from dutygraph.graph.queries.rollup import Rollup, make_rollup, match_headline, norm_period, rollup
from dutygraph.graph.queries.rollup_index import RollupIndex
from dutygraph.graph.queries.suggest import did_you_mean, hint_zh

__all__ = [
    "Actuals",
    "BASIS",
    "Duty",
    "FORMATS",
    "Format",
    "Impact",
    "ImpactNode",
    "IndicatorInfo",
    "Level",
    "Lineage",
    "Link",
    "NodeFilter",
    "NodeInfo",
    "OwnerRow",
    "Owners",
    "Page",
    "Rollup",
    "RollupIndex",
    "SEARCH_KINDS",
    "SearchHit",
    "TaskInfo",
    "did_you_mean",
    "duties_of",
    "duties_view",
    "hint_zh",
    "UnitInfo",
    "find_items",
    "find_units",
    "gather_duties",
    "get_nodes",
    "make_rollup",
    "match_headline",
    "merge_duties",
    "name_pool",
    "node_info",
    "norm_period",
    "notice_names",
    "notice_query",
    "notices_named",
    "one_unit",
    "owner_rows",
    "owners",
    "owners_of",
    "owners_view",
    "responsibilities",
    "rollup",
    "rollup_view",
    "search_hit",
    "sum_known",
    "unit_duties",
    "units_named",
    "units_view",
    "UnitNames",
    "unit_names",
]
