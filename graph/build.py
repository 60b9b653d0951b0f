"""ParseResult -> the nodes and edges one notice contributes, all keyed by its notice id."""

from typing import Any

from dutygraph.graph.model import (
    Edge,
    EdgeKind,
    Facts,
    Merge,
    Node,
    NodeKind,
    deadline_id,
    group_id,
    indicator_id,
    leader_id,
    notice_node_id,
    target_id,
    task_id,
    unit_id,
)
from dutygraph.graph.units import (
    Jurisdiction,
    collective_endings,
    district_members,
    jurisdiction_of,
    name_variants,
    resolve,
)
from dutygraph.schema import ParseResult


class _Builder:
    """Collects one notice's facts, merging repeated nodes (aliases) and edges."""

    def __init__(self, result: ParseResult) -> None:
        n = result.notice
        self.result = result
        self.facts = Facts(notice_id=n.id)
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}
        issuer = n.issuers[0] if n.issuers else n.issuer
        self.j: Jurisdiction = jurisdiction_of(issuer)
        found = name_variants(result)
        self.variants = {rare: common for rare, (common, _) in found.items()}
        self.facts.merges = [
            Merge(n.id, self.j.full, rare, common, line) for rare, (common, line) in found.items()
        ]
        self.collectives: dict[str, tuple[str, ...]] = {}
        self.townships: set[str] = set()

    def node(self, id_: str, kind: NodeKind, label: str, /, **props: Any) -> str:
        old = self.nodes.get(id_)
        if old is not None:
            aliases = sorted(set(old.props.get("aliases", [])) | set(props.get("aliases", [])))
            props = {**old.props, **props}
            if aliases:
                props["aliases"] = aliases
        self.nodes[id_] = Node(id_, kind, label, props)
        return id_

    def edge(self, src: str, dst: str, kind: EdgeKind, key: str = "", /, **props: Any) -> None:
        e = Edge(src, dst, kind, key, props)
        self.edges[(src, dst, e.edge_key)] = e

    def region(self, full: str) -> str:
        """A jurisdiction level as a Unit, PART_OF the level above it."""
        levels = self.j.levels()
        uid = self.node(unit_id(full), "Unit", full, region=True)
        if full in levels and levels.index(full) > 0:
            parent = levels[levels.index(full) - 1]
            self.edge(uid, self.region(parent), "PART_OF")
        return uid

    def district_collective(self, cid: str, written: str) -> None:
        """各区（市）X: each district's X is MEMBER_OF the collective; district PART_OF city."""
        members = district_members(written, self.j)
        if not members:
            return
        city = self.region(self.j.city)
        for district, member in members:
            did = self.node(unit_id(district), "Unit", district, region=True)
            self.edge(did, city, "PART_OF")
            mid = self.node(
                unit_id(member), "Unit", member, collective=False, jurisdiction=district
            )
            self.edge(mid, cid, "MEMBER_OF", "collective", role="member")

    def unit(self, written: str) -> str:
        r = resolve(written, self.j, self.variants)
        uid = self.node(
            unit_id(r.full),
            "Unit",
            r.full,
            aliases=[written],
            collective=r.collective,
            jurisdiction=self.j.full,
        )
        if r.collective and (endings := collective_endings(written)):
            self.collectives[uid] = endings
        if r.collective:
            self.district_collective(uid, written)
        if r.township and self.j.full:
            self.edge(uid, self.region(self.j.full), "PART_OF")
        return uid


def _notice(b: _Builder) -> str:
    n = b.result.notice
    nid = b.node(
        notice_node_id(n.doc_number, n.id),
        "Notice",
        n.title or n.file,
        notice=n.id,
        file=n.file,
        doc_number=n.doc_number,
        date=n.date.isoformat() if n.date else None,
        issuer=n.issuer,
        jurisdiction=b.j.full,
        stub=False,
    )
    for issuer in n.issuers or ([n.issuer] if n.issuer else []):
        b.edge(nid, b.unit(issuer), "ISSUED_BY")
    for addressee in n.addressees:
        b.edge(nid, b.unit(addressee), "ADDRESSED_TO")
    for doc in n.cites:
        cited = b.node(notice_node_id(doc, doc), "Notice", doc, doc_number=doc, stub=True)
        b.edge(nid, cited, "CITES")
        if doc in n.implements:
            b.edge(nid, cited, "IMPLEMENTS")
        if doc in n.forwards:  # a 转发 notice: the forwarded one stays a notice of its own
            b.edge(nid, cited, "FORWARDS")
    if b.j.full:
        b.region(b.j.full)
    return nid


