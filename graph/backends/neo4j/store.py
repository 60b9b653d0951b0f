"""The Neo4j store: the same facts as the embedded store, written with the official driver.

Selected by NEO4J_URI (bolt:// or a neo4j:// routing URI for clusters), with NEO4J_USER and
NEO4J_PASSWORD. A `load` is one write transaction (`session.execute_write`): any failure rolls
the whole batch back. Every statement comes from graph/cypher.py, values only as parameters.
"""

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl

from dutygraph.graph.backends.neo4j import browse as neo4j_browse
from dutygraph.graph.backends.neo4j import cypher
from dutygraph.graph.backends.neo4j import maps as neo4j_maps
from dutygraph.graph.backends.neo4j import names as neo4j_names
from dutygraph.graph.backends.neo4j.gaps import neo4j_gaps
from dutygraph.graph.backends.neo4j.integrity import (
    Before,
    integrity_before,
    integrity_keep_dangling,
    integrity_moves,
    integrity_orphans,
    integrity_reattach,
)
from dutygraph.graph.backends.neo4j.lights import neo4j_lights
from dutygraph.graph.backends.neo4j.scoped import (
    gaps_graph,
    lights_graph,
    loop_graph,
    rights_graph,
    snapshot_graph,
    unit_graph,
)
from dutygraph.graph.backends.neo4j.sources import (
    drop_draws,
    ensure_registry,
    ensure_source,
    merge_draws,
    prune_sources,
    stored_sources,
)
from dutygraph.graph.backends.neo4j.sources_cypher import SOURCES
from dutygraph.graph.backends.neo4j.supervision_cypher import STATUS_USED
from dutygraph.graph.build import build
from dutygraph.graph.errors import EditRefused, NotFound
from dutygraph.graph.gaps.finding import Finding, Kind
from dutygraph.graph.gaps.overview import Overview
from dutygraph.graph.model import EDGE_KINDS, Edge, EdgeKind, Facts, Node, NodeKind
from dutygraph.graph.progress import Status
from dutygraph.graph.queries import (
    BASIS,
    SEARCH_KINDS,
    Actuals,
    Duty,
    Impact,
    ImpactNode,
    IndicatorInfo,
    Level,
    Lineage,
    Link,
    NodeFilter,
    NodeInfo,
    OwnerRow,
    Owners,
    Page,
    Rollup,
    SearchHit,
    gather_duties,
    make_rollup,
    match_headline,
    merge_duties,
    node_info,
    norm_period,
    search_hit,
)
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import (
    Closing,
    Edit,
    Orphan,
    check_replacing,
    heads_of_graph,
    merge_props,
    owns_key,
)
from dutygraph.graph.units import expand_abbreviation
from dutygraph.graph.views.catalog import Catalog
from dutygraph.schema import ParseResult

URI_VAR, USER_VAR, PASSWORD_VAR, DATABASE_VAR = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
)
_RESERVED = frozenset({"id", "label", "notice_ids", "sources"})
_BATCH = 1000


def _source(node: Node) -> str:
    return json.dumps(
        {"label": node.label, "props": node.props}, ensure_ascii=False, sort_keys=True
    )


def merged_node(node_id: str, sources: list[str]) -> dict[str, Any]:
    """A node's properties from what each notice said ("<notice>\\t<json>"), in notice order."""
    label = ""
    props: dict[str, Any] = {}
    notices: list[str] = []
    for entry in sorted(sources):
        notice, _, raw = entry.partition("\t")
        said: dict[str, Any] = json.loads(raw)
        p: dict[str, Any] = said["props"]
        if not notices:
            label, props = said["label"], p
        else:
            if props.get("stub") and not p.get("stub"):
                label = said["label"]
            props = merge_props(props, p)
        notices.append(notice)
    flat = {k: v for k, v in props.items() if v is not None}
    clash = _RESERVED & flat.keys()
    if clash:
        raise ValueError(f"{node_id}: properties {sorted(clash)} are reserved by the store")
    return {
        **flat,
        "id": node_id,
        "label": label,
        "notice_ids": notices,
        "sources": sorted(sources),
    }


def _chunks(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), _BATCH):
        yield rows[i : i + _BATCH]


