"""Who is responsible: unowned work, units without named people, overloaded units, names to review."""

import statistics
from collections import defaultdict

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import BareIndicator, BareTask
from dutygraph.graph.gaps.finding import Finding
from dutygraph.graph.gaps.relevance import not_a_target_words
from dutygraph.graph.units import expand_abbreviation, is_township
from dutygraph.loaders.numbers import number_zh

# A unit is overloaded when it owns more tasks than mean + LOAD_SD standard deviations of its
# peers AND more than LOAD_MEDIAN_FACTOR times their median: the first alone flags nobody in
# small groups, the second alone flags 2 against a median of 1.
LOAD_SD = 2.0
LOAD_MEDIAN_FACTOR = 2.0
# Fewer peers than this (units owning tasks in one notice) make no meaningful comparison.
MIN_PEERS = 5
LEADER_ROLES = ("领导", "组长", "负责人", "局长", "主任")
LIAISON_ROLES = ("联络员", "联系人")


def unowned(ctx: GapContext) -> list[Finding]:
    """Tasks with no responsible unit, and indicators owned neither directly, nor through their
    task, nor through an allocation table (001's ten measures, 002's tasks)."""
    return unowned_findings(*bare_items(ctx))


def bare_items(ctx: GapContext) -> tuple[list[BareTask], list[BareIndicator]]:
    """The wanted notices' tasks without owners and indicators without owners or a table."""
    tasks = [
        BareTask(ctx.ref(t), str(ctx.props(t).get("path") or ""), ctx.notice_of(t))
        for t in ctx.in_notices("Task")
        if not ctx.owners(t)
    ]
    indicators = []
    for i in ctx.in_notices("Indicator"):
        parents = [
            u
            for u, _, a in ctx.g.in_edges(i, data=True)
            if a.get("kind") == "CONTAINS" and ctx.kind(u) == "Task"
        ]
        if ctx.owners(i) or any(ctx.owners(p) for p in parents):
            continue
        if ctx.lights.table_of(i) is not None:
            continue  # broken down by an allocation table: its cells have owners
        p = ctx.props(i)
        words = [str(p.get("quote") or "")]
        for u in parents:
            t = ctx.props(u)
            words += [str(t.get("section_title") or ""), str(t.get("title") or "")]
        ref = ctx.ref(i)
        notice = ctx.notice_of(i)
        indicators.append(
            BareIndicator(ref, p.get("name"), p.get("value"), p.get("measure"), notice, words)
        )
    return tasks, indicators


def unowned_findings(tasks: list[BareTask], indicators: list[BareIndicator]) -> list[Finding]:
    """One warning per task, one note per indicator that is somebody's target."""
    out = [
        Finding(
            kind="unowned",
            severity="warning",
            entities=[t.ref],
            explanation_zh=f"任务{t.path}“{t.ref.label}”未明确责任单位。",
            notice=t.notice,
        )
        for t in tasks
    ]
    for i in indicators:
        if not_a_target_words(i.words):
            continue  # an application condition or a subsidy amount: nobody's target
        value = i.value
        out.append(
            Finding(
                kind="unowned",
                severity="info",
                entities=[i.ref],
                numbers={"目标值": float(value) if value is not None else None},
                explanation_zh=(
                    f"指标“{i.name}”{'' if value is None else number_zh(value)}"
                    f"{i.measure or ''}未明确责任单位，也未分解到下级。"
                ),
                notice=i.notice,
            )
        )
    return out


def _people_of(ctx: GapContext, unit: str) -> tuple[list[str], list[str]]:
    """(named leaders, named liaisons) attached to a unit."""
    leaders, liaisons = [], []
    # networkx's own adjacency dict, not in_edges(data=True): asked for each of ~2,000 units.
    for u, keyed in ctx.g._pred[unit].items():
        if ctx.kind(u) != "Leader":
            continue
        if not any(a.get("kind") in ("MEMBER_OF", "LEADS") for a in keyed.values()):
            continue
        p = ctx.props(u)
        if not p.get("name"):
            continue
        role = str(p.get("role") or "")
        if any(r in role for r in LIAISON_ROLES):
            liaisons.append(str(p["name"]))
        else:
            leaders.append(str(p["name"]))
    return sorted(set(leaders)), sorted(set(liaisons))


def _owning(ctx: GapContext) -> dict[str, list[str]]:
    """`ctx.owning_units()`, or for a call about some notices or units, the units that can
    appear in its findings (each with all it owns, as owning_units says)."""
    if not ctx.scoped or "owning_units" in ctx.cache:
        return ctx.owning_units()
    if ctx.units is not None:
        candidates = {u for u in ctx.units if ctx.kind(u) == "Unit"}
    else:
        candidates = set()
        for kind in ("Task", "Indicator", "Target"):
            for item in ctx.in_notices(kind):
                for u in ctx.owners(item):
                    if ctx.is_collective(u):
                        candidates |= set(ctx.members(u))
                    elif not ctx.is_region(u):
                        candidates.add(u)
    out = {}
    for u in sorted(candidates):
        if items := ctx.items_of(u):
            out[u] = items
    return out


