"""Tasks from the numbered body: work items, owner clauses, and steps that name who acts."""

import re
from dataclasses import dataclass

from dutygraph.loaders.notice.outline import Item, title_of, walk
from dutygraph.loaders.notice.owners import (
    LeadFirst,
    OwnerClause,
    apply_lead_first,
    find_actors,
    find_owner_clause,
    paren_groups,
)
from dutygraph.loaders.units import find_orgs
from dutygraph.schema import Owner

# Sections that state aims or conditions: their items are not tasks unless an owner is named.
_NON_WORK = re.compile(
    r"指导思想|总体要求|基本原则|工作目标|主要目标|总体目标|具体目标|发展目标|目标要求|申报对象|申报条件|"
    r"适用范围|重要意义|背景|定义|编制依据|工作原则"
)
# Sections of steps and safeguards: an item is a task only when it names who acts.
_STEPS = re.compile(
    r"实施步骤|工作步骤|步骤|进度安排|时间安排|保障措施|组织保障|工作要求|组织实施|程序|工作机制"
)


# An item that only points to an annex table ('详见工作任务分工表'); the table rows are the tasks.
_POINTER = re.compile(r"[（(]?(详见|见附件|具体见)[^。]{0,20}表[）)]?。?$")


@dataclass
class BodyTask:
    """A task read from the body, before ids are attached.

    `doubts` are notes for the clerk: stated owners without a known unit ending, or an owner
    clause the reader saw but could not read.
    """

    item: Item
    path: str
    kind: str
    title: str
    text: str
    owners: list[Owner]
    mentions: list[str]
    line_no: int
    doubts: tuple[str, ...] = ()


# Markers of an owner clause; seen without one read, the reader says so instead of dropping it.
_OWNER_WORDS = re.compile("负责|牵头|责任单位|责任部门")
_OWNER_LABEL = re.compile("(责任单位|牵头单位|责任部门)[：:]")


def _unread_clause(text: str) -> str | None:
    """A bracket or label that marks owners, for the warning when no owner was read from it."""
    for start, end in paren_groups(text):
        if _OWNER_WORDS.search(text, start, end):
            return text[start:end]
    m = _OWNER_LABEL.search(text)
    return text[m.start() :] if m else None


def _doubts(text: str, clause: OwnerClause | None) -> tuple[str, ...]:
    if clause is not None:
        return tuple(
            f"“{name}”作为责任单位写明，但不以常见单位名称结尾，请核对 "
            "(stated owner without a known unit ending)"
            for name in clause.unsure
        )
    unread = _unread_clause(text)
    if unread:
        return (f"未能读出责任单位：“{unread[:40]}” (owner clause not read)",)
    return ()


def _section_titles(item: Item) -> list[str]:
    """Titles that may name a kind of section; an item's own run-on first sentence is no title."""
    own = title_of(item)
    return ([own] if len(own) <= 20 else []) + [title_of(a) for a in item.ancestors()]


def _intro_actors(item: Item) -> list[str]:
    """Actors in a section's intro that hand its list to someone (各试点城市应…开展以下工作：)."""
    if not item.children:
        return []
    first_child = item.children[0].line
    intro = [t for ln, t in item.paragraphs if ln.no < first_child]
    if not intro or not intro[-1].rstrip().endswith("："):
        return []
    return find_actors(intro[-1])


def _inherited(item: Item) -> list[str]:
    for a in item.ancestors():
        actors = _intro_actors(a)
        if actors:
            return actors
    return []


def _body_without(text: str, clause: OwnerClause | None) -> str:
    if clause is None:
        return text
    joined = text[: clause.start] + text[clause.end :]
    # Removing a clause leaves its punctuation behind: '保障。，每年…' -> '保障。每年…'.
    return re.sub(r"([。；，])\s*[，；]+", r"\1", joined).strip("，； ")


def read_body_tasks(root: Item, lead_first: LeadFirst) -> list[BodyTask]:
    """Every item that assigns work: owned items, leaf items of work sections, named steps."""
    tasks: list[BodyTask] = []
    for item in walk(root):
        tasks.extend(_trailing_steps(item))
        titles = _section_titles(item)
        is_leaf = not item.children
        text = item.text.strip()
        clause = find_owner_clause(text)
        owners = (
            apply_lead_first(clause.owners)
            if clause and lead_first.applies(item.line, item.lines[-1].no)
            else clause.owners
            if clause
            else []
        )
        steps = any(_STEPS.search(t) for t in titles)
        non_work = any(_NON_WORK.search(t) for t in titles)
        kind = "step" if steps else "item"
        if not owners and is_leaf:
            actors = find_actors(text) or (_inherited(item) if not non_work else [])
            owners = [Owner(unit=a, role="owner") for a in actors]
        if not owners:
            if not is_leaf or non_work or steps or len(text) < 15 or _POINTER.search(text):
                continue
        elif not is_leaf and clause is None:
            continue
        body = _body_without(text, clause)
        owner_units = {o.unit for o in owners}
        mentions = [m for m in find_orgs(body) if m not in owner_units]
        tasks.append(
            BodyTask(
                item,
                item.path,
                kind,
                title_of(item),
                body,
                owners,
                mentions,
                item.line,
                _doubts(text, clause),
            )
        )
    return sorted(tasks, key=lambda t: t.line_no)


def _trailing_steps(item: Item) -> list[BodyTask]:
    """Unnumbered paragraphs after a section's items that name who acts (试点期间，各试点城市要…)."""
    if not item.children:
        return []
    last_child = max(i.line for i in walk(item))
    out = []
    k = 0
    for ln, text in item.paragraphs:
        if ln.no <= last_child:
            continue
        actors = find_actors(text)
        if not actors:
            continue
        k += 1
        owners = [Owner(unit=a, role="owner") for a in actors]
        mentions = [m for m in find_orgs(text) if m not in actors]
        title = text[:20]
        out.append(
            BodyTask(item, f"{item.path}.¶{k}", "step", title, text, owners, mentions, ln.no)
        )
    return out
