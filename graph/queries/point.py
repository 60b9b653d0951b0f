"""Owners, duties, roll-ups and did-you-mean answered from a slice of the store, not its graph.

Each function gathers the rows one question reads (graph/store/slice.py) and returns a Store
view whose graph is that slice; `owners`, `responsibilities`, `rollup` and `did_you_mean` of
this package then run on it unchanged, so the answers are the whole graph's (the parity test
in tests/graph/queries/test_point.py compares every task, unit and table of the samples).

Each slice holds every node the question could match (a superset found by SQL: names, words,
table names), everything the question walks to from them, and every node a hand edit names.
"""

import json
from typing import Any

import networkx as nx

from dutygraph.graph.queries.names import UnitNames
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import PointStore, Slicer, Store, target_tables, targets_of
from dutygraph.graph.units import expand_abbreviation


def _item_candidates(sl: Slicer, text: str) -> list[str]:
    """Tasks and indicators `find_items` may match: by id, path or id ending, or words."""
    if " " in text:  # words may span title and name (joined by a space): take them all
        return sl.of_kind("Task", "Indicator")
    fields = " OR ".join(
        f"instr(coalesce(json_extract(props, '$.{k}'), ''), :t) > 0"
        for k in ("title", "name", "text")
    )
    rows = sl.conn.execute(
        "SELECT DISTINCT id FROM nodes WHERE kind IN ('Task', 'Indicator') AND (id = :t"
        " OR substr(id, -length(:t) - 1) = ':' || :t OR json_extract(props, '$.path') = :t"
        f" OR instr(label, :t) > 0 OR {fields})",
        {"t": text},
    )
    return [str(r[0]) for r in rows]


def _unit_candidates(sl: Slicer, name: str) -> list[str]:
    """Units `UnitNames.find` may match: by a row's label, alias or label ending."""
    names = sorted({name, expand_abbreviation(name)})
    if "" in names:
        return sl.of_kind("Unit")
    rows = sl.conn.execute(
        "SELECT DISTINCT nodes.id FROM nodes, json_each(:names) AS n WHERE kind = 'Unit' AND"
        " (label = n.value OR substr(label, -length(n.value)) = n.value OR EXISTS (SELECT 1"
        " FROM json_each(nodes.props, '$.aliases') AS a WHERE a.value = n.value))",
        {"names": json.dumps(names, ensure_ascii=False)},
    )
    return [str(r[0]) for r in rows]


def _with_notices(sl: Slicer) -> Store:
    """The slice with every Notice node (what the CLI names notices by), as a Store view."""
    sl.add(sl.of_kind("Notice"))
    return sl.view()


def owners_view(store: PointStore, text: str) -> Store:
    """A view answering `owners(view, text)`: the matching items, their owners (an indicator's
    through its task), the owners' groups and leaders, and the notices."""
    sl = Slicer(store)
    items = _item_candidates(sl, text)
    sl.add(items)
    direct = sl.into(items, "OWNS")
    parents = sl.into(items)
    units = direct | sl.into(parents - direct, "OWNS")
    sl.out(units)
    around = sl.into(units)
    leaders = {n for n, k in sl.kinds(around).items() if k == "Leader"}
    sl.out(leaders)
    return _with_notices(sl)


def duties_view(store: PointStore, name: str) -> Store:
    """A view answering `responsibilities(view, name)`: the units of that name, the collectives
    they belong to, what each of them owns, and the notices."""
    sl = Slicer(store)
    sl.add(_unit_candidates(sl, name))
    return units_view(store, UnitNames(sl.graph()).find(name), sl)


def units_view(store: PointStore, units: list[str], sl: Slicer | None = None) -> Store:
    """A view answering `unit_duties(view, u)` for these unit ids: the units, the collectives
    they belong to, what each of them owns, and the notices."""
    sl = sl or Slicer(store)
    sl.add(units)
    sl.upward(units, "MEMBER_OF")
    holders = {n for n, k in sl.kinds(sl.ids).items() if k == "Unit"}
    sl.out(holders, "OWNS")
    return _with_notices(sl)


def _region_units(store: PointStore, name: str) -> list[str]:
    """The units `find_units` gives for a region's name."""
    sl = Slicer(store)
    sl.add(_unit_candidates(sl, name))
    return UnitNames(sl.graph()).find(name)


def rollup_view(store: PointStore, indicator: str, region: str | None) -> Store:
    """A view answering `rollup(view, indicator, region, period)`: every Target of the tables
    that name matches, their units and the regions above them, the notices' indicators, and
    the reports and enterprises counted toward those targets."""
    sl = Slicer(store)
    tables = target_tables(store)
    wanted = {t for t in tables if t == indicator} or {t for t in tables if indicator in t}
    rows = targets_of(store, wanted)
    if region is not None and not sl.partners:
        # Only the notices with a target at or under the region can have a cell in the answer;
        # each keeps all its targets of these tables (sums, 合计, widest period, headline).
        # With merged units (hand edits) a target's unit is only known after the replay.
        under = set(_region_units(store, region))
        todo, down = set(under), Slicer(store)
        while todo:
            todo = down.into(todo, "PART_OF") - under
            under |= todo
        notices = {n for _, n, u in rows if u in under}
        rows = [r for r in rows if r[1] in notices]
    targets = {r[0] for r in rows}
    units = {r[2] for r in rows}
    sl.add(targets | units)
    if region is not None:
        sl.add(_unit_candidates(sl, region))
    sl.upward(units | {n for n, k in sl.kinds(sl.ids).items() if k == "Unit"}, "PART_OF")
    of_notices = json.dumps(sorted({r[1] for r in rows}), ensure_ascii=False)
    sl.add(
        str(r[0])
        for r in sl.conn.execute(
            "SELECT DISTINCT id FROM nodes WHERE kind = 'Indicator' AND json_valid(props) AND"
            " json_extract(props, '$.notice') IN (SELECT value FROM json_each(?))",
            (of_notices,),
        )
    )
    first = sl.conn.execute(
        "SELECT min(id) FROM nodes WHERE kind IN ('Report', 'Enterprise')"
    ).fetchone()[0]
    if first is not None:
        # Actuals are attached once the store holds any report or enterprise; this one (its
        # item perhaps out of the slice, then skipped as in the whole graph) says it does.
        sl.add([str(first)])
        sl.into(targets, "REPORTS", "CONTRIBUTES_TO")
    return sl.view()


_POOL_KINDS: dict[What, tuple[str, ...]] = {
    "unit": ("Unit",),
    "item": ("Task", "Indicator"),
    "notice": ("Notice",),
}


def name_pool(store: PointStore, what: What) -> Any:
    """A graph holding what `did_you_mean(g, text, what)` chooses from, in the store's order."""
    if what == "table":
        # One stand-in Target per table, in the order the first of its targets has in the graph.
        g = nx.MultiDiGraph()
        rows = store.conn.execute(
            "SELECT json_extract(props, '$.table') AS t, min(id) AS first FROM nodes"
            " WHERE kind = 'Target' AND json_valid(props) GROUP BY t ORDER BY first"
        )
        for table, first in rows:
            g.add_node(str(first), kind="Target", label="", props={"table": table})
        return g
    sl = Slicer(store)
    sl.add(sl.of_kind(*_POOL_KINDS[what]))
    return sl.graph()