def people(ctx: GapContext) -> list[Finding]:
    """Owning units with no named leader or liaison (000 asks each unit to name both)."""
    out = []
    attrs = ctx.index.attrs  # read directly: ~10^5 owned items of a province
    for unit, items in _owning(ctx).items():
        leaders, liaisons = _people_of(ctx, unit)
        if leaders and liaisons:
            continue
        missing = "、".join(
            x for x, have in (("分管领导", leaders), ("联络员", liaisons)) if not have
        )
        notices = sorted({str(n) for i in items if (n := attrs[i].get("props", {}).get("notice"))})
        out.append(
            Finding(
                kind="people",
                severity="warning" if not leaders and not liaisons else "info",
                entities=[ctx.ref(unit)],
                numbers={
                    "负责事项": float(len(items)),
                    "分管领导": float(len(leaders)),
                    "联络员": float(len(liaisons)),
                },
                explanation_zh=f"{ctx.label(unit)}：负责{len(items)}项任务或目标，未明确{missing}。",
                notice=notices[0] if len(notices) == 1 else None,
            )
        )
    return out


def load(ctx: GapContext) -> list[Finding]:
    """Units owning far more tasks of a notice than the other units of that notice."""
    per_notice: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in ctx.in_notices("Task"):
        notice = ctx.notice_of(t)
        for u in ctx.owners(t):
            if notice and not ctx.is_collective(u) and not ctx.is_region(u):
                per_notice[notice][u] += 1
    out = []
    for notice, counts in sorted(per_notice.items()):
        if len(counts) < MIN_PEERS:
            continue
        values = list(counts.values())
        mean, sd, median = (
            statistics.mean(values),
            statistics.pstdev(values),
            statistics.median(values),
        )
        limit = max(mean + LOAD_SD * sd, LOAD_MEDIAN_FACTOR * median)
        for unit, n in sorted(counts.items()):
            if n <= limit:
                continue
            out.append(
                Finding(
                    kind="load",
                    severity="info",
                    entities=[ctx.ref(unit)],
                    numbers={
                        "负责任务数": float(n),
                        "同级单位数": float(len(values)),
                        "平均": round(mean, 2),
                        "中位数": float(median),
                        "阈值": round(limit, 2),
                    },
                    explanation_zh=(
                        f"{ctx.label(unit)}：负责{n}项任务，同一方案{len(values)}个责任单位"
                        f"平均{mean:.1f}项、中位数{number_zh(median)}项，任务明显偏重。"
                    ),
                    notice=notice,
                )
            )
    return out


_NUMERALS = set("0123456789〇零一二三四五六七八九十")


def near_duplicates(labels: list[str]) -> list[tuple[str, str]]:
    """Pairs of names that differ in one character, not counting numbering (第01镇 / 第02镇).

    Each name is bucketed once per position with that character blanked, so the cost grows
    with the number of names, not with its square.
    """
    buckets: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        for i in range(len(label)):
            buckets[label[:i] + "\0" + label[i + 1 :]].append(label)
    pairs: set[tuple[str, str]] = set()
    for key, names in buckets.items():
        i = key.index("\0")
        for a_i, a in enumerate(names):
            for b in names[a_i + 1 :]:
                if not {a[i], b[i]} <= _NUMERALS:
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def names(ctx: GapContext) -> list[Finding]:
    """Unit names to review: variants merged into a common spelling, near-duplicates left
    apart, and collectives (各区（市）知识产权机构) whose members are unknown."""
    out: list[Finding] = []
    if ctx.notices is not None:
        return out  # these findings belong to no notice
    places: dict[str, list[str]] = defaultdict(list)
    for u in ctx.by_kind["Unit"]:
        p, label = ctx.props(u), ctx.label(u)
        places[str(p.get("jurisdiction") or "")].append(u)
        for alias in p.get("aliases", []):
            if p.get("collective") or label.endswith(expand_abbreviation(str(alias))):
                continue
            out.append(
                Finding(
                    kind="names",
                    severity="info",
                    entities=[ctx.ref(u)],
                    explanation_zh=f"单位名称“{alias}”已按“{label}”合并，请核对。",
                )
            )
        if p.get("collective") and ctx.owned(u) and not ctx.members(u):
            out.append(
                Finding(
                    kind="names",
                    severity="warning",
                    entities=[ctx.ref(u)],
                    numbers={"负责事项": float(len(ctx.owned(u)))},
                    explanation_zh=(
                        f"“{label}”负责{len(ctx.owned(u))}项任务或目标，但未对应到具体单位，请明确。"
                    ),
                )
            )
    for units in places.values():
        ids = {ctx.label(u): u for u in units if not ctx.props(u).get("collective")}
        for a, b in near_duplicates(sorted(x for x in ids if is_township(x))):
            out.append(
                Finding(
                    kind="names",
                    severity="warning",
                    entities=[ctx.ref(ids[a]), ctx.ref(ids[b])],
                    explanation_zh=f"“{a}”与“{b}”仅差一字，疑为同一单位，请核对。",
                )
            )
    return out
