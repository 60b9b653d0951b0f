"""The CLI as a clerk meets it, on the five samples: did-you-mean, a missing store, Chinese
tables in outline order, the unit and notice columns when a name or a path is not unique."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dutygraph.api.cli import app as cli

from ..conftest import NOTICES

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, app: typer.Typer) -> Path:
    path = tmp_path_factory.mktemp("people") / "cli.sqlite"
    result = runner.invoke(app, ["load", *map(str, NOTICES), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize(
    ("command", "typed", "meant"),
    [
        ("duties", "税国镇", "税郭镇"),
        ("duties", "西王庄", "西王庄镇"),
        ("owners", "提升行政保户质效", "提升行政保护质效"),
        ("rollup", "专利开放许可证", "知识产权专利开放许可"),
    ],
)
def test_did_you_mean_suggests_and_never_picks(
    app: typer.Typer, db: Path, command: str, typed: str, meant: str
) -> None:
    code, out, err = run(app, command, typed, "--store", str(db))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: 没有找到")
    assert f"“{typed}”" in err and f"您是不是要找：{meant}" in err


def test_no_suggestion_for_a_name_far_from_everything(app: typer.Typer, db: Path) -> None:
    code, _, err = run(app, "duties", "月球开发区", "--store", str(db))
    assert code == 1 and "没有找到单位“月球开发区”" in err and "您是不是要找" not in err


@pytest.mark.parametrize("command", ["owners", "duties", "rollup", "impact", "gaps"])
def test_a_query_on_a_missing_store_says_how_to_load_one(
    app: typer.Typer, tmp_path: Path, command: str
) -> None:
    store = tmp_path / "none.sqlite"
    args = [command] + ([] if command == "gaps" else ["税郭镇"]) + ["--store", str(store)]
    code, out, err = run(app, *args)
    assert code == 1 and out == ""
    assert f"没有图谱库 {store}" in err and f"dutygraph load --store {store}" in err
    assert not store.exists()


def test_owners_table_in_chinese_json_in_english(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "owners", "提升行政保护质效", "--store", str(db))
    assert code == 0
    assert "责任单位" in out and "角色" in out and "任务/指标" in out
    assert "│ 三.(三).1 提升行政保护质效 │ 枣庄市市中区市场监督管理局 │ 责任 │" in out
    assert "owner" not in out and "unit" not in out
    code, out, _ = run(app, "owners", "提升行政保护质效", "--store", str(db), "--json")
    (item,) = json.loads(out)
    assert {"unit_id", "unit", "role"} <= set(item["owners"][0]) and item["owners"][0][
        "role"
    ] == "owner"


def test_a_path_in_two_notices_shows_the_notice(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "owners", "三.(三).1", "--store", str(db))
    assert code == 0 and "┃ 通知" in out
    assert (
        "邹政字〔2024〕18号" in out
        and "枣庄市市中区创建国家知识产权强县建设试点县工作实施方案" in out
    )
    assert "na3a8e7f37d" not in out


def test_duties_in_outline_order(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "duties", "税郭镇", "--store", str(db))
    assert code == 0 and "类别" in out and "经由" in out
    paths = [p for p in ("三.(一).1", "三.(二).1", "三.(三).1", "三.(四).2") if p in out]
    assert paths == ["三.(一).1", "三.(二).1", "三.(三).1", "三.(四).2"]
    assert [out.index(p) for p in paths] == sorted(out.index(p) for p in paths)
    assert out.index("│ 任务") < out.index("│ 分解目标")


def test_annex_rows_in_number_order(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "duties", "枣庄市市中区市场监督管理局", "--store", str(db))
    assert code == 0
    rows = [f"附件1.row{n} " for n in (1, 2, 9, 10, 12)]
    at = [out.index(r) for r in rows]
    assert at == sorted(at)


def test_a_name_in_several_jurisdictions_shows_the_unit(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "duties", "市场监督管理局", "--store", str(db))
    assert code == 0 and "┃ 单位" in out
    assert "枣庄市台儿庄区市场监督管理局" in out and "枣庄市市中区市场监督管理局" in out


def test_rollup_headers_and_numbers_as_clerks_write_them(app: typer.Typer, db: Path) -> None:
    code, out, _ = run(app, "rollup", "知识产权专利开放许可", "--store", str(db))
    assert code == 0 and "总目标" in out and "各单位之和" in out
    assert "│ 2024-2026 │ 11     │ 165        │ 165    │ 0" in out and "-35" in out


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["impact", "税国镇"], "税郭镇"),
        (["lineage", "鲁知规字〔2018〕8号"], "鲁知规字〔2018〕7号"),
        (["render", "unit", "西王庄", "-o", "x.svg"], "西王庄镇"),
        (["render", "rollup", "专利开放许可证", "-o", "x.svg"], "知识产权专利开放许可"),
    ],
)
def test_did_you_mean_on_every_lookup(
    app: typer.Typer, db: Path, args: list[str], meant: str
) -> None:
    code, _, err = run(app, *args, "--store", str(db))
    assert code == 1 and err.count("\n") == 1 and f"您是不是要找：{meant}？" in err
