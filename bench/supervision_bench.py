"""The supervision loop's costs, each against a baseline measured in the same run:

- a progress value recorded with rights and audit (graph.supervision.writes) vs without
  (graph.imports.record_progress), same store, same value;
- a token check: the scrypt check of a new token vs the cached check of a known one;
- `audit verify` per record vs hashing the same bytes with SHA-256 alone;
- the 督办台账 of the five samples (task × unit, lights, status) vs building the lights alone;
- with NEO4J_URI set, the first and third on Neo4j too (the record in the write's transaction),
  and the read behind a status step's rights check: the scoped rights_graph vs snapshot().
"""

import datetime as dt
import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutygraph.api.accounts import Accounts
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import URI_VAR, Embedded, Neo4jStore
from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
from dutygraph.graph.imports import record_progress
from dutygraph.graph.progress import Lights
from dutygraph.graph.store import Store
from dutygraph.graph.supervision import SERVER_TOKEN, Account, audit, writes
from dutygraph.graph.supervision.ledger import ledger
from dutygraph.graph.supervision.rights import subject_of
from dutygraph.graph.supervision.tables import store_of
from dutygraph.loaders import read_notice

ROOT = Path(__file__).resolve().parents[1]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
AS_OF = dt.date(2024, 12, 10)
AUDIT_RECORDS = 5000


@dataclass(frozen=True)
class Pair:
    """One cost (ms) and its baseline (ms) in the same run."""

    name: str
    ours_ms: float
    base_ms: float
    base_name: str

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.base_ms if self.base_ms else float("inf")


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def value_pair(db: Any, account: Account, runs: int, prefix: str = "") -> Pair:
    """One progress value with rights and audit against the library's own write, same store."""
    values = iter(range(10**6))

    def plain() -> object:
        return record_progress(db, "税郭镇", "知识产权专利开放许可", "2024", next(values))

    def audited() -> object:
        return writes.record_progress(
            db, account, "税郭镇", "知识产权专利开放许可", "2024", next(values)
        )

    return Pair(
        f"{prefix}record a value (rights + audit)",
        median_ms(audited, runs),
        median_ms(plain, runs),
        f"{prefix}record a value (library)",
    )


def measure(runs: int = 21) -> list[Pair]:
    results = [read_notice(p) for p in NOTICES]
    out: list[Pair] = []
    with tempfile.TemporaryDirectory() as tmp, Embedded(Store(Path(tmp) / "b.sqlite")) as db:
        db.load(results)
        account, token = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
        out.append(value_pair(db, account, runs))
        accounts = Accounts(db, Settings())
        accounts.lookup(token)
        cached = median_ms(lambda: accounts.lookup(token), runs)
        fresh = median_ms(lambda: writes.authenticate(db, token), max(5, runs // 3))
        out.append(Pair("token check, scrypt", fresh, cached, "token check, cached"))
        sup = store_of(db)
        with sup.transaction() as rec:
            for i in range(AUDIT_RECORDS):
                audit.append(rec, account, "bench", f"item{i}", {"v": i}, {"v": i + 1})
        rows = db.store.conn.execute(
            "SELECT at, account, before, after, hash FROM audit"
        ).fetchall()
        n = len(rows)

        def raw_hash() -> object:
            return [hashlib.sha256(repr(r).encode()).hexdigest() for r in rows]

        out.append(
            Pair(
                f"audit verify, {n} records",
                median_ms(lambda: audit.verify(sup), 5),
                median_ms(raw_hash, 5),
                "SHA-256 of the same rows",
            )
        )
        g = db.snapshot()
        with sup.reading() as rec:
            count = len(ledger(g, rec, AS_OF))
        out.append(
            Pair(
                f"督办台账, {count} rows",
                median_ms(lambda: writes.ledger_rows(db, AS_OF), 7),
                median_ms(lambda: Lights(g, AS_OF), 7),
                "traffic-light index alone",
            )
        )
    return out


NEO4J_AUDIT_RECORDS = 1000


def measure_neo4j(runs: int = 11) -> list[Pair]:
    """An audited value and `audit verify` on the NEO4J_URI server (emptied first and after)."""
    results = [read_notice(p) for p in NOTICES]
    out: list[Pair] = []
    with Neo4jStore() as db:
        sup = neo4j_supervision(db)
        assert sup is not None
        db.clear()
        sup.clear()
        try:
            db.load(results)
            account, _ = writes.add_account(db, SERVER_TOKEN, "税郭镇", "unit")
            out.append(value_pair(db, account, runs, "Neo4j: "))
            task, unit = "t:na3a8e7f37d:三.(二).1", "u:枣庄市市中区税郭镇"
            out.append(
                Pair(
                    "Neo4j: a step's rights check (rights_graph)",
                    median_ms(lambda: subject_of(db.rights_graph([task], [unit]), task), runs),
                    median_ms(lambda: subject_of(db.snapshot(), task), runs),
                    "the same check on snapshot()",
                )
            )
            with sup.transaction() as rec:
                for i in range(NEO4J_AUDIT_RECORDS):
                    audit.append(rec, account, "bench", f"item{i}", {"v": i}, {"v": i + 1})
            with sup.reading() as rec:
                rows = list(rec.audit_chain())

            def raw_hash() -> object:
                return [hashlib.sha256(repr(r).encode()).hexdigest() for r in rows]

            out.append(
                Pair(
                    f"Neo4j: audit verify, {len(rows)} records",
                    median_ms(lambda: audit.verify(sup), 5),
                    median_ms(raw_hash, 5),
                    "SHA-256 of the same rows",
                )
            )
        finally:
            sup.clear()
            db.clear()
    return out


def measure_all() -> list[Pair]:
    """The embedded pairs, and the Neo4j ones when NEO4J_URI is set."""
    return measure() + (measure_neo4j() if os.environ.get(URI_VAR) else [])
