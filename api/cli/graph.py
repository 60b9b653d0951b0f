"""Graph sub-commands of `dutygraph`: load notices into the store and ask it questions.

Wire them in with `register(app)`; each command prints rich text, or JSON with --json.

Which store: every command but export uses the SQLite file given by --store (or DUTYGRAPH_STORE); without
one, Neo4j when NEO4J_URI is set (graph.backend.open_backend, same output); else
./dutygraph.sqlite. export always reads the SQLite store.
"""

import dataclasses
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer

from dutygraph.api.cli.words import NOTICE_HINT, kind_zh, num, role_zh
from dutygraph.graph import queries
from dutygraph.graph.errors import StoreError
from dutygraph.graph.queries import (
    FORMATS,
    Duty,
    Format,
    Lineage,
    Link,
    NodeInfo,
    Owners,
    Rollup,
    did_you_mean,
    duties_view,
    hint_zh,
    name_pool,
    notice_names,
    notice_query,
    owners_view,
    rollup_view,
)
from dutygraph.graph.queries.export import export as g_export
from dutygraph.graph.queries.suggest import What
from dutygraph.graph.store import (
    ENV_VAR,
    NoticeClash,
    PointStore,
    Store,
    freeze_long_lived,
    open_points,
    paused_gc,
    store_error,
    store_path,
)
from dutygraph.loaders import NoticeError, natural_key
from dutygraph.schema import ParseResult

if TYPE_CHECKING:  # the Neo4j driver takes ~0.5 s to import: only commands that use it load it
    from rich.console import Console
    from rich.table import Table

    from dutygraph.graph.backends import Embedded, Neo4jStore

URI_VAR = "NEO4J_URI"
"""graph.backends.URI_VAR (a test keeps them equal), here so `--help` needs no driver."""
SAMPLES = "examples/notices/*.txt"
T = TypeVar("T")

StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar=ENV_VAR,
        help=f"SQLite store file. Without it (or {ENV_VAR}): Neo4j when {URI_VAR} is set"
        " (+ NEO4J_USER / NEO4J_PASSWORD), else ./dutygraph.sqlite.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
]


def _error(message: str) -> None:
    """Report a user error as exactly one line on stderr."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)


def _fail(message: str) -> NoReturn:
    _error(message)
    raise typer.Exit(1)


def _format_known(format: str, formats: tuple[str, ...]) -> None:
    """A one-line error naming the formats there are, for a --format value not among them."""
    if format not in formats:
        _fail(f"unknown format {format!r}; use one of {', '.join(formats)}")


def _as_of(text: str | None) -> dt.date | None:
    """An --as-of value as a date (None when not given); a one-line error when it is not one."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of {text!r} is not a date; write it as 2024-12-31")


def _console() -> "Console":
    """api.cli.summary's console; rich loads with the first table (--json never needs it)."""
    from dutygraph.api.cli.summary import make_console

    return make_console()


def _table(*columns: str) -> "Table":
    from rich.table import Table

    return Table(*columns)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _require_store(store: Path | None) -> None:
    """Queries never create a store: a missing file is an error that says how to make one."""
    if store is None and os.environ.get(URI_VAR):
        return  # Neo4j
    path = store_path(store)
    if not path.exists():
        _fail(f"没有图谱库 {path}（no store at {path}）。{NOTICE_HINT.format(path=path)}")


def _path_of(item_id: str) -> str:
    """The notice-local path of a task id ('t:na3a8e7f37d:三.(三).1' -> '三.(三).1'), else ''."""
    parts = item_id.split(":")
    return parts[2] if item_id.startswith("t:") and len(parts) >= 3 else ""


def _near(db: "Embedded | Neo4jStore | Asked", text: str, what: What) -> str:
    """'。您是不是要找：税郭镇？' for a message, or '' when no name of the store is near."""
    near = did_you_mean(
        db.names(what) if isinstance(db, Asked) else db.names_graph(what), text, what
    )
    return f"。{hint_zh(near)}" if near else ""


