"""Facts a re-import left without their other end: kept in the store, reported here."""

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.facts import OrphanEnd
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.store import orphans_of


def orphaned(ctx: GapContext) -> list[Finding]:
    """One warning per kept fact (progress report, enterprise link, hand edit) whose target,
    task or unit no longer exists after a notice was loaded again (graph/store/integrity)."""
    ends = []
    for o in orphans_of(ctx.g):
        present = o.dst if o.missing == o.src else o.src
        if present not in ctx.g:
            ends.append(OrphanEnd(o, None))
            continue
        p = ctx.props(present)
        ends.append(OrphanEnd(o, ctx.ref(present), p.get("value"), p.get("notice")))
    return orphaned_findings(ends)


def orphaned_findings(ends: list[OrphanEnd]) -> list[Finding]:
    """A warning per orphan, naming its present end (if any) and the missing id."""
    out = []
    for e in ends:
        entities = [e.present] if e.present is not None else []
        entities.append(EntityRef(id=e.orphan.missing, kind="Missing", label=e.orphan.missing))
        value, notice = e.value, e.notice
        out.append(
            Finding(
                kind="orphaned",
                severity="warning",
                entities=entities,
                numbers={"实际完成": float(value)} if isinstance(value, int | float) else {},
                explanation_zh=e.orphan.message_zh(),
                notice=str(notice) if notice else None,
            )
        )
    return out