def _write(tx: ManagedTransaction, facts: Facts, stored: bool) -> tuple[set[str], set[str]]:
    """Replace one notice's facts (inside the caller's transaction): the node ids touched, and
    those it detached that no notice states any more.

    A `stored` notice's old facts are found from its (:Source) in the registry (sources.py).
    """
    notice, prefix = facts.notice_id, facts.notice_id + "\t"
    touched: set[str] = set()
    emptied: set[str] = set()
    before: Before = {}
    ensure_source(tx, notice)
    if stored:
        before = integrity_before(tx, notice, prefix)
        tx.run(cypher.DELETE_NOTICE_EDGES, notice=notice).consume()
        drop_draws(tx, notice)
        for r in tx.run(cypher.DETACH_NOTICE_NODES, notice=notice, prefix=prefix):
            (touched if r["remaining"] else emptied).add(str(r["id"]))
    by_kind: dict[NodeKind, list[dict[str, Any]]] = defaultdict(list)
    for n in facts.nodes:
        source = _source(n)
        # A node new to the store has this one source: its merged props are final here. Only
        # nodes that existed (other sources, or stale props) are recomputed afterwards.
        props = merged_node(n.id, [prefix + source])
        del props["notice_ids"], props["sources"]
        by_kind[n.kind].append({"id": n.id, "props": props, "source": source})
    for kind, rows in by_kind.items():
        for chunk in _chunks(rows):
            result = tx.run(cypher.NODE_MERGE[kind], rows=chunk, notice=notice, prefix=prefix)
            touched.update(str(r["id"]) for r in result)
    edges: dict[EdgeKind, list[dict[str, Any]]] = defaultdict(list)
    for e in facts.edges:
        edges[e.kind].append(_edge_row(e))
    for edge_kind, edge_rows in edges.items():
        for chunk in _chunks(edge_rows):
            tx.run(cypher.EDGE_MERGE[edge_kind], rows=chunk, notice=notice).consume()
    return touched | integrity_moves(tx, notice, before, facts.nodes), emptied


def _edge_row(e: Edge) -> dict[str, Any]:
    props = {k: v for k, v in e.props.items() if v is not None and k not in ("key", "notice_ids")}
    return {"src": e.src, "dst": e.dst, "key": e.edge_key, "props": props}


def _recompute(tx: ManagedTransaction, ids: set[str]) -> None:
    """Set each touched node's properties to the merge of its remaining sources."""
    ordered = sorted(ids)
    for i in range(0, len(ordered), _BATCH):
        rows = [
            {"id": r["id"], "props": merged_node(r["id"], list(r["sources"]))}
            for r in tx.run(cypher.READ_SOURCES, ids=ordered[i : i + _BATCH])
        ]
        tx.run(cypher.NODE_REPLACE_PROPS, rows=rows).consume()


def _load_tx(tx: ManagedTransaction, batch: list[Facts]) -> None:
    touched: set[str] = set()
    emptied: set[str] = set()
    ids = [f.notice_id for f in batch]
    stored = stored_sources(tx, ids)
    for facts in batch:
        wrote, gone = _write(tx, facts, facts.notice_id in stored)
        touched |= wrote
        emptied |= gone
        stored.add(facts.notice_id)
    # Only now: a node the batch states again keeps the edges other sources (imported
    # spreadsheets) drew to it; DETACH DELETE of it in between would drop them. What stays on a
    # node that goes is kept as (:Orphan) records and drawn again when both ends exist. Only a
    # replaced source leaves nodes without notices, and only among those it detached.
    if emptied:
        integrity_keep_dangling(tx, "", [], sorted(emptied))
        tx.run(cypher.DELETE_ORPHAN_NODES, ids=sorted(emptied)).consume()
    integrity_reattach(tx)
    _recompute(tx, touched)
    _replay_edits(tx)
    prune_sources(tx, ids)