def _not_found(
    db: "Embedded | Neo4jStore | Asked", text: str, what: What, missing: str
) -> NoReturn:
    """Fail with `missing`, and the store's names nearest to `text` (never picked for the user)."""
    _fail(missing + _near(db, text, what))


def _answer(
    found: Sequence[T],
    as_json: bool,
    columns: Sequence[str],
    rows: Callable[[T], Iterable[list[str]]],
) -> None:
    """Print JSON (the English contract), or a table of `rows` under Chinese `columns`."""
    if as_json:
        _print_json([dataclasses.asdict(x) for x in found])  # type: ignore[call-overload]
        return
    table = _table(*columns)
    for item in found:
        for row in rows(item):
            table.add_row(*row)
    _console().print(table)


# Below this, a full collection of the graph costs milliseconds: not worth freezing for.
FREEZE_MIN_NODES = 20_000


def _backend(store: Path | None, create: bool = False) -> "Embedded | Neo4jStore":
    """--store (or DUTYGRAPH_STORE) -> SQLite; else NEO4J_URI -> Neo4j; else the default file.

    Only `load` passes create=True; every other command fails on a missing store file."""
    from dutygraph.graph.backends import Embedded, open_backend

    if not create:
        _require_store(store)
    try:
        with paused_gc():  # the graph is built in one go; collections would only rescan it
            db = open_backend(store)
    except StoreError as exc:  # the SQLite file: damaged, too small, not a store
        _fail(str(exc))
    except Exception as exc:  # only Neo4j is left: unreachable server, auth, bad URI
        _fail(f"Neo4j at {os.environ.get(URI_VAR)}: {exc}")
    if isinstance(db, Embedded) and db.store.graph.number_of_nodes() >= FREEZE_MIN_NODES:
        freeze_long_lived()  # the graph lives as long as the command: keep GC off it
    return db


WHOLE_GRAPH_VAR = "DUTYGRAPH_WHOLE_GRAPH"
"""Set to 1: owners, duties and rollup build the whole graph as before (bench and parity runs)."""


class Asked:
    """One point question's answers: from a slice of an embedded store (`view`, read through
    `points`), or from the whole backend (`db`: Neo4j, or DUTYGRAPH_WHOLE_GRAPH=1)."""

    def __init__(
        self, db: "Embedded | Neo4jStore | None", view: Store | None = None, points: Any = None
    ) -> None:
        self.db, self.view, self.points = db, view, points

    def _whole(self) -> "Embedded | Neo4jStore":
        assert self.db is not None, "a slice or a whole backend, one of the two"
        return self.db

    def names(self, what: What) -> Any:
        """The graph `did_you_mean` picks names of kind `what` from."""
        if self.points is not None:
            return name_pool(self.points, what)
        return self._whole().names_graph(what)

    def notices_graph(self) -> Any:
        """The graph notice_names reads: the slice's, else the backend's notices."""
        return self.view.graph if self.view is not None else self._whole().names_graph("notice")

    def owners(self, text: str) -> list[Owners]:
        if self.view is not None:
            return queries.owners(self.view, text)
        return self._whole().owners(text)

    def find_units(self, name: str) -> list[str]:
        if self.view is not None:
            return queries.find_units(self.view, name)
        return self._whole().find_units(name)

    def responsibilities(self, unit: str) -> list[Duty]:
        if self.view is not None:
            return queries.responsibilities(self.view, unit)
        return self._whole().responsibilities(unit)

    def duties_of(self, units: list[str]) -> dict[str, list[Duty]]:
        if self.view is not None:
            return queries.duties_of(self.view, units)
        return self._whole().duties_of(units)

    def get_nodes(self, ids: list[str]) -> dict[str, NodeInfo]:
        if self.view is not None:
            return queries.get_nodes(self.view, ids)
        return self._whole().get_nodes(ids)

    def rollup(self, indicator: str, region: str | None, period: str | None) -> list[Rollup]:
        if self.view is not None:
            return queries.rollup(self.view, indicator, region, period)
        return self._whole().rollup(indicator, region, period)


