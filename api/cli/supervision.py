"""The supervision loop on the command line: `users`, `audit`, `task`, `remind`, `ledger`.

Thin commands over graph.supervision; the person at the command line acts as the office
(命令行 <user>), and every write is audited like one made through the API.
"""

import datetime as dt
import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dutygraph.api.cli.graph import StoreOpt, _as_of, _backend, _fail
from dutygraph.api.cli.summary import make_console
from dutygraph.graph.errors import GraphError
from dutygraph.graph.supervision import ROLE_ZH, Account, AuditFilter, command_line, writes
from dutygraph.graph.supervision import audit as g_audit
from dutygraph.graph.supervision.ledger import LIGHT_ZH, LedgerFilter
from dutygraph.graph.supervision.remind import reminders, write_notice
from dutygraph.graph.supervision.tables import store_of
from dutygraph.graph.supervision.workbook import write_ledger

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def me() -> Account:
    """The office, as the person running the command."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return command_line(user)


@contextmanager
def audited_cli(db: Any, action: str, item: str, after: Any = None) -> Iterator[None]:
    """Audit the next write of a CLI import, in the same transaction (SQLite or Neo4j)."""
    with writes.audited(store_of(db), me(), action, item, None, after):
        yield


def _day(text: str | None) -> dt.date:
    return _as_of(text) or dt.date.today()


# -- users ---------------------------------------------------------------------------------

users_app = typer.Typer(
    name="users",
    help="Accounts of the office (督查室), units and leaders, with their tokens.",
    epilog="Example:  dutygraph users add 税郭镇 --role unit --store g.sqlite",
    no_args_is_help=True,
    add_completion=False,
)


@users_app.command("add", epilog="Example:  dutygraph users add 税郭镇 --role unit")
def users_add(
    name: Annotated[str, typer.Argument(help="A unit name (税郭镇) or a person/office name.")],
    role: Annotated[str, typer.Option("--role", help="office (督查室), unit or leader.")] = "unit",
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Office/leader: only this region.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="A unit account's unit, when not its name.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Create an account and print its token once (only a scrypt hash is kept)."""
    with _backend(store) as db:
        try:
            account, token = writes.add_account(db, me(), name, role, jurisdiction, unit)
        except GraphError as exc:
            _fail(str(exc))
    typer.echo(f"账号 {account.id} {account.label} {account.unit_id or ''}".rstrip())
    typer.echo(f"令牌（只显示这一次，请妥善保存）: {token}")


