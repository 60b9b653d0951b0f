"""Traffic lights: is a target, indicator, task or unit on track at a given date?

A target's expected value is its value pro-rated by the share of its period gone by
(2024 target 5, as of 1 July: ~2.5). Against the actual (graph.actuals):
  green  — done, or at or above the pro-rated value, and not due within DUE_SOON_DAYS;
  yellow — behind the pro-rated value, nothing reported yet, or due within DUE_SOON_DAYS;
  red    — the period is over and the target not met, or below RED_SHARE of the pro-rated value;
  grey   — nothing to measure yet (the period has not started, or no number or period).
A task or unit takes the worst light of what it contains or owns.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from dutygraph.graph.derived import nodes_by_kind, per_graph
from dutygraph.graph.queries import Actuals, match_headline, sum_known
from dutygraph.loaders.numbers import number_zh, rounded
from dutygraph.loaders.sheets import Period, parse_period

Colour = Literal["green", "yellow", "red", "grey"]
COLOURS_ZH: dict[str, str] = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "未开始"}
RANK: dict[str, int] = {"grey": 0, "green": 1, "yellow": 2, "red": 3}

# Less than half of what the calendar says should be done: without intervention the rest
# rarely fits in the time left, so the office should act now, not at the next review.
RED_SHARE = 0.5
# The window for "due soon": one month, the usual interval between 调度会.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Status:
    """A node's light at `as_of`, with the numbers behind it and one Chinese line."""

    node: str
    colour: Colour
    target: float | None = None
    actual: float | None = None
    expected: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    explanation_zh: str = ""


def light(
    node: str,
    name: str,
    target: float,
    actual: float | None,
    span: Period,
    as_of: dt.date,
    measure: str = "",
    comparator: str = ">=",
) -> Status:
    """The rule of the module docstring for one number over one period."""
    got = actual or 0.0
    start, end = span.start, span.end
    unreported = "（未报送进度）" if actual is None else ""
    if as_of < start:
        text = f"{name}：期间{span.name}尚未开始。"
        return Status(node, "grey", target, actual, None, start, end, text)
    if comparator == "<=":  # a ceiling (不超过): only exceeding it is a problem
        ok = got <= target
        colour: Colour = "green" if ok else "red"
        text = f"{name}：上限{number_zh(target)}{measure}，实际{number_zh(got)}{measure}。"
        return Status(node, colour, target, actual, target, start, end, text)
    # A rate (90%) is not accumulated over time: compare it with the target itself.
    # Rounded once here, so the GraphQL field, the maps and the gap lines say the same number.
    expected = target if measure == "%" else rounded(target * span.elapsed(as_of))
    days_left = (end - as_of).days
    head = f"{name}：目标{number_zh(target)}{measure}，实际{number_zh(got)}{measure}{unreported}"
    if got >= target:
        colour, why = "green", "已完成。"
    elif as_of > end:
        colour, why = (
            "red",
            f"期限{end.isoformat()}已过，尚差{number_zh(target - got)}{measure}。",
        )
    elif actual is None:  # no report is not yet evidence of no progress: the deadline decides
        colour, why = "yellow", f"按时间进度应完成{number_zh(expected)}{measure}，尚无进度报告。"
    elif got < RED_SHARE * expected:
        colour = "red"
        why = f"按时间进度应完成{number_zh(expected)}{measure}，不足一半。"
    elif got < expected:
        colour, why = "yellow", f"按时间进度应完成{number_zh(expected)}{measure}，进度滞后。"
    elif days_left <= DUE_SOON_DAYS:
        colour, why = "yellow", f"{days_left}天后到期（{end.isoformat()}），尚未完成。"
    else:
        colour, why = "green", f"按时间进度应完成{number_zh(expected)}{measure}，进度正常。"
    return Status(node, colour, target, actual, expected, start, end, f"{head}，{why}")


def worst(node: str, parts: list[Status], what: str) -> Status:
    """The worst light among `parts` (grey when there are none)."""
    if not parts or all(s.colour == "grey" for s in parts):
        return Status(node, "grey", explanation_zh=f"{what}：无可度量的目标或期限。")
    bad = max(parts, key=lambda s: RANK[s.colour])
    n = sum(1 for s in parts if s.colour == bad.colour)
    text = f"{what}：{len(parts)}项中{n}项{COLOURS_ZH[bad.colour]}，如 {bad.explanation_zh}"
    return Status(node, bad.colour, explanation_zh=text)


