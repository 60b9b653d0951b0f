"""Facts a re-import left without their other end: kept in the store, reported here."""

from dutygraph.graph.gaps.context import GapContext
from dutygraph.graph.gaps.finding import EntityRef, Finding
from dutygraph.graph.store import orphans_of


def orphaned(ctx: GapContext) -> list[Finding]:
    """One warning per kept fact (progress report, enterprise link, hand edit) whose target,
    task or unit no longer exists after a notice was loaded again (graph/store/integrity)."""
    out = []
    for o in orphans_of(ctx.g):
        present = o.dst if o.missing == o.src else o.src
        entities = [ctx.ref(present)] if present in ctx.g else []
        entities.append(EntityRef(id=o.missing, kind="Missing", label=o.missing))
        value = ctx.props(present).get("value") if present in ctx.g else None
        notice = ctx.props(present).get("notice") if present in ctx.g else None
        out.append(
            Finding(
                kind="orphaned",
                severity="warning",
                entities=entities,
                numbers={"实际完成": float(value)} if isinstance(value, int | float) else {},
                explanation_zh=o.message_zh(),
                notice=str(notice) if notice else None,
            )
        )
    return out