@users_app.command("list", epilog="Example:  dutygraph users list --json")
def users_list(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Accounts with role, unit and whether they are revoked (never the tokens)."""
    with _backend(store) as db:
        try:
            found = writes.list_accounts(db)
        except GraphError as exc:
            _fail(str(exc))
    if as_json:
        keys = ("id", "name", "role", "unit_id", "jurisdiction", "created", "revoked")
        typer.echo(
            json.dumps([{k: getattr(a, k) for k in keys} for a in found], ensure_ascii=False)
        )
        return
    table = Table("id", "账号", "角色", "单位", "辖区", "创建", "停用")
    for a in found:
        table.add_row(
            str(a.id),
            a.name,
            ROLE_ZH[a.role],
            a.unit_id or "",
            a.jurisdiction or "",
            a.created,
            a.revoked or "",
        )
    make_console().print(table)


@users_app.command("revoke", epilog="Example:  dutygraph users revoke 税郭镇")
def users_revoke(
    name: Annotated[str, typer.Argument(help="Account name or id.")], store: StoreOpt = None
) -> None:
    """Revoke an account: its token stops working at once (the record stays)."""
    with _backend(store) as db:
        try:
            a = writes.revoke_account(db, me(), name)
        except GraphError as exc:
            _fail(str(exc))
    typer.echo(f"已停用账号 {a.id} {a.label}")


# -- audit ---------------------------------------------------------------------------------

audit_app = typer.Typer(
    name="audit",
    help="The audit trail (留痕): who changed what, when, before and after.",
    epilog="Example:  dutygraph audit --unit 税郭镇   (or: dutygraph audit verify)",
    add_completion=False,
    invoke_without_command=True,
)


@audit_app.callback(invoke_without_command=True)
def audit_list(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help="Only records about this unit.")] = None,
    item: Annotated[str | None, typer.Option(help="Only records about this item id.")] = None,
    account: Annotated[str | None, typer.Option(help="Only this account (name or id).")] = None,
    since: Annotated[str | None, typer.Option(help="From this day (UTC), 2024-07-01.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day (UTC).")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List audit records, newest first (`dutygraph audit verify` checks the chain)."""
    if ctx.invoked_subcommand is not None:
        return
    with _backend(store) as db:
        try:
            uid = writes.resolve_unit(db, unit) if unit else None
            f = AuditFilter(uid, item, account, None, _as_of(since), _as_of(until))
            page = g_audit.records(store_of(db), f, 0, limit)
        except GraphError as exc:
            _fail(str(exc))
    if as_json:
        rows = [r.__dict__ for r in page.items]
        typer.echo(
            json.dumps({"total": page.total, "items": rows}, ensure_ascii=False, default=str)
        )
        return
    table = Table("#", "时间(UTC)", "账号", "操作", "对象", "单位", "之前", "之后")
    for r in page.items:
        table.add_row(
            str(r.seq),
            r.at[:19],
            r.account,
            g_audit.ACTION_ZH.get(r.action, r.action),
            r.item or "",
            (r.unit_id or "").removeprefix("u:"),
            g_audit.shown(r.before),
            g_audit.shown(r.after),
        )
    make_console().print(table)
    typer.echo(f"{len(page.items)} of {page.total} records")


@audit_app.command("verify", epilog="Example:  dutygraph audit verify --store g.sqlite")
def audit_verify(store: StoreOpt = None) -> None:
    """Check the hash chain: an altered, inserted or deleted record fails (exit 1)."""
    with _backend(store) as db:
        try:
            result = g_audit.verify(store_of(db))
        except GraphError as exc:
            _fail(str(exc))
    for b in result.broken:
        typer.echo(f"第{b.seq}条：{b.reason}", err=True)
    if not result.ok:
        _fail(f"audit trail broken: {len(result.broken)} problem(s) in {result.records} records")
    typer.echo(f"留痕完整：{result.records}条记录，哈希链校验通过 (audit trail intact)")


# -- task status ---------------------------------------------------------------------------

task_app = typer.Typer(
    name="task",
    help="Task status per unit: sign (签收), report (反馈), close (办结), remind (催办).",
    epilog='Example:  dutygraph task close t:na3a8e7f37d:三.(三).1 --unit 税郭镇 --note "已完成"',
    no_args_is_help=True,
    add_completion=False,
)
STEPS = {"sign": "已签收", "report": "进行中", "close": "已办结", "remind": "已催办"}


@task_app.command(
    "set",
    epilog="Example:  dutygraph task set close t:na3a8e7f37d:三.(三).1 --unit 税郭镇 --note 已完成",
)
def task_set(
    step: Annotated[str, typer.Argument(help="sign, report, close or remind.")],
    task: Annotated[str, typer.Argument(help="Task id (t:na3a8e7f37d:三.(三).1).")],
    unit: Annotated[str, typer.Option(help="The owning unit (税郭镇).")],
    note: Annotated[str, typer.Option(help="Feedback or closing note.")] = "",
    day: Annotated[str | None, typer.Option(help="Date of the step (default today).")] = None,
    store: StoreOpt = None,
) -> None:
    """Move one task × unit a step on; refused when it does not follow (closed, already signed)."""
    if step not in STEPS:
        _fail(f"unknown step {step!r}; use one of {', '.join(STEPS)}")
    with _backend(store) as db:
        try:
            s = writes.step(db, me(), task, STEPS[step], note, _day(day), unit)
        except GraphError as exc:
            _fail(str(exc))
    typer.echo(f"{task} {unit}: {s.status}")


# -- remind and ledger ---------------------------------------------------------------------


def _filter(
    unit: str | None, notice: str | None, status: str | None, light: str | None
) -> LedgerFilter:
    if light and light not in LIGHT_ZH and light not in LIGHT_ZH.values():
        _fail(f"unknown light {light!r}; use red, yellow or green")
    return LedgerFilter(unit, notice, status, light)


UnitOpt = Annotated[str | None, typer.Option(help="Only this unit (税郭镇).")]
NoticeOpt = Annotated[str | None, typer.Option(help="Only this notice (发文字号 or parse id).")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Date of the ledger (default today).")]


def remind(
    as_of: AsOfOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the 催办通知 .docx here.")
    ] = None,
    unit: UnitOpt = None,
    notice: NoticeOpt = None,
    mark: Annotated[
        bool, typer.Option("--mark", help="Record 已催办 on each listed task.")
    ] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List overdue and unreported tasks per unit; write the 催办通知 (.docx) with -o."""
    day = _day(as_of)
    with _backend(store) as db:
        try:
            rows = writes.ledger_rows(db, day, _filter(unit, notice, None, None))
            found = reminders(rows)
            if mark:
                writes.mark_reminded(
                    db, me(), [r for x in found for r in x.overdue + x.unreported], day
                )
        except GraphError as exc:
            _fail(str(exc))
    if as_json:
        data = [
            {
                "unit": r.unit,
                "overdue": [x.task for x in r.overdue],
                "unreported": [x.task for x in r.unreported],
            }
            for r in found
        ]
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        table = Table("单位", "逾期", "未报送", "任务")
        for r in found:
            tasks = "；".join(x.task for x in (r.overdue + r.unreported)[:3])
            table.add_row(r.unit, str(len(r.overdue)), str(len(r.unreported)), tasks)
        make_console().print(table)
    if output is not None:
        try:
            write_notice(output, found, day)
        except OSError as exc:
            _fail(f"{output}: {exc.strerror or exc}")
        typer.echo(f"wrote {output}: 催办通知, {len(found)} units", err=True)


def ledger(
    as_of: AsOfOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx to write.")] = Path(
        "台账.xlsx"
    ),
    unit: UnitOpt = None,
    notice: NoticeOpt = None,
    status: Annotated[str | None, typer.Option(help="Only 已交办/已签收/进行中/已办结.")] = None,
    light: Annotated[str | None, typer.Option(help="Only red, yellow or green.")] = None,
    template_unit: Annotated[
        str | None, typer.Option("--template-unit", help="填报模板 for this unit (default --unit).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write the 督办台账 (.xlsx): one row per task × unit, coloured 状态, and a 填报模板 sheet."""
    day = _day(as_of)
    with _backend(store) as db:
        try:
            rows = writes.ledger_rows(db, day, _filter(unit, notice, status, light))
            who = template_unit or unit
            units = [writes.resolve_unit(db, who)] if who else []
            write_ledger(output, rows, day, db.loop_graph(units), units)
        except GraphError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"{output}: {exc.strerror or exc}")
    typer.echo(f"wrote {output}: {len(rows)} rows as of {day.isoformat()}")


def register(app: typer.Typer) -> None:
    """Add users, audit, task, remind and ledger to `app`."""
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")
    app.add_typer(task_app, name="task")
    app.command("remind", epilog="Example:  dutygraph remind --as-of 2024-12-10 -o 催办通知.docx")(
        remind
    )
    app.command(
        "ledger", epilog="Example:  dutygraph ledger --as-of 2024-12-10 -o 台账.xlsx --unit 税郭镇"
    )(ledger)