def target_light(
    node: str,
    unit_label: str,
    p: dict[str, Any],
    actual_of: Callable[[str, dt.date, dict[str, Any]], float | None],
    as_of: dt.date,
) -> Status:
    """A Target's light from its props (`actual_of(node, as_of, props)`: its actual, asked
    only when its period is known); both stores' lights."""
    span = parse_period(str(p["period"]))
    name = f"{unit_label}《{p['table']}》{p['period']}"
    if span is None:
        return Status(node, "grey", explanation_zh=f"{name}：期间无法识别。")
    actual = actual_of(node, as_of, p)
    return light(node, name, float(p["value"]), actual, span, as_of, p.get("measure") or "")


def indicator_span(
    p: dict[str, Any], notice_date: dt.date | None, table_period: Any
) -> Period | None:
    """An indicator's period: from its notice's date to its year, else its allocation
    table's widest period (`table_period`, None without a table)."""
    if p.get("year"):
        start = notice_date or dt.date(int(p["year"]), 1, 1)
        return Period(
            f"{start.year}-{p['year']}",
            dt.date(start.year, 1, 1),
            dt.date(int(p["year"]), 12, 31),
        )
    return parse_period(str(table_period)) if table_period is not None else None


def indicator_light(
    node: str,
    name: str,
    p: dict[str, Any],
    actual: float | None,
    span: Period | None,
    as_of: dt.date,
) -> Status:
    """An Indicator's light from its props, period and actual."""
    if span is None or p.get("value") is None:
        return Status(node, "grey", explanation_zh=f"{name}：无期限，无法按时间进度衡量。")
    return light(
        node,
        name,
        float(p["value"]),
        actual,
        span,
        as_of,
        str(p.get("measure") or ""),
        str(p.get("comparator") or ">="),
    )


def deadline_light(node: str, p: dict[str, Any], as_of: dt.date) -> Status | None:
    """A one-off due date's light: yellow within DUE_SOON_DAYS, red once passed."""
    if not p.get("due"):
        return None
    due = dt.date.fromisoformat(p["due"])
    what = str(p.get("what") or "")[:30]
    if as_of > due:
        return Status(
            node,
            "red",
            end=due,
            explanation_zh=f"“{what}”期限{due.isoformat()}已过，未见完成报告。",
        )
    if (due - as_of).days <= DUE_SOON_DAYS:
        return Status(
            node, "yellow", end=due, explanation_zh=f"“{what}”将于{due.isoformat()}到期。"
        )
    return Status(node, "green", end=due, explanation_zh=f"“{what}”期限{due.isoformat()}，未到期。")


def task_light(node: str, label: str, parts: list[Status]) -> Status:
    """A task's light: the worst of its indicators' and deadlines' lights."""
    return worst(node, parts, f"任务“{label}”")