@contextmanager
def _question(store: Path | None, view: Callable[[PointStore], Store]) -> Iterator[Asked]:
    """The backend for one point question: on a SQLite store, `view` of it, read through its
    indexes without building the whole graph (graph.queries.point); else the whole backend."""
    if (store is None and os.environ.get(URI_VAR)) or os.environ.get(WHOLE_GRAPH_VAR) == "1":
        with _backend(store) as db:
            yield Asked(db)
        return
    _require_store(store)
    try:
        points = open_points(store_path(store))
    except StoreError as exc:
        _fail(str(exc))
    try:
        yield Asked(None, view(points), points)
    except StoreError as exc:  # a damaged row among those the question read
        _fail(str(exc))
    except sqlite3.Error as exc:
        _fail(str(store_error(points, exc)))
    finally:
        points.close()


AnnexOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--annex",
        help="An annex file of the (one) notice: .docx, .xlsx, .pdf, .html… (repeatable).",
    ),
]


def load(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Notice files: .txt, .docx, .doc/.wps, .pdf, .html, a folder or a .zip of a "
            "notice and its 附件 files."
        ),
    ],
    annex: AnnexOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Let a notice replace another with the same id but another title or issuer"
            " (a corrected version); without it such a load is refused.",
        ),
    ] = False,
) -> None:
    """Read notices and load them into the store in one transaction (all or nothing)."""
    from dutygraph.loaders import group_annexes, read_notice  # the readers: only `load` needs them

    results: list[tuple[Path, ParseResult]] = []
    error: str | None = None
    if annex and len(files) != 1:
        _fail("--annex belongs to one notice: give exactly one notice file with it")
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        groups = [(files[0], list(annex))] if annex else group_annexes(files)
        task = progress.add_task("reading", total=len(groups))
        for path, annexes in groups:
            try:
                results.append((path, read_notice(path, annexes)))
            except NoticeError as exc:
                error = str(exc)
            except OSError as exc:
                error = f"{path}: {exc.strerror or exc}"
            if error:
                break
            progress.advance(task)
    if error:
        _fail(f"{error} (nothing loaded)")
    with _backend(store, create=True) as db:
        before = set(db.orphans())
        try:
            from dutygraph.api.cli.supervision import audited_cli  # it imports this module

            read = [{"notice": r.notice.id, "file": str(p)} for p, r in results]
            with audited_cli(db, "import_notice", ",".join(r.notice.id for _, r in results), read):
                batch = db.load([r for _, r in results], replace)
        except (NoticeClash, StoreError) as exc:
            _fail(f"{exc} (nothing loaded)")
        except Exception as exc:  # SQLite or Neo4j: the transaction was rolled back
            _fail(f"load failed, store unchanged: {exc}")
        total = db.counts()
        orphaned = [o for o in db.orphans() if o not in before]
    for o in orphaned:  # facts of other imports this load left without their item
        typer.echo(f"warning: {o.message_zh()}", err=True)
    rows = [
        {"file": str(p), "notice": f.notice_id, "nodes": len(f.nodes), "edges": len(f.edges)}
        for (p, _), f in zip(results, batch, strict=True)
    ]
    if as_json:
        _print_json(
            {
                "files": rows,
                "nodes": total[0],
                "edges": total[1],
                "orphaned": [dataclasses.asdict(o) for o in orphaned],
            }
        )
        return
    for row in rows:
        typer.echo(f"loaded {row['file']}: {row['nodes']} nodes, {row['edges']} edges")
    typer.echo(f"{db.where}: {total[0]} nodes, {total[1]} edges")


