"""The Cypher of the supervision loop on Neo4j: accounts, the audit chain, task status.

Kept apart from the graph's statements (cypher.py lists them for the linter): (:Account),
(:Audit) records, one (:AuditHead {one: 1}) holding the newest seq and hash, (:TaskStatus)
events, (:WebSession) page sessions and one (:WebSecret). None is an :Entity, so graph counts, snapshots and notice loads never see them.
"""

_RETURN_ACCOUNT = """\
RETURN a.id AS id, a.name AS name, a.role AS role, a.unit_id AS unit_id,
       a.jurisdiction AS jurisdiction, a.created AS created, a.revoked AS revoked,
       a.salt AS salt, a.hash AS hash
ORDER BY id"""
_RETURN_AUDIT = """\
RETURN a.seq AS seq, a.at AS at, a.account_id AS account_id, a.account AS account,
       a.unit_id AS unit_id, a.action AS action, a.item AS item, a.before AS before,
       a.after AS after, a.prev AS prev, a.hash AS hash"""
_RETURN_STATUS = """\
RETURN s.seq AS seq, s.task AS task, s.unit_id AS unit_id, s.status AS status, s.note AS note,
       s.day AS day, s.at AS at, s.account AS account, s.value AS value
ORDER BY seq"""
_AUDIT_WHERE = """\
MATCH (a:Audit)
WHERE ($unit_id IS NULL OR a.unit_id = $unit_id) AND ($item IS NULL OR a.item = $item)
  AND ($account IS NULL OR a.account = $account OR toString(a.account_id) = $account)
  AND ($action IS NULL OR a.action = $action)
  AND ($since IS NULL OR a.at >= $since) AND ($until IS NULL OR a.at < $until)"""

SUPERVISION_SCHEMA: dict[str, str] = {
    "SUP_ACCOUNT_ID": (
        "CREATE CONSTRAINT sup_account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE"
    ),
    "SUP_ACCOUNT_SELECTOR": (
        "CREATE CONSTRAINT sup_account_selector IF NOT EXISTS"
        " FOR (a:Account) REQUIRE a.selector IS UNIQUE"
    ),
    "SUP_AUDIT_SEQ": (
        "CREATE CONSTRAINT sup_audit_seq IF NOT EXISTS FOR (a:Audit) REQUIRE a.seq IS UNIQUE"
    ),
    "SUP_AUDIT_HEAD": (
        "CREATE CONSTRAINT sup_audit_head IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.one IS UNIQUE"
    ),
    "SUP_STATUS_SEQ": (
        "CREATE CONSTRAINT sup_status_seq IF NOT EXISTS FOR (s:TaskStatus) REQUIRE s.seq IS UNIQUE"
    ),
    "SUP_WEB_SESSION": (
        "CREATE CONSTRAINT sup_web_session IF NOT EXISTS FOR (s:WebSession) REQUIRE s.hash IS UNIQUE"
    ),
    "SUP_WEB_SECRET": (
        "CREATE CONSTRAINT sup_web_secret IF NOT EXISTS FOR (w:WebSecret) REQUIRE w.one IS UNIQUE"
    ),
    "SUP_WEB_EXPIRES": (
        "CREATE INDEX sup_web_expires IF NOT EXISTS FOR (s:WebSession) ON (s.expires)"
    ),
    "SUP_ACCOUNT_NAME": "CREATE INDEX sup_account_name IF NOT EXISTS FOR (a:Account) ON (a.name)",
    "SUP_AUDIT_ITEM": "CREATE INDEX sup_audit_item IF NOT EXISTS FOR (a:Audit) ON (a.item)",
    "SUP_STATUS_TASK": (
        "CREATE INDEX sup_status_task IF NOT EXISTS FOR (s:TaskStatus) ON (s.task, s.unit_id)"
    ),
}

ACCOUNTS_BY: dict[str, str] = {
    key: f"MATCH (a:Account {{{key}: $value}})\n"
    "WHERE NOT $active OR a.revoked IS NULL\n" + _RETURN_ACCOUNT
    for key in ("id", "name", "selector")
}
ACCOUNTS_ALL = "MATCH (a:Account)\nWHERE NOT $active OR a.revoked IS NULL\n" + _RETURN_ACCOUNT
NEXT_ACCOUNT_ID = "MATCH (a:Account) RETURN coalesce(max(a.id), 0) + 1 AS id"
ADD_ACCOUNT = """\
CREATE (:Account {id: $id, name: $name, role: $role, unit_id: $unit_id,
                  jurisdiction: $jurisdiction, selector: $selector, salt: $salt, hash: $hash,
                  created: $created})"""
REVOKE_ACCOUNT = "MATCH (a:Account {id: $id}) SET a.revoked = $when"

# Writing a property takes the head's write lock until commit, and what is read after it is
# the newest committed head: concurrent writers queue here, so the chain never forks.
LOCK_HEAD = """\
MERGE (h:AuditHead {one: 1})
SET h.locked = true
RETURN h.seq AS seq, h.hash AS hash"""
READ_HEAD = "MATCH (h:AuditHead {one: 1}) RETURN h.seq AS seq, h.hash AS hash"
ADD_AUDIT = """\
CREATE (:Audit {seq: $seq, at: $at, account_id: $account_id, account: $account,
                unit_id: $unit_id, action: $action, item: $item, before: $before,
                after: $after, prev: $prev, hash: $hash})
MERGE (h:AuditHead {one: 1})
SET h.seq = $seq, h.hash = $hash"""
AUDIT_COUNT = _AUDIT_WHERE + "\nRETURN count(a) AS n"
AUDIT_PAGE = _AUDIT_WHERE + "\n" + _RETURN_AUDIT + "\nORDER BY seq DESC\nSKIP $offset\nLIMIT $limit"
AUDIT_CHAIN = "MATCH (a:Audit)\n" + _RETURN_AUDIT + "\nORDER BY seq"

