"""A notice and its annex files (.docx, .xlsx) read as one notice: --annex, a folder, a .zip."""

import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.fixtures import ROOT, write_bundle
from dutygraph.api.cli.main import app
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult

SAMPLE = ROOT / "examples" / "notices" / "000_6aa9415291c6242f.txt"
runner = CliRunner()


class _GbkName(zipfile.ZipInfo):
    """A member name stored as GBK bytes without the UTF-8 flag, as Windows OA exports write it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802  (zipfile's name)
        return self.filename.encode("gbk"), self.flag_bits


def _records(result: ParseResult) -> dict[str, object]:
    data = result.model_dump(mode="json", exclude={"warnings"})
    data["notice"].pop("file")

    def walk(v: object) -> object:
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items() if k not in ("source", "id", "task_id")}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    out = walk(data)
    assert isinstance(out, dict)
    return out


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    return write_bundle(SAMPLE, tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def want() -> dict[str, object]:
    return _records(read_notice(SAMPLE))


def test_annex_files_make_one_notice(
    bundle: tuple[Path, list[Path]], want: dict[str, object]
) -> None:
    notice, annexes = bundle
    assert [a.suffix for a in annexes] == [".docx", ".xlsx"] * 3 + [".docx"]
    assert read_notice(notice).tasks != read_notice(notice, annexes).tasks  # annex rows count
    got = _records(read_notice(notice, annexes))
    for key in want:
        assert got[key] == want[key], key


def test_xlsx_annex_rows_name_their_sheet_cells(bundle: tuple[Path, list[Path]]) -> None:
    notice, annexes = bundle
    result = read_notice(notice, annexes)
    rows = [t for t in result.tasks if t.kind == "row"]
    assert len(rows) == 17 and {t.source.file for t in rows} == {"附件1.docx"}
    assert {t.section for t in rows} == {"附件1"} and {t.source.table for t in rows} == {1}
    notes = [d for d in result.deadlines if d.source.file == "附件2.xlsx"]
    assert [(d.source.sheet, d.source.row) for d in notes] == [("表1", 10), ("表1", 10)]
    assert notes[0].what.startswith("②2019年度11月15日前报")


def test_folder_and_zip_with_gbk_names(
    bundle: tuple[Path, list[Path]], want: dict[str, object], tmp_path: Path
) -> None:
    notice, annexes = bundle
    folder = tmp_path / "oa"
    folder.mkdir()
    for f in [notice, *annexes]:
        shutil.copy(f, folder / f.name)
    assert _records(read_notice(folder)) == want
    archive = tmp_path / "oa.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in [notice, *annexes]:
            z.writestr(_GbkName(f.name), f.read_bytes())
    assert _records(read_notice(archive)) == want


def test_cli_load_with_annex(bundle: tuple[Path, list[Path]], tmp_path: Path) -> None:
    notice, annexes = bundle
    store = tmp_path / "g.sqlite"
    args = ["load", "--store", str(store), str(notice)]
    for a in annexes:
        args += ["--annex", str(a)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    alone = runner.invoke(app, ["load", "--store", str(tmp_path / "h.sqlite"), str(notice)])
    nodes = int(result.output.split("loaded ")[1].split(": ")[1].split(" nodes")[0])
    alone_nodes = int(alone.output.split("loaded ")[1].split(": ")[1].split(" nodes")[0])
    assert nodes > alone_nodes
    positional = runner.invoke(
        app, ["load", "--store", str(tmp_path / "p.sqlite"), str(notice), *map(str, annexes)]
    )
    assert positional.exit_code == 0 and positional.output.count("loaded ") == 1
    assert f"{nodes} nodes" in positional.output
    two = runner.invoke(app, ["load", str(notice), str(notice), "--annex", str(annexes[0])])
    assert two.exit_code == 1 and "exactly one notice" in two.output