def owners(
    text: Annotated[str, typer.Argument(help="Task id, path (三.(四).1) or words.")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Who owns a task or indicator: units with role, their groups and leaders."""
    with _question(store, lambda p: owners_view(p, text)) as db:
        found = db.owners(text)
        if not found:
            _not_found(
                db, text, "item", f"没有找到任务或指标“{text}”（no task or indicator matches）"
            )
        notices = notice_names(db.notices_graph())
    found = sorted(found, key=lambda o: (natural_key(_path_of(o.item_id)), o.notice, o.item_id))
    # The same path or words in several notices: the notice column tells them apart.
    several = len({o.notice for o in found}) > 1
    columns = ("任务/指标", *(("通知",) if several else ()), "责任单位", "角色", "领导小组/领导")

    def rows(o: Owners) -> list[list[str]]:
        # ids stay in --json; people read the item's own words (三.(三).1 提升行政保护质效).
        item = f"{_path_of(o.item_id)} {o.label}".strip()
        where = [notices.get(o.notice, o.notice)] if several else []
        out = [
            [item, *where, r.unit, role_zh(r.role), "；".join(r.groups + r.leaders)]
            for r in o.owners
        ]
        return out or [[item, *where, "—", "—", ""]]

    _answer(found, as_json, columns, rows)


def duties(
    unit: Annotated[str, typer.Argument(help="Unit name, full or as written (税郭镇).")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What a unit owns: tasks, indicators and targets, directly and through collectives."""
    with _question(store, lambda p: duties_view(p, unit)) as db:
        units = db.find_units(unit)
        if not units:
            _not_found(db, unit, "unit", f"没有找到单位“{unit}”（no unit matches）")
        found = db.responsibilities(unit)
        per_unit = db.duties_of(units) if len(units) > 1 else {}
        labels = {u: getattr(i, "name", u) for u, i in db.get_nodes(units).items()}
        notices = notice_names(db.notices_graph())
    if not found:
        _fail(f"单位“{unit}”在图谱库中没有任务、指标或分解目标（owns nothing in the store）")
    if as_json:
        _print_json([dataclasses.asdict(d) for d in found])
        return
    # A name found in several jurisdictions (市中区 and 薛城区 both have one): one row per unit;
    # duties from several notices: the notice column says which.
    rows_of = per_unit or {units[0]: found}
    several = len(rows_of) > 1
    with_notice = len({d.notice for d in found}) > 1
    table = _table(
        *(("单位",) if several else ()),
        "类别",
        "事项",
        *(("通知",) if with_notice else ()),
        "角色",
        "经由",
    )
    for uid, ds in rows_of.items():
        for d in sorted(ds, key=_duty_order):
            table.add_row(
                *([labels.get(uid, uid)] if several else []),
                kind_zh(d.kind),
                f"{d.path or ''} {d.label}".strip(),
                *([notices.get(d.notice, d.notice)] if with_notice else []),
                role_zh(d.role),
                d.via or "",
            )
    _console().print(table)


_KIND_ORDER = {"Task": 0, "Indicator": 1, "Target": 2}


def _duty_order(d: Duty) -> tuple[object, ...]:
    """Notice, then tasks, indicators, targets, each in outline order (三.(二) before 三.(三))."""
    return (d.notice, _KIND_ORDER.get(d.kind, 3), natural_key(d.path), natural_key(d.label))


def _rollup_row(r: Rollup) -> list[str]:
    head = f"{r.headline[0]} {num(r.headline[1])}" if r.headline else "—"
    return [
        r.table,
        r.period,
        str(len(r.children)),
        num(r.computed),
        num(r.stated),
        num(r.diff_stated),
        head,
        num(r.diff_headline),
        *([num(r.actual_total)] if r.actual_total is not None else []),
    ]


def rollup(
    indicator: Annotated[str, typer.Argument(help="Allocation table name (or part of it).")],
    region: Annotated[str | None, typer.Option(help="Only children within this region.")] = None,
    period: Annotated[str | None, typer.Option(help="A period such as 2024 or 2024-2026.")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Do the township numbers add up: children, sum, stated 合计, headline target."""
    with _question(store, lambda p: rollup_view(p, indicator, region)) as db:
        found = db.rollup(indicator, region, period)
        if not found:
            _not_found(
                db,
                indicator,
                "table",
                f"没有找到分解表“{indicator}”（no allocation table matches）",
            )
    columns = ("分解表", "期间", "单位数", "各单位之和", "合计栏", "之和−合计", "总目标")
    # Actual values (progress reports) show as a last column once any were imported.
    actual = ("实际完成",) if any(r.actual_total is not None for r in found) else ()
    _answer(
        found,
        as_json,
        (*columns, "之和−总目标", *actual),
        lambda r: [_rollup_row(r) + (["—"] if actual and r.actual_total is None else [])],
    )


def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="graphml (Gephi/yEd), json (node-link) or cypher.")
    ] = "graphml",
    output: OutputOpt = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole graph as GraphML, node-link JSON or a Cypher bulk-load script."""
    _format_known(format, FORMATS)
    fmt = cast(Format, format)  # _format_known checked it
    with _backend(store) as db:
        try:
            text = g_export(db.snapshot(), fmt)
        except (ValueError, TypeError) as exc:  # a value the format cannot carry
            where = getattr(db, "path", None) or "Neo4j"
            _fail(f"export of store {where} as {format} failed: {exc}")
        nodes, edges = db.counts()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: {exc.strerror or exc}")
    typer.echo(f"wrote {output}: {format}, {nodes} nodes, {edges} edges", err=True)


def _link_row(rel: str, link: Link) -> list[str]:
    return [
        rel,
        link.doc_number or "",
        link.label,
        "" if link.known else "not loaded",
        link.basis or "",
    ]


def lineage(
    notice: Annotated[
        str,
        typer.Argument(
            help="Notice: 发文字号, title words, file name, node id, or a notice file path."
        ),
    ],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What a notice cites and implements, and which notices cite or implement it."""
    try:
        query = notice_query(notice)
    except NoticeError as exc:
        _fail(str(exc))
    with _backend(store) as db:
        try:
            found: Lineage = db.lineage(query)
        except LookupError as exc:
            _fail(str(exc) + _near(db, notice, "notice"))
    if as_json:
        _print_json(dataclasses.asdict(found))
        return
    _console().print(f"{found.doc_number or found.notice_id}  {found.label}")
    table = _table("relation", "发文字号", "title", "", "basis")
    for rel in ("cites", "implements", "cited_by", "implemented_by"):
        for link in getattr(found, rel):
            table.add_row(*_link_row(rel, link))
    _console().print(table)


def impact(
    unit: Annotated[str, typer.Argument(help="Unit name (as `duties`), or a Target node id.")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What depends on a unit's work: collectives, regions, tasks, targets, roll-ups, notices."""
    with _backend(store) as db:
        try:
            found = db.impact(unit)
        except LookupError as exc:
            _fail(str(exc) + _near(db, unit, "unit"))
    if as_json:
        _print_json(dataclasses.asdict(found))
        return
    table = _table("level", "node", "kind", "via")
    for level in found.levels:
        for n in level.nodes:
            table.add_row(level.name, n.label, n.kind, n.via or "")
    _console().print(table)


def register_points(app: typer.Typer) -> None:
    """Add owners, duties and rollup (the point questions) to `app`."""
    app.command("owners", epilog="Example:  dutygraph owners 三.(四).1 --json")(owners)
    app.command("duties", epilog="Example:  dutygraph duties 税郭镇")(duties)
    app.command(
        "rollup",
        epilog="Example:  dutygraph rollup 知识产权专利开放许可 --period 2024-2026 --json",
    )(rollup)


def register(app: typer.Typer) -> None:
    """Add load, owners, duties, rollup, lineage, impact and export to `app`."""
    app.command(
        "load",
        epilog=f"Example:  dutygraph load {SAMPLES} --store g.sqlite"
        "  (or: dutygraph load 通知.docx 附件1.xlsx 附件2.docx — files named 附件… are annexes"
        " of the notice before them; or --annex FILE)",
    )(load)
    register_points(app)
    app.command(
        "lineage",
        epilog="Example:  dutygraph lineage examples/notices/000_6aa9415291c6242f.txt --json"
        "  (or: dutygraph lineage 鲁市监办字〔2019〕310号)",
    )(lineage)
    app.command("impact", epilog="Example:  dutygraph impact 税郭镇 --json")(impact)
    app.command(
        "export",
        epilog="Example:  dutygraph export --format cypher -o graph.cypher"
        " (then: cypher-shell < graph.cypher)",
    )(export)