def _apply_edit(tx: ManagedTransaction, e: Edit, strict: bool) -> None:
    """graph.edit_log.apply_edit in Cypher; when `strict`, a no-op edit raises (rolls back)."""
    a = e.args
    if e.op == "assign_owner":
        n = tx.run(
            cypher.EDIT_ASSIGN,
            unit=a["unit"],
            item=a["item"],
            key=owns_key(a["role"]),
            role=a["role"],
            source=e.source,
        ).single(strict=True)["n"]
        if strict and not n:
            raise NotFound("task or unit", f"{a['item']} / {a['unit']}")
    elif e.op == "remove_owner":
        n = tx.run(
            cypher.EDIT_REMOVE, unit=a["unit"], item=a["item"], role=a.get("role", "")
        ).single(strict=True)["n"]
        if strict and not n:
            raise EditRefused(f"{a['unit']} does not own {a['item']}: nothing to remove")
    else:
        variant, canonical = a["variant"], a["canonical"]
        found = {r["id"]: r["props"] for r in tx.run(cypher.GET_NODES, ids=[variant, canonical])}
        if variant not in found or canonical not in found:
            if strict:
                raise NotFound("unit", variant if variant not in found else canonical)
            return
        v, c = found[variant], found[canonical]
        aliases = set(c.get("aliases") or []) | set(v.get("aliases") or []) | {v["label"]}
        merge_draws(tx, variant, canonical)
        for kind in EDGE_KINDS:
            tx.run(cypher.EDIT_MERGE_OUT[kind], variant=variant, canonical=canonical).consume()
            tx.run(cypher.EDIT_MERGE_IN[kind], variant=variant, canonical=canonical).consume()
        tx.run(
            cypher.EDIT_MERGE_NODE, variant=variant, canonical=canonical, aliases=sorted(aliases)
        ).consume()
        tx.run(cypher.EDIT_MERGE_UNIT_PROP, variant=variant, canonical=canonical).consume()


def _replay_edits(tx: ManagedTransaction) -> None:
    for r in list(tx.run(cypher.EDITS)):
        _apply_edit(tx, Edit(r["op"], json.loads(r["args"]), int(r["seq"])), strict=False)


def _record_tx(tx: ManagedTransaction, edit: Edit) -> Edit:
    seq = int(tx.run(cypher.NEXT_EDIT_SEQ).single(strict=True)["seq"])
    kept = Edit(edit.op, edit.args, seq)
    _apply_edit(tx, kept, strict=True)
    tx.run(cypher.CREATE_EDIT, seq=seq, op=kept.op, args=kept.dumps()).consume()
    return kept


def _hooked(
    tx: ManagedTransaction, hooks: list[Callable[[Any], None]], work: Callable[..., Any], *args: Any
) -> Any:
    """`work` and then every hook in the same transaction (the audit record of graph.supervision
    commits or rolls back with the change; a retry of the transaction runs both again)."""
    out = work(tx, *args)
    for hook in list(hooks):
        hook(tx)
    return out


def _leader_text(p: dict[str, Any]) -> str:
    return f"{p.get('name') or ''}{p.get('title') or ''}（{p.get('role')}）"


