"""The audit trail (留痕): one record per write, chained by SHA-256 so a gap or an edit shows.

Each record's hash covers its fields and the previous record's hash; `audit_head` keeps the last
seq and hash, so removing the newest records is caught too. Someone who can rewrite the whole
file can rebuild the chain: the chain proves the log was not edited in place, not who holds it.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from dutygraph.graph.supervision.accounts import Account
from dutygraph.graph.supervision.records import Records, Supervision

GENESIS = "0" * 64
ACTION_ZH: dict[str, str] = {
    "import_notice": "导入通知",
    "import_progress": "导入进度表",
    "import_enterprises": "导入企业名单",
    "import_leaders": "导入领导和联络员",
    "record_progress": "报送进度",
    "assign_owner": "增加责任单位",
    "remove_owner": "移除责任单位",
    "merge_units": "合并单位",
    "acknowledge": "签收",
    "feedback": "反馈进展",
    "close": "办结",
    "remind": "催办",
    "account_add": "新增账号",
    "account_revoke": "停用账号",
}


@dataclass(frozen=True)
class AuditRecord:
    """One write: who (account), when (UTC), what (action, item), the values before and after."""

    seq: int
    at: str
    account_id: int
    account: str
    unit_id: str | None
    action: str
    item: str | None
    before: Any
    after: Any
    prev: str = GENESIS
    hash: str = ""


@dataclass(frozen=True)
class AuditFilter:
    """Which records to list: by unit id, item id, account (id or name) and a date range (UTC)."""

    unit_id: str | None = None
    item: str | None = None
    account: str | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditRecord]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class Broken:
    """Where the chain breaks: the seq and what is wrong there (Chinese, for the clerk)."""

    seq: int
    reason: str


@dataclass
class Verified:
    records: int = 0
    broken: list[Broken] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _digest(seq: int, at: str, fields: tuple[Any, ...], prev: str) -> str:
    body = json.dumps([seq, at, *fields, prev], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    rec: Records,
    who: Account,
    action: str,
    item: str | None,
    before: Any = None,
    after: Any = None,
    unit_id: str | None = None,
) -> AuditRecord:
    """Append one record inside the caller's write transaction, chained to the last one."""
    head = rec.audit_head()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    unit = unit_id if unit_id is not None else who.unit_id
    fields = (who.id, who.name, unit, action, item, _dumps(before), _dumps(after))
    digest = _digest(seq, at, fields, prev)
    rec.add_audit((seq, at, *fields, prev, digest))
    return AuditRecord(seq, at, who.id, who.name, unit, action, item, before, after, prev, digest)


def _record(r: Any) -> AuditRecord:
    before = json.loads(r[7]) if r[7] is not None else None
    after = json.loads(r[8]) if r[8] is not None else None
    return AuditRecord(
        int(r[0]), r[1], int(r[2]), r[3], r[4], r[5], r[6], before, after, r[9], r[10]
    )


def records(store: Supervision, f: AuditFilter, offset: int, limit: int) -> AuditPage:
    """Records matching `f`, newest first, one page of them and how many match in all."""
    where = {
        "unit_id": f.unit_id,
        "item": f.item,
        "account": f.account,
        "action": f.action,
        "since": f.since.isoformat() if f.since else None,
        "until": (f.until + dt.timedelta(days=1)).isoformat() if f.until else None,
    }
    with store.reading() as rec:
        rows, total = rec.audit_page(where, offset, limit)
    return AuditPage([_record(r) for r in rows], total, offset, limit)


KEY_ZH: dict[str, str] = {
    "unit": "单位",
    "indicator": "指标",
    "period": "期间",
    "value": "数值",
    "status": "状态",
    "note": "说明",
    "day": "日期",
    "reminded": "催办日期",
    "file": "文件",
    "notice": "通知",
    "name": "名称",
    "role": "角色",
    "jurisdiction": "辖区",
    "revoked": "停用",
    "variant": "原名",
    "canonical": "并入",
    "into": "并入",
}


def shown(value: Any) -> str:
    """A before/after value as a clerk reads it: 键：值；… for objects, 、 between list items."""
    if value is None:
        return ""
    if isinstance(value, dict):
        parts = [f"{KEY_ZH.get(k, k)}：{shown(v)}" for k, v in value.items() if v not in (None, "")]
        return "；".join(parts)
    if isinstance(value, list):
        return "、".join(shown(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def verify(store: Supervision) -> Verified:
    """Walk the chain from the first record: every hash, every link, no gap, the head matches."""
    out = Verified()
    prev, expected_seq = GENESIS, 1
    with store.reading() as rec:
        for r in rec.audit_chain():
            seq = int(r[0])
            out.records += 1
            if seq != expected_seq:
                out.broken.append(
                    Broken(seq, f"缺少第{expected_seq}至{seq - 1}条记录 (records missing)")
                )
            if r[9] != prev:
                out.broken.append(
                    Broken(seq, "与上一条记录的链接不符 (link to the previous record broken)")
                )
            if _digest(seq, r[1], tuple(r[2:9]), r[9]) != r[10]:
                out.broken.append(Broken(seq, "记录内容被改动 (record altered: hash mismatch)"))
            prev, expected_seq = str(r[10]), seq + 1
        head = rec.audit_head()
    last = (expected_seq - 1, prev)
    if (head is None and out.records) or (head is not None and head != last):
        out.broken.append(
            Broken(last[0], "最新记录与链头不符，可能有记录被删除 (head mismatch: records removed)")
        )
    return out