STATUS_ALL = "MATCH (s:TaskStatus)\n" + _RETURN_STATUS
STATUS_OF = "MATCH (s:TaskStatus {task: $task, unit_id: $unit})\n" + _RETURN_STATUS
NEXT_STATUS_SEQ = "MATCH (s:TaskStatus) RETURN coalesce(max(s.seq), 0) + 1 AS seq"
ADD_STATUS = """\
CREATE (:TaskStatus {seq: $seq, task: $task, unit_id: $unit, status: $status, note: $note,
                     day: $day, at: $at, account: $account, value: $value})"""
STATUS_USED = "MATCH (s:TaskStatus) WITH s LIMIT 1 RETURN count(s) AS n"
STATUS_VERSION = "MATCH (s:TaskStatus) RETURN count(s) AS n, max(s.seq) AS newest"
CLEAR_SUPERVISION = """\
MATCH (n)
WHERE n:Account OR n:Audit OR n:AuditHead OR n:TaskStatus OR n:WebSession
DETACH DELETE n"""

# Page log-in sessions (graph/supervision/sessions.py): the SHA-256 of the id (hex), never the id.
SESSION_EXPIRED = "MATCH (s:WebSession) WHERE s.expires < $now DELETE s"
SESSION_PUT = """\
MERGE (s:WebSession {hash: $hash})
SET s.account_id = $account_id, s.bound = $bound, s.expires = $expires"""
SESSION_GET = """\
MATCH (s:WebSession {hash: $hash})
RETURN s.account_id AS account_id, s.bound AS bound, s.expires AS expires"""
SESSION_DROP = "MATCH (s:WebSession {hash: $hash}) DELETE s"
# The first server on the database picks the secret that signs log-in forms; the rest read it.
WEB_SECRET = """\
MERGE (w:WebSecret {one: 1})
ON CREATE SET w.key = $key
RETURN w.key AS key"""

_AUDIT_FILTER = frozenset({"unit_id", "item", "account", "action", "since", "until"})
_ACCOUNT_READ = frozenset({"value", "active"})
SUPERVISION: dict[str, tuple[str, frozenset[str]]] = {
    **{k: (v, frozenset()) for k, v in SUPERVISION_SCHEMA.items()},
    **{f"SUP_ACCOUNTS_BY_{k.upper()}": (v, _ACCOUNT_READ) for k, v in ACCOUNTS_BY.items()},
    "SUP_ACCOUNTS_ALL": (ACCOUNTS_ALL, frozenset({"active"})),
    "SUP_NEXT_ACCOUNT_ID": (NEXT_ACCOUNT_ID, frozenset()),
    "SUP_ADD_ACCOUNT": (
        ADD_ACCOUNT,
        frozenset(
            {"id", "name", "role", "unit_id", "jurisdiction", "selector", "salt", "hash"}
            | {"created"}
        ),
    ),
    "SUP_REVOKE_ACCOUNT": (REVOKE_ACCOUNT, frozenset({"id", "when"})),
    "SUP_LOCK_HEAD": (LOCK_HEAD, frozenset()),
    "SUP_READ_HEAD": (READ_HEAD, frozenset()),
    "SUP_ADD_AUDIT": (
        ADD_AUDIT,
        frozenset({"seq", "at", "account_id", "account", "unit_id", "action", "item"})
        | frozenset({"before", "after", "prev", "hash"}),
    ),
    "SUP_AUDIT_COUNT": (AUDIT_COUNT, _AUDIT_FILTER),
    "SUP_AUDIT_PAGE": (AUDIT_PAGE, _AUDIT_FILTER | {"offset", "limit"}),
    "SUP_AUDIT_CHAIN": (AUDIT_CHAIN, frozenset()),
    "SUP_STATUS_ALL": (STATUS_ALL, frozenset()),
    "SUP_STATUS_OF": (STATUS_OF, frozenset({"task", "unit"})),
    "SUP_NEXT_STATUS_SEQ": (NEXT_STATUS_SEQ, frozenset()),
    "SUP_ADD_STATUS": (
        ADD_STATUS,
        frozenset({"seq", "task", "unit", "status", "note", "day", "at", "account", "value"}),
    ),
    "SUP_STATUS_USED": (STATUS_USED, frozenset()),
    "SUP_STATUS_VERSION": (STATUS_VERSION, frozenset()),
    "SUP_CLEAR": (CLEAR_SUPERVISION, frozenset()),
    "SUP_SESSION_EXPIRED": (SESSION_EXPIRED, frozenset({"now"})),
    "SUP_SESSION_PUT": (SESSION_PUT, frozenset({"hash", "account_id", "bound", "expires"})),
    "SUP_SESSION_GET": (SESSION_GET, frozenset({"hash"})),
    "SUP_SESSION_DROP": (SESSION_DROP, frozenset({"hash"})),
    "SUP_WEB_SECRET": (WEB_SECRET, frozenset({"key"})),
}
"""Every statement above by a stable name, with the parameters the store passes (for the lint)."""