class LightIndex:
    """What lights need from one graph at any date: actuals, notice dates, allocation tables.

    Built once per graph object (graph.derived), shared by the lights of every date.
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        kinds = nodes_by_kind(g)
        self.actuals = Actuals(g, kinds)
        self.notice_dates: dict[str, dt.date] = {}
        self.tables: dict[str, list[tuple[str, str | None, str]]] = {}
        """Parse notice id -> (table, measure, widest-period stated-or-first target id)."""
        self.cells: dict[tuple[str, str, str], list[str]] = {}
        """(notice, table, period) -> its non-stated target ids, in graph order."""
        widest: dict[tuple[str, str, str | None], tuple[str, str]] = {}
        for _, a in kinds.get("Notice", []):
            p = a.get("props", {})
            if p.get("date") and p.get("notice"):
                self.notice_dates[str(p["notice"])] = dt.date.fromisoformat(p["date"])
        for n, a in kinds.get("Target", []):
            p = a["props"]
            period = str(p["period"])
            key = (str(p["notice"]), str(p["table"]), p.get("measure"))
            if key not in widest or len(period) > len(widest[key][1]):
                widest[key] = (n, period)
            if not p.get("stated"):
                cell = (key[0], key[1], period)
                self.cells.setdefault(cell, []).append(n)
        for (notice, table, measure), (tid, _) in sorted(widest.items()):
            self.tables.setdefault(notice, []).append((table, measure, tid))


class Lights:
    """Traffic lights of one graph snapshot at one date (indexes built once, for many nodes)."""

    def __init__(self, g: nx.MultiDiGraph, as_of: dt.date) -> None:
        self.g = g
        self.as_of = as_of
        index = per_graph(g, "light_index", lambda: LightIndex(g))
        self.index = index
        self.actuals = index.actuals
        self.notice_dates = index.notice_dates
        self.tables = index.tables

    def status(self, node: str) -> Status:
        """The light of a Target, Indicator, Task or Unit node (grey for anything else)."""
        kind = self.g.nodes[node].get("kind") if node in self.g else None
        if kind == "Target":
            return self.target(node)
        if kind == "Indicator":
            return self.indicator(node)
        if kind == "Task":
            return self.task(node)
        if kind == "Unit":
            return self.unit(node)
        return Status(node, "grey", explanation_zh="无可度量的目标。")

    def status_for(self, node: str, unit: str) -> Status:
        """The light of `node` as `unit`'s duty (LoopLights: its task × unit light)."""
        return self.status(node)

    def target(self, node: str) -> Status:
        # networkx's own node dict, not its views: a province asks this for ~45,000 targets.
        nodes = self.g._node
        p = nodes[node]["props"]
        unit = nodes.get(p["unit"])
        label = unit["label"] if unit is not None else p["unit"]
        return target_light(node, str(label), p, self.actuals.target, self.as_of)

    def _indicator_span(self, node: str) -> Period | None:
        p = self.g.nodes[node]["props"]
        table = self.table_of(node)
        period = self.g.nodes[table]["props"]["period"] if table else None
        return indicator_span(p, self.notice_dates.get(str(p.get("notice"))), period)

    def table_of(self, node: str) -> str | None:
        """The widest target of the allocation table that breaks this indicator down, if any."""
        p = self.g.nodes[node]["props"]
        for table, measure, tid in self.tables.get(str(p.get("notice")), []):
            if match_headline(
                table, measure, [(str(p.get("name")), p.get("measure"), p.get("value"))]
            ):
                return tid
        return None

    def indicator(self, node: str) -> Status:
        p = self.g.nodes[node]["props"]
        name = str(p.get("name") or self.g.nodes[node]["label"])
        span = self._indicator_span(node)
        if span is None or p.get("value") is None:
            return indicator_light(node, name, p, None, span, self.as_of)
        actual = self.actuals.item(node, span, self.as_of)
        table = self.table_of(node)
        if actual is None and table is not None:
            tp = self.g.nodes[table]["props"]
            cells = self.index.cells.get(
                (str(tp["notice"]), str(tp["table"]), str(tp["period"])), []
            )
            actual = sum_known(self.actuals.target(c, self.as_of) for c in cells)
        return indicator_light(node, name, p, actual, span, self.as_of)

    def deadline(self, node: str) -> Status | None:
        """A one-off due date's light: yellow within DUE_SOON_DAYS, red once passed."""
        return deadline_light(node, self.g.nodes[node]["props"], self.as_of)

    def task(self, node: str) -> Status:
        parts: list[Status] = []
        for _, child, a in self.g.out_edges(node, data=True):
            kind = self.g.nodes[child].get("kind")
            if a.get("kind") != "CONTAINS":
                continue
            if kind == "Indicator":
                parts.append(self.indicator(child))
            elif kind == "Deadline" and (s := self.deadline(child)) is not None:
                parts.append(s)
        return task_light(node, str(self.g.nodes[node]["label"]), parts)

    def unit(self, node: str) -> Status:
        parts = [
            self.target(v)
            for _, v, a in self.g.out_edges(node, data=True)
            if a.get("kind") == "OWNS"
            and self.g.nodes[v].get("kind") == "Target"
            and not self.g.nodes[v]["props"].get("stated")
        ]
        return worst(node, parts, str(self.g.nodes[node]["label"]))


def status(graph: nx.MultiDiGraph, node_id: str, as_of: dt.date | None = None) -> Status:
    """The traffic light of one node at `as_of` (default today); use Lights for many nodes."""
    return lights_at(graph, as_of or dt.date.today()).status(node_id)


_DATES_KEPT = 8


def lights_at(g: nx.MultiDiGraph, as_of: dt.date) -> Lights:
    """`Lights(g, as_of)`, built once per graph object and date (graph.derived: the latest
    graph only, and its last _DATES_KEPT dates)."""
    by_date: dict[dt.date, Lights] = per_graph(g, "lights_by_date", dict)
    if as_of not in by_date:
        if len(by_date) >= _DATES_KEPT:
            by_date.pop(next(iter(by_date)))
        by_date[as_of] = Lights(g, as_of)
    return by_date[as_of]