class Neo4jStore(Closing):
    """Connect to Neo4j (arguments, else NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD)."""

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        self.uri = uri or os.environ.get(URI_VAR) or ""
        if not self.uri:
            raise ValueError(f"{URI_VAR} is not set and no URI was given")
        auth = (
            user or os.environ.get(USER_VAR) or "neo4j",
            password or os.environ.get(PASSWORD_VAR) or "",
        )
        self.database = database or os.environ.get(DATABASE_VAR) or None
        # GraphDatabase.driver accepts bolt:// (one server) and neo4j:// (routing, clusters).
        # Notifications off: on a fresh database the server warns that labels and properties the
        # statements name do not exist yet, and the driver would log each warning to stderr.
        self.driver: Driver = GraphDatabase.driver(
            self.uri, auth=auth, notifications_min_severity="OFF"
        )
        self.hooks: list[Callable[[Any], None]] = []
        """Run inside every write transaction (load, load_facts, record_edit) before it commits:
        graph.supervision appends its audit record here (graph/backends/neo4j/supervision.py)."""
        self.ensure_schema()

    @property
    def where(self) -> str:
        return f"Neo4j {self.uri}"

    @property
    def in_memory(self) -> bool:
        """The graph stays on the server: analyses read it through Cypher."""
        return False

    def close(self) -> None:
        self.driver.close()

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(
            query, params, database_=self.database, routing_=RoutingControl.READ
        )
        return [r.data() for r in records]

    def ensure_schema(self) -> None:
        """Uniqueness constraints on `id` for every label, the roll-ups' indexes (idempotent)."""
        with self.driver.session(database=self.database) as s:
            for statement in [*cypher.CONSTRAINTS.values(), *cypher.INDEXES.values()]:
                s.run(statement).consume()
        # A store written before the source registry is registered once (sources.py).
        ensure_registry(self.driver, self.database)

    def clear(self) -> None:
        """Remove every fact of every notice (tests and re-imports from scratch)."""
        with self.driver.session(database=self.database) as s:
            s.run(cypher.DELETE_EDITS).consume()
            # Every registered source, also one that only draws relationships.
            for r in s.run(SOURCES["SOURCES_ALL"][0]).data():
                s.execute_write(_load_tx, [Facts(notice_id=str(r["id"]))])
            s.run(cypher.INTEGRITY_CLEAR).consume()

    def load(self, results: Iterable[ParseResult], replace: bool = False) -> list[Facts]:
        """Write a batch of notices in one transaction, replacing their earlier facts
        (NoticeClash when one would replace another notice, unless `replace`)."""
        batch = [build(r) for r in results]
        if not replace:
            check_replacing(heads_of_graph(self.names_graph("notice")), batch)
        with self.driver.session(database=self.database) as s:
            s.execute_write(_hooked, self.hooks, _load_tx, batch)
        return batch

    def load_facts(self, batch: Iterable[Facts]) -> None:
        """Write already-built Facts (imports) in one write transaction, as `load` does."""
        with self.driver.session(database=self.database) as s:
            s.execute_write(_hooked, self.hooks, _load_tx, list(batch))

    def orphans(self) -> list[Orphan]:
        """Facts kept aside because a re-import removed their other end (neo4j/integrity.py)."""
        return neo4j_names.orphans(self._read, self._read(cypher.INTEGRITY_ORPHANS), self.edits())

    def counts(self) -> tuple[int, int]:
        """(nodes, edges), counted as the embedded store counts them."""
        nodes = self._read(cypher.COUNT_NODES)[0]["n"]
        edges = self._read(cypher.COUNT_EDGES)[0]["n"]
        return int(nodes), int(edges)

    def notices(self) -> list[str]:
        """The notice ids that have facts in the store."""
        return [str(r["notice"]) for r in self._read(cypher.NOTICES)]

    def snapshot(self) -> nx.MultiDiGraph:
        """The whole graph, read in two statements, shaped like the embedded store's graph."""
        g = snapshot_graph(self._read(cypher.SNAPSHOT_NODES), self._read(cypher.SNAPSHOT_EDGES))
        integrity_orphans(g, self._read(cypher.INTEGRITY_ORPHANS), self.edits())
        return g

    def gaps_graph(self, notice: str | None = None, unit: str | None = None) -> nx.MultiDiGraph:
        """What find_gaps reads for one notice and/or unit, selected on the server
        (neo4j/scoped.py); the whole graph when neither is given."""
        if notice is None and unit is None:
            return self.snapshot()
        return gaps_graph(
            self._read,
            self.find_units,
            lambda: (self._read(cypher.INTEGRITY_ORPHANS), self.edits()),
            notice,
            unit,
        )

    def gaps(
        self,
        as_of: dt.date | None = None,
        notice: str | None = None,
        unit: str | None = None,
        kinds: Iterable[Kind] | None = None,
    ) -> tuple[list[Finding], nx.MultiDiGraph]:
        """find_gaps without snapshot(): every kind but progress read as facts by Cypher on the
        server (neo4j/gaps.py, kinds.py); the findings and the graph the other kinds read."""
        return neo4j_gaps(
            self._read,
            self.gaps_graph,
            lambda: bool(self._read(STATUS_USED)[0]["n"]),
            as_of,
            notice,
            unit,
            kinds,
            self.orphans,
        )

    def lights_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        """What the traffic lights of these nodes read, selected on the server."""
        return lights_graph(self._read, list(ids))

    def lights(self, ids: list[str], as_of: dt.date) -> dict[str, Status]:
        """Lights whose actuals Cypher computes on the server (neo4j/lights.py)."""
        return neo4j_lights(self._read, ids, as_of)

    def rights_graph(self, items: list[str], units: list[str]) -> nx.MultiDiGraph:
        """What the rights check of writes on these items by these units reads (the items,
        their owners and the owners' members), selected on the server."""
        return rights_graph(self._read, list(items), list(units))

    def loop_graph(self, ids: list[str]) -> nx.MultiDiGraph:
        """What the loop's lights of `ids` and the ledger rows of their tasks read, selected
        on the server."""
        return loop_graph(self._read, list(ids))

    def unit_graph(self, uid: str) -> nx.MultiDiGraph:
        """What a unit's card and map read, selected on the server."""
        return unit_graph(self._read, uid)

    def map_graph(self, kind: str, ident: str, lights: bool = True) -> nx.MultiDiGraph:
        """What the org or notice map of `ident` draws and colours, read on the server."""
        return neo4j_maps.map_graph(self._read, self.find_notices, kind, ident, lights)

    def ledger_graph(self, notice: str | None = None) -> nx.MultiDiGraph:
        """The tasks of the whole ledger (or of one notice) and what their rows read."""
        return neo4j_maps.ledger_graph(self._read, notice)

    def names_graph(self, what: What) -> nx.MultiDiGraph:
        """The names did_you_mean chooses from (and units' notices), read on the server."""
        return neo4j_names.names_graph(self._read, what)

    def progress_graph(self, indicators: list[str]) -> nx.MultiDiGraph:
        """Names, and the cells of the tables these indicator names may mean (neo4j/names.py)."""
        return neo4j_names.progress_graph(self._read, indicators)

    def enterprises_graph(self, words: list[str]) -> nx.MultiDiGraph:
        """Names, stored enterprises, and the cells of tables naming one of `words`."""
        return neo4j_names.enterprises_graph(self._read, words)

    # -- the index, task, notice-list and members pages (neo4j/browse.py) ------------------
    def catalog(self) -> Catalog:
        """Groups, notices' heads, units with their owned counts and tables, by aggregates."""
        return neo4j_browse.catalog(self._read)

    def warm_plans(self, as_of: dt.date) -> str | None:
        """Ask once what the index, a unit's page and its gaps ask, so the server compiles and caches those
        statements' plans (a fresh server's first county gaps: ~9 s cold, ~0.7 s warm).
        The unit's name, or None when no unit owns anything."""
        owners = [ref for ref, owns in self.catalog().units if owns]
        if not owners:
            return None
        self.gaps(as_of, unit=owners[0].label)  # gaps match a unit by its name
        self.lights([owners[0].id], as_of)
        self.overview(as_of)  # the index page's lights
        return owners[0].label

    def overview(self, as_of: dt.date) -> Overview:
        """The index's light counts from the actuals computed on the server."""
        return neo4j_browse.overview(self._read, as_of)

    def pool_graph(self, kind: str) -> nx.MultiDiGraph:
        """Tasks' names with the notices' heads, or groups' names."""
        return neo4j_browse.pool_graph(self._read, kind)

    def task_graph(self, task: str) -> nx.MultiDiGraph:
        """One task, its notice's outline and the loop's lights of the task, selected on the server."""
        return neo4j_browse.task_graph(self._read, task)

    def notice_graph(self, notice: str) -> nx.MultiDiGraph:
        """One notice's tasks, owners, indicators and the loop's lights, selected on the server."""
        return neo4j_browse.notice_graph(self._read, notice)

    def group_graph(self, group: str) -> nx.MultiDiGraph:
        """One group's leaders, office, members and region, selected on the server."""
        return neo4j_browse.group_graph(self._read, group)

    # -- queries, as graph/queries.py answers them on the embedded store ---------------------

    def find_items(self, text: str) -> list[str]:
        exact = [str(r["id"]) for r in self._read(cypher.FIND_ITEMS_EXACT, text=text)]
        return exact or [str(r["id"]) for r in self._read(cypher.FIND_ITEMS_WORDS, text=text)]

    def find_units(self, name: str) -> list[str]:
        names = sorted({name, expand_abbreviation(name)})
        for query in (
            cypher.FIND_UNITS_BY_LABEL,
            cypher.FIND_UNITS_BY_ALIAS,
            cypher.FIND_UNITS_BY_SUFFIX,
        ):
            found = [str(r["id"]) for r in self._read(query, names=names)]
            if found:
                return found
        return []

    def owners(self, text: str) -> list[Owners]:
        """Who owns a task or indicator (an indicator inherits the owners of its task)."""
        items = self.find_items(text)
        rows = self.owners_of(items)
        out = []
        for item in items:
            (a,) = self._read(cypher.ITEM, item=item)
            out.append(Owners(item, a["kind"], a["label"], a["notice"], rows.get(item, [])))
        return out

    def responsibilities(self, unit_name: str) -> list[Duty]:
        """Tasks, indicators and targets a unit owns, directly and through its collectives."""
        return merge_duties(self.duties_of(self.find_units(unit_name)).values())

    def rollup(
        self, indicator: str, region: str | None = None, period: str | None = None
    ) -> list[Rollup]:
        """Per table and period: children's values, their sum, the stated 合计, the headline.

        One request (cypher.ROLLUP_ONE); a second reads the actuals when reports or
        enterprises exist."""
        names = sorted({region, expand_abbreviation(region)}) if region else None
        rows = self._read(
            cypher.ROLLUP_ONE,
            indicator=indicator,
            names=names,
            period=None if period is None else norm_period(period),
        )
        widest: dict[tuple[str, str], str] = {}
        for r in rows:
            key = (r["notice"], r["table"])
            if len(r["period"]) > len(widest.get(key, "")):
                widest[key] = r["period"]
        out = []
        for r in rows:
            stated = None if r["stated"] is None else float(r["stated"])
            head = (
                match_headline(r["table"], r["measure"], (tuple(h) for h in r["headlines"]))
                if r["period"] == widest[(r["notice"], r["table"])]
                else None
            )
            out.append(
                make_rollup(
                    r["table"],
                    r["measure"],
                    r["notice"],
                    r["period"],
                    r["region"] if r["region"] is not None else region,
                    [(str(c[0]), float(c[1])) for c in r["children"]],
                    stated,
                    head,
                )
            )
        if out and rows[0]["actuals"]:
            actuals = Actuals(self._actuals_graph(list(rows[0]["tables"])))
            out = [actuals.rollup(r) for r in out]
        return out

    def _actuals_graph(self, tables: list[str]) -> nx.MultiDiGraph:
        """The part of the graph that Actuals reads for these tables, in three reads."""
        nodes = self._read(cypher.ACTUAL_TARGETS, tables=tables)
        nodes += self._read(cypher.ACTUAL_REPORTS, tables=tables)
        edges = self._read(cypher.ACTUAL_CONTRIBUTIONS, tables=tables)
        nodes += [{"id": e["src"], "kind": e["src_kind"], "props": e["src_props"]} for e in edges]
        return snapshot_graph(nodes, edges)

    # -- lineage and impact, as graph/lineage.py and graph/impact.py answer them -------------

    def find_notices(self, text: str) -> list[str]:
        rows = self._read(cypher.FIND_NOTICES, text=text)
        return [str(r["id"]) for r in rows if r["rank"] == rows[0]["rank"]]

    def lineage(self, notice: str) -> Lineage:
        """CITES and IMPLEMENTS around one notice; LookupError when no notice matches."""
        found = self.find_notices(notice)
        if not found:
            raise LookupError(f"no notice matches {notice!r}")
        (n,) = self._read(cypher.NOTICE, notice=found[0])
        result = Lineage(n["id"], n["label"], n["doc_number"])
        for r in self._read(cypher.NOTICE_LINKS, notice=found[0]):
            implements = r["kind"] == "IMPLEMENTS"
            link = Link(
                r["id"], r["label"], r["doc_number"], r["known"], BASIS if implements else None
            )
            if r["outgoing"]:
                (result.implements if implements else result.cites).append(link)
            else:
                (result.implemented_by if implements else result.cited_by).append(link)
        return result

    def _out(self, node_id: str, kinds: tuple[str, ...], label: str = "Entity") -> list[str]:
        rows = self._read(cypher.OUT_NEIGHBOURS, id=node_id, kinds=list(kinds), label=label)
        return [str(r["id"]) for r in rows]

    def _closure(self, starts: Iterable[str], kinds: tuple[str, ...], label: str) -> dict[str, str]:
        """As graph.impact._closure: reachable nodes, each with the node it came from."""
        found: dict[str, str] = {}
        todo = list(starts)
        while todo:
            cur = todo.pop()
            for v in self._out(cur, kinds, label):
                if v not in found:
                    found[v] = cur
                    todo.append(v)
        return found

    def _notice_of(self, item: str) -> str | None:
        (r,) = self._read(cypher.NOTICE_OF, item=item)
        for ids in (r["parents"], r["by_notice"]):
            if ids:
                return str(sorted(ids)[0])
        return None

    def _nodes(self, via: dict[str, str | None]) -> list[ImpactNode]:
        ids = sorted(via)
        came = {v for v in via.values() if v}
        info = {r["id"]: r for r in self._read(cypher.NODES, ids=sorted(set(ids) | came))}
        return [
            ImpactNode(
                i,
                info[i]["kind"],
                info[i]["label"],
                info[c]["label"] if (c := via[i]) else None,
            )
            for i in ids
        ]

    def impact(self, unit_or_target: str) -> Impact:
        """The dependency chain above a unit or a target, as graph.impact.impact."""
        targets: dict[str, str | None] = {}
        start = self._read(cypher.NODES, ids=[unit_or_target])
        if start and start[0]["kind"] == "Target":
            units = [str(start[0]["unit"])]
            targets[unit_or_target] = None
            own_targets = False
        else:
            units = self.find_units(unit_or_target)
            own_targets = True
        if not units:
            raise LookupError(f"no unit or target matches {unit_or_target!r}")
        collectives = self._closure(units, ("MEMBER_OF",), "Unit")
        regions = self._closure([*units, *collectives], ("PART_OF",), "Unit")
        tasks: dict[str, str | None] = {}
        for holder in [*units, *collectives]:
            for owned in self._read(
                cypher.OUT_NEIGHBOURS, id=holder, kinds=["OWNS"], label="Entity"
            ):
                if owned["kind"] == "Task":
                    tasks.setdefault(owned["id"], holder)
                elif owned["kind"] == "Target" and own_targets:
                    targets.setdefault(owned["id"], None)
        indicators: dict[str, str | None] = {
            i: t for t in tasks for i in self._out(t, ("CONTAINS",))
        }
        rolls = self._closure(targets, ("CONTRIBUTES_TO",), "Target")
        notices: dict[str, str | None] = {}
        for item in [*tasks, *targets, *rolls]:
            n = self._notice_of(item)
            if n:
                notices.setdefault(n, None)
        upstream = self._closure(notices, ("CITES", "IMPLEMENTS"), "Notice")
        levels = [
            Level("units", self._nodes(dict.fromkeys(units))),
            Level("collectives", self._nodes(dict(collectives))),
            Level("regions", self._nodes(dict(regions))),
            Level("tasks", self._nodes(tasks)),
            Level("indicators", self._nodes(indicators)),
            Level("targets", self._nodes(targets)),
            Level("rolls_up_into", self._nodes(dict(rolls))),
            Level("notices", self._nodes(notices)),
            Level("upstream", self._nodes(dict(upstream))),
        ]
        return Impact(unit_or_target, levels)

    # -- browsing, batched look-ups and hand edits, as graph/browse.py answers them ----------

    def get_nodes(self, ids: list[str]) -> dict[str, NodeInfo]:
        rows = self._read(cypher.GET_NODES, ids=list(ids))
        return {
            r["id"]: node_info(r["id"], r["kind"], r["props"]["label"], r["props"]) for r in rows
        }

    def list_nodes(
        self, kinds: Sequence[str], f: NodeFilter, offset: int, limit: int
    ) -> Page[NodeInfo]:
        return self._list(kinds, f, offset, limit, None)

    def _list(
        self, kinds: Sequence[str], f: NodeFilter, offset: int, limit: int, search: str | None
    ) -> Page[Any]:
        (r,) = self._read(
            cypher.LIST_NODES,
            kinds=list(kinds),
            text=f.text,
            notice=f.notice,
            owned=f.owned,
            collective=f.collective,
            loaded=f.loaded,
            offset=offset,
            limit=limit,
        )
        items: list[Any] = []
        for x in r["items"]:
            info = node_info(x["id"], x["kind"], x["props"]["label"], x["props"])
            if search is None:
                items.append(info)
            else:
                items.append(search_hit(info, x["kind"], x["props"]["label"], x["props"], search))
        return Page(items, int(r["total"]), offset, limit)

    def search(self, text: str, offset: int, limit: int) -> Page[SearchHit]:
        return self._list(SEARCH_KINDS, NodeFilter(text=text), offset, limit, text)

    def owners_of(self, item_ids: list[str]) -> dict[str, list[OwnerRow]]:
        """Owner rows of many items in one read (two when an indicator inherits its task's)."""
        found = self.get_nodes(list(item_ids))
        rows = self._owner_rows_of(list(found))
        orphans = [i for i in found if not rows.get(i) and isinstance(found[i], IndicatorInfo)]
        if orphans:
            parents = self._read(cypher.PARENT_TASKS_OF, ids=orphans)
            inherited = self._owner_rows_of(sorted({p["id"] for p in parents}))
            for p in parents:
                rows.setdefault(p["item"], []).extend(inherited.get(p["id"], []))
        return {i: rows.get(i, []) for i in found}

    def _owner_rows_of(self, ids: list[str]) -> dict[str, list[OwnerRow]]:
        out: dict[str, list[OwnerRow]] = defaultdict(list)
        for r in self._read(cypher.OWNERS_OF, ids=ids):
            leaders = {p["id"]: _leader_text(p) for p in r["leaders"] if p.get("id") is not None}
            groups = set(r["groups"]) | {g for gs in r["leader_groups"] for g in gs}
            out[r["item"]].append(
                OwnerRow(
                    r["unit_id"], r["unit"], r["role"], sorted(groups), sorted(leaders.values())
                )
            )
        return out

    def duties_of(self, unit_ids: list[str]) -> dict[str, list[Duty]]:
        """What each unit owns, directly and through its collectives: two reads for all units."""
        known = self.get_nodes(list(unit_ids))
        units = [u for u in unit_ids if u in known]
        collectives: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r in self._read(cypher.COLLECTIVES_OF, units=units):
            collectives[r["unit"]].append((r["id"], r["label"]))
        holders = sorted(set(units) | {c for cs in collectives.values() for c, _ in cs})
        owned: dict[str, list[Duty]] = defaultdict(list)
        for r in self._read(cypher.OWNED_BY, units=holders):
            owned[r["unit"]].append(
                Duty(r["id"], r["kind"], r["label"], r["role"], r["notice"], None, r["path"])
            )
        out = {}
        for u in units:
            chain = [(None, owned[u])] + [(label, owned[c]) for c, label in collectives[u]]
            duties = gather_duties(chain)
            out[u] = sorted(duties.values(), key=lambda d: (d.kind, d.item_id))
        return out

    def record_edit(self, edit: Edit) -> Edit:
        """Log and apply one hand edit in one write transaction (refused -> rolled back)."""
        with self.driver.session(database=self.database) as s:
            kept: Edit = s.execute_write(_hooked, self.hooks, _record_tx, edit)
        return kept

    def edits(self) -> list[Edit]:
        return [
            Edit(r["op"], json.loads(r["args"]), int(r["seq"])) for r in self._read(cypher.EDITS)
        ]


def main(argv: list[str] | None = None) -> int:
    """`python -m dutygraph.graph.backends.neo4j.store FILES…`: load notices into $NEO4J_URI."""
    import sys

    from dutygraph.loaders import read_notice

    files = sys.argv[1:] if argv is None else argv
    if not files:
        print("usage: python -m dutygraph.graph.backends.neo4j.store NOTICE.txt…", file=sys.stderr)
        return 2
    with Neo4jStore() as store:
        store.load([read_notice(f) for f in files])
        nodes, edges = store.counts()
    print(f"{store.uri}: {len(files)} notices loaded; {nodes} nodes, {edges} edges")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
