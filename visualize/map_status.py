"""Traffic lights on a map: the graph node each drawn node stands for, and its light at a date.

Most drawn nodes are graph nodes (tasks, indicators, units, a unit card's duties); a roll-up
township stands for its cell of that table and period, and the total for the 合计 cell. The
colours come from graph.traffic over one snapshot (with the supervision loop's task status
once the office runs it: overdue, unreported, 已办结); grey (nothing to measure) is left undrawn.
"""

import datetime as dt
from collections.abc import Iterable, Mapping

import networkx as nx

from dutygraph.graph.model import unit_id
from dutygraph.graph.progress import Lights, lights_at
from dutygraph.graph.queries import Rollup
from dutygraph.graph.views import NoticeView, Organisation, UnitCard
from dutygraph.visualize.nodes import Status
from dutygraph.visualize.rollup_map import total_node
from dutygraph.visualize.style import STATUS_FILL


def map_status(
    g: nx.MultiDiGraph,
    nodes: Mapping[str, str],
    as_of: dt.date,
    lights: Lights | None = None,
    unit: str | None = None,
) -> Status:
    """Drawn node id -> green/yellow/red of the graph node it stands for, at `as_of`
    (from `lights` when given: graph.supervision's, with the loop's task status). On a unit's
    map (`unit`) a task shows that unit's own task × unit light."""
    lights = lights or lights_at(g, as_of)
    out: Status = {}
    for drawn, node in nodes.items():
        if node not in g:
            continue
        colour = (lights.status_for(node, unit) if unit else lights.status(node)).colour
        if colour in STATUS_FILL:
            out[drawn] = colour
    return out


def _same(ids: Iterable[str]) -> dict[str, str]:
    return {i: i for i in ids}


def org_nodes(org: Organisation) -> dict[str, str]:
    """The units of an organisation map (office, members, those under them, the region)."""
    return _same(org.units)


def notice_nodes(view: NoticeView) -> dict[str, str]:
    """The tasks, indicators and owning units of a task map."""
    tasks = [t for s in view.sections for t in s.tasks]
    ids = [t.id for t in tasks] + [i.id for i in view.indicators]
    ids += [i.id for t in tasks for i in t.indicators] + [
        o.unit.id for t in tasks for o in t.owners
    ]
    return _same(ids)


def card_nodes(card: UnitCard) -> dict[str, str]:
    """The unit, its collectives and regions, and every duty of a unit card."""
    ids = [card.unit.id] + [c.id for c in card.collectives] + [p.id for p in card.parents]
    return _same(ids + [d.id for d in card.duties])


def rollup_nodes(r: Rollup) -> dict[str, str]:
    """Each township node -> its cell of the table and period; the total -> the 合计 cell."""
    out = {unit_id(label): r.cell_id(label) for label, _ in r.children}
    if r.region and r.stated is not None:
        out[total_node(r)] = r.cell_id(r.region)
    return out