def _tasks(b: _Builder, nid: str) -> None:
    r = b.result
    for t in r.tasks:
        tid = b.node(
            task_id(t.id),
            "Task",
            t.title or t.text[:40],
            notice=r.notice.id,
            path=t.path,
            kind=t.kind,
            section=t.section,
            section_title=t.section_title,
            title=t.title,
            text=t.text,
            line=t.source.line,
        )
        b.edge(nid, tid, "CONTAINS")
        for o in t.owners:
            b.edge(b.unit(o.unit), tid, "OWNS", o.role, role=o.role)
    task_ids = {t.id for t in r.tasks}
    for i in r.indicators:
        iid = b.node(
            indicator_id(i.id),
            "Indicator",
            i.name,
            notice=r.notice.id,
            name=i.name,
            value=i.value,
            measure=i.measure,
            comparator=i.comparator,
            year=i.year,
            scope=i.scope,
            quote=i.quote,
        )
        parent = task_id(i.task_id) if i.task_id in task_ids and i.task_id else nid
        b.edge(parent, iid, "CONTAINS")


def _people(b: _Builder) -> None:
    groups: dict[str, str] = {}

    def group(name: str) -> str:
        if name not in groups:
            full = resolve(name, b.j).full
            groups[name] = b.node(group_id(full), "Group", full, aliases=[name])
        return groups[name]

    for g in b.result.groups:
        gid = group(g.name)
        if g.office:
            b.edge(b.unit(g.office), gid, "MEMBER_OF", "office", role="office")
    for p in b.result.leaders:
        who = p.name or p.title or p.org or "?"
        gname = p.group or "?"
        lid = b.node(
            leader_id(gname, who + (p.org or ""), p.role),
            "Leader",
            who,
            name=p.name,
            title=p.title,
            org=p.org,
            role=p.role,
        )
        if p.group:
            kind: EdgeKind = "MEMBER_OF" if p.role == "成员" else "LEADS"
            b.edge(lid, group(p.group), kind, p.role, role=p.role)
        if p.org:
            b.edge(lid, b.unit(p.org), "MEMBER_OF", "org", role="staff")


def _targets(b: _Builder) -> None:
    r = b.result
    nid = r.notice.id
    totals: dict[tuple[str, str | None, str], str] = {}
    if b.j.full:
        region = b.region(b.j.full)
        for s in r.stated_totals:
            sid = b.node(
                target_id(nid, s.table, region, s.period),
                "Target",
                f"{s.table} {s.label} {s.period}",
                notice=nid,
                table=s.table,
                measure=s.measure,
                period=s.period,
                value=s.value,
                unit=region,
                stated=True,
            )
            b.edge(region, sid, "OWNS", "owner", role="owner")
            totals[(s.table, s.measure, s.period)] = sid
    for t in r.targets:
        uid = b.unit(t.unit)
        b.townships.add(uid)
        tid = b.node(
            target_id(nid, t.table, uid, t.period),
            "Target",
            f"{t.table} {t.unit} {t.period}",
            notice=nid,
            table=t.table,
            measure=t.measure,
            period=t.period,
            value=t.value,
            unit=uid,
            stated=False,
            line=t.source.line,
        )
        b.edge(uid, tid, "OWNS", "owner", role="owner")
        total = totals.get((t.table, t.measure, t.period))
        if total:
            b.edge(tid, total, "CONTRIBUTES_TO")


def _collectives(b: _Builder) -> None:
    """各镇街 -> MEMBER_OF from every township named in this notice's allocation tables."""
    for cid, endings in b.collectives.items():
        for uid in sorted(b.townships):
            if uid.endswith(endings):
                b.edge(uid, cid, "MEMBER_OF", "collective", role="member")


def _deadlines(b: _Builder, nid: str) -> None:
    """Due dates as Deadline nodes under their task (else the notice), for report-gap checks.

    The owner is kept as written and, when the notice names that unit elsewhere, as a unit id;
    no Unit node is made from a deadline alone (以后年度各单位 is not a unit).
    """
    r = b.result
    task_ids = {t.id for t in r.tasks}
    for d in r.deadlines:
        owner_id = None
        if d.owner:
            uid = unit_id(resolve(d.owner, b.j, b.variants).full)
            owner_id = uid if uid in b.nodes else None
        did = b.node(
            deadline_id(r.notice.id, d.source.line, d.what),
            "Deadline",
            d.what[:40],
            notice=r.notice.id,
            what=d.what,
            due=d.due.isoformat() if d.due else None,
            start=d.start.isoformat() if d.start else None,
            recurrence=d.recurrence,
            dates=list(d.dates),
            owner=d.owner,
            owner_id=owner_id,
            line=d.source.line,
        )
        parent = task_id(d.task_id) if d.task_id in task_ids and d.task_id else nid
        b.edge(parent, did, "CONTAINS")


def build(result: ParseResult) -> Facts:
    """All nodes and edges stated by one notice; pure and deterministic."""
    b = _Builder(result)
    nid = _notice(b)
    _tasks(b, nid)
    _people(b)
    _targets(b)
    _collectives(b)
    _deadlines(b, nid)
    b.facts.nodes = sorted(b.nodes.values(), key=lambda n: n.id)
    b.facts.edges = sorted(b.edges.values(), key=lambda e: (e.src, e.dst, e.edge_key))
    return b.facts
