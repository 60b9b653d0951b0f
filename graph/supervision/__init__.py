"""The supervision loop (督查督办): accounts and rights, the audit trail, task status, ledger, 催办.

May import graph.store, graph.queries, graph.progress and graph.imports; api reads through it."""

from dutygraph.graph.supervision.accounts import (
    ROLE_ZH,
    ROLES,
    SERVER_TOKEN,
    Account,
    command_line,
)
from dutygraph.graph.supervision.audit import AuditFilter, AuditPage, AuditRecord, Verified
from dutygraph.graph.supervision.errors import (
    Forbidden,
    NoSupervisionStore,
    NotAuthenticated,
    SupervisionError,
)
from dutygraph.graph.supervision.rights import Action, Subject, may, require, subject_of
from dutygraph.graph.supervision.status import STEPS, State

__all__ = [
    "Account",
    "Action",
    "AuditFilter",
    "AuditPage",
    "AuditRecord",
    "Forbidden",
    "NoSupervisionStore",
    "NotAuthenticated",
    "ROLES",
    "ROLE_ZH",
    "SERVER_TOKEN",
    "STEPS",
    "State",
    "Subject",
    "SupervisionError",
    "Verified",
    "command_line",
    "may",
    "require",
    "subject_of",
]
