"""Who is responsible: unowned work, units without named people, overloaded units, names to review."""

import statistics
from collections import defaultdict

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import BareIndicator, BareTask, Load, Staffed, UnitName
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


def _people_of(ctx: GapContext, unit: str) -> list[tuple[str, str]]:
    """(name, role) of the named leaders and liaisons attached to a unit."""
    found = []
    # networkx's own adjacency dict, not in_edges(data=True): asked for each of ~2,000 units.
    for u, keyed in ctx.g._pred[unit].items():
        if ctx.kind(u) != "Leader":
            continue
        if not any(a.get("kind") in ("MEMBER_OF", "LEADS") for a in keyed.values()):
            continue
        p = ctx.props(u)
        if p.get("name"):
            found.append((str(p["name"]), str(p.get("role") or "")))
    return found


def leaders_and_liaisons(people: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(leaders, liaisons) of (name, role) pairs: a liaison's role says 联络员 or 联系人."""
    leaders: set[str] = set()
    liaisons: set[str] = set()
    for name, role in people:
        (liaisons if any(r in role for r in LIAISON_ROLES) else leaders).add(name)
    return sorted(leaders), sorted(liaisons)


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
    attrs = ctx.index.attrs  # read directly: ~10^5 owned items of a province
    staffed = []
    for unit, items in _owning(ctx).items():
        notices = {str(n) for i in items if (n := attrs[i].get("props", {}).get("notice"))}
        staffed.append(Staffed(ctx.ref(unit), len(items), sorted(notices), _people_of(ctx, unit)))
    return people_findings(staffed)


def people_findings(units: list[Staffed]) -> list[Finding]:
    """A warning per unit naming neither a leader nor a liaison, a note per unit missing one."""
    out = []
    for u in units:
        leaders, liaisons = leaders_and_liaisons(u.people)
        if leaders and liaisons:
            continue
        missing = "、".join(
            x for x, have in (("分管领导", leaders), ("联络员", liaisons)) if not have
        )
        out.append(
            Finding(
                kind="people",
                severity="warning" if not leaders and not liaisons else "info",
                entities=[u.ref],
                numbers={
                    "负责事项": float(u.items),
                    "分管领导": float(len(leaders)),
                    "联络员": float(len(liaisons)),
                },
                explanation_zh=f"{u.ref.label}：负责{u.items}项任务或目标，未明确{missing}。",
                notice=u.notices[0] if len(u.notices) == 1 else None,
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
    return load_findings(
        [
            Load(notice, [(ctx.ref(u), n) for u, n in sorted(counts.items())])
            for notice, counts in per_notice.items()
        ]
    )


def load_findings(loads: list[Load]) -> list[Finding]:
    """Per notice with MIN_PEERS owning units or more: those above mean + LOAD_SD sd and
    LOAD_MEDIAN_FACTOR times the median."""
    out = []
    for one in sorted(loads, key=lambda x: x.notice):
        if len(one.tasks) < MIN_PEERS:
            continue
        values = [n for _, n in one.tasks]
        mean, sd, median = (
            statistics.mean(values),
            statistics.pstdev(values),
            statistics.median(values),
        )
        limit = max(mean + LOAD_SD * sd, LOAD_MEDIAN_FACTOR * median)
        for unit, n in one.tasks:
            if n <= limit:
                continue
            out.append(
                Finding(
                    kind="load",
                    severity="info",
                    entities=[unit],
                    numbers={
                        "负责任务数": float(n),
                        "同级单位数": float(len(values)),
                        "平均": round(mean, 2),
                        "中位数": float(median),
                        "阈值": round(limit, 2),
                    },
                    explanation_zh=(
                        f"{unit.label}：负责{n}项任务，同一方案{len(values)}个责任单位"
                        f"平均{mean:.1f}项、中位数{number_zh(median)}项，任务明显偏重。"
                    ),
                    notice=one.notice,
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
    if ctx.notices is not None:
        return []  # these findings belong to no notice
    units = []
    for u in ctx.by_kind["Unit"]:
        p = ctx.props(u)
        collective = bool(p.get("collective"))
        units.append(
            UnitName(
                ctx.ref(u),
                [str(a) for a in p.get("aliases", [])],
                str(p.get("jurisdiction") or ""),
                collective,
                len(ctx.owned(u)) if collective else 0,
                collective and bool(ctx.members(u)),
            )
        )
    return names_findings(units)


def names_findings(units: list[UnitName]) -> list[Finding]:
    """The names findings of every unit (`units` in id order)."""
    out: list[Finding] = []
    places: dict[str, list[UnitName]] = defaultdict(list)
    for u in units:
        label = u.ref.label
        places[u.jurisdiction].append(u)
        for alias in u.aliases:
            if u.collective or label.endswith(expand_abbreviation(alias)):
                continue
            out.append(
                Finding(
                    kind="names",
                    severity="info",
                    entities=[u.ref],
                    explanation_zh=f"单位名称“{alias}”已按“{label}”合并，请核对。",
                )
            )
        if u.collective and u.owned and not u.members:
            out.append(
                Finding(
                    kind="names",
                    severity="warning",
                    entities=[u.ref],
                    numbers={"负责事项": float(u.owned)},
                    explanation_zh=(
                        f"“{label}”负责{u.owned}项任务或目标，但未对应到具体单位，请明确。"
                    ),
                )
            )
    for group in places.values():
        ids = {u.ref.label: u.ref for u in group if not u.collective}
        for a, b in near_duplicates(sorted(x for x in ids if is_township(x))):
            out.append(
                Finding(
                    kind="names",
                    severity="warning",
                    entities=[ids[a], ids[b]],
                    explanation_zh=f"“{a}”与“{b}”仅差一字，疑为同一单位，请核对。",
                )
            )
    return out
