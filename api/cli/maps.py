"""`dutygraph render`: responsibility maps (organisation, tasks, roll-up, unit card) as SVG, PNG
or PDF files, through visualize.maps like the web pages. Register with `register(app)`.
"""

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from dutygraph.api.cli.graph import StoreOpt, _as_of, _backend, _fail, _near
from dutygraph.graph.backends import GraphBackend
from dutygraph.visualize.maps import KIND_TITLE, KINDS, MapNotFound, all_maps, build_map
from dutygraph.visualize.render import (
    FORMATS,
    INSTALL_HINT,
    DotMissing,
    RenderError,
    cjk_font_available,
    format_of,
    render_file,
)

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
EXAMPLE = (
    "Example:  dutygraph render rollup 知识产权专利开放许可 -o gap.svg --store g.sqlite"
    "  (also: render org 春笋行动 -o org.pdf; render unit 税郭镇 -o 税郭镇.png;"
    " render all -o out/maps; lights as of a date: render unit 税郭镇 -o 税郭镇.svg"
    " --as-of 2024-12-10)"
)


def file_stem(kind: str, label: str) -> str:
    """'rollup-知识产权专利开放许可': the kind and the label, safe as a file name."""
    return f"{kind}-{_UNSAFE.sub('_', label).strip('_')[:60]}"


def _render_all(
    db: GraphBackend, out: Path, formats: list[str], as_of: dt.date | None = None
) -> list[tuple[str, str, Path]]:
    """Every map of the store into `out`: (kind, title, file) per file written."""
    out.mkdir(parents=True, exist_ok=True)
    todo = all_maps(db)
    written: list[tuple[str, str, Path]] = []
    used: set[str] = set()
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("rendering maps", total=len(todo))
        for kind, ident, label in todo:
            stem = file_stem(kind, label)
            while stem in used:
                stem += "_"
            used.add(stem)
            m = build_map(db, kind, ident, as_of=as_of)
            for fmt in formats:
                written.append((kind, m.title, render_file(m.printable, out / f"{stem}.{fmt}")))
            progress.advance(task)
    return written


LISTING = "地图清单.csv"


def _write_listing(out: Path, maps: list[tuple[str, str, Path]], formats: list[str]) -> Path:
    """地图清单.csv beside the maps (UTF-8 with BOM for Excel/WPS): kind, title, files."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow(["类型", "标题", "文件"])
    for kind, title, path in maps:
        w.writerow(
            [KIND_TITLE[kind], title, " ".join(path.with_suffix(f".{f}").name for f in formats)]
        )
    listing = out / LISTING
    tmp = out / f".{LISTING}.tmp"
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(listing)
    return listing


def render(
    kind: Annotated[str, typer.Argument(help="org, notice, rollup, unit, or all.")],
    ident: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="Group, notice (发文字号 or title words), allocation table, or unit: a node id"
            " or a name. Not used with `all`.",
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="FILE.svg|png|pdf; with `all`, a directory (out/maps)."
        ),
    ] = Path("out/maps"),
    period: Annotated[
        str | None, typer.Option(help="Roll-up period such as 2024 (default: the headline's).")
    ] = None,
    formats: Annotated[
        str, typer.Option("--formats", help="With `all`: comma-separated formats to write.")
    ] = "svg,png",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Fill nodes with their traffic lights at this date (2024-12-10); none without.",
        ),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Draw a responsibility map: a group's organisation, a notice's tasks, a roll-up, a unit."""
    day = _as_of(as_of)
    if kind not in (*KINDS, "all"):
        _fail(f"unknown map kind {kind!r}; use one of {', '.join(KINDS)}, all")
    if not cjk_font_available():
        typer.echo("note: no CJK font found; Chinese labels may render as empty boxes", err=True)
    with _backend(store) as db:
        try:
            if kind == "all":
                wanted = [f.strip() for f in formats.split(",") if f.strip()]
                if bad := [f for f in wanted if f not in FORMATS]:
                    _fail(f"unknown format {bad[0]!r}; use {', '.join(FORMATS)}")
                written = _render_all(db, output, wanted, day)
                listing = _write_listing(output, written[:: len(wanted)], wanted)
                per_kind = Counter(k for k, _, _ in written[:: len(wanted)])
                kinds = "、".join(f"{KIND_TITLE[k]}{n}张" for k, n in per_kind.items())
                # The list of ~80 maps goes to a file: the terminal keeps the useful lines.
                typer.echo(f"已生成{sum(per_kind.values())}张图（{kinds}），在 {output}/")
                typer.echo(f"地图清单：{listing}")
                typer.echo(f"wrote {len(written)} files to {output}", err=True)
                return
            if ident is None:
                _fail(f"render {kind} needs an ID (a name or node id)")
            format_of(output)
            m = build_map(db, kind, ident, period=period, as_of=day)
            output.parent.mkdir(parents=True, exist_ok=True)
            render_file(m.printable, output)
        except DotMissing as exc:
            _fail(f"{exc}" if "wrote" in str(exc) else f"{exc} ({INSTALL_HINT})")
        except MapNotFound as exc:
            what = {"unit": "unit", "rollup": "table", "notice": "notice", "org": "unit"}[kind]
            _fail(str(exc) + _near(db, ident or "", what))  # type: ignore[arg-type]
        except (LookupError, ValueError, RenderError, OSError) as exc:
            _fail(str(exc))
    typer.echo(f"wrote {output}: {m.title}", err=True)


def register(app: typer.Typer) -> None:
    """Add `render` to `app`."""
    app.command("render", epilog=EXAMPLE)(render)
