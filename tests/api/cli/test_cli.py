"""The `dutygraph` CLI: output contracts and user errors (one stderr line, no traceback).

These tests check what the CLI and the decoding layer guarantee; what the parser finds in a
notice is tested in tests/loaders/.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from dutygraph.api.cli import app
from dutygraph.schema import ParseResult
from dutygraph.schema.parse import parse_json_schema_text

ROOT = Path(__file__).resolve().parents[3]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SAMPLE = ROOT / "examples" / "notices" / "004_bb86f7f5d52695f3.txt"
# A sample whose text GBK can encode (the others hold U+00A0 / U+2002 spaces, outside GBK).
GBK_SAMPLE = ROOT / "examples" / "notices" / "000_6aa9415291c6242f.txt"
# The contract keys themselves are pinned in tests/schema/test_parse_schema.py.
CONTRACT_KEYS = set(ParseResult.model_fields)

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process, wide enough that rich never truncates a file name."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def console_script() -> list[str]:
    """The installed `dutygraph` script beside this Python, else `python -m` on the module."""
    script = Path(sys.executable).with_name("dutygraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "dutygraph.api.cli.main"]


def assert_one_error_line(code: int, stdout: str, stderr: str, name: str) -> None:
    assert code == 1, (code, stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert name in lines[0]
    assert "Traceback" not in stdout + stderr
    assert stdout == ""


def test_samples_are_there() -> None:
    assert len(NOTICES) == 5
    assert SAMPLE in NOTICES and GBK_SAMPLE in NOTICES


def test_parse_json_is_one_parse_result() -> None:
    code, out, err = invoke("parse", str(SAMPLE), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == CONTRACT_KEYS
    result = ParseResult.model_validate(data)
    assert result.notice.file == SAMPLE.name
    assert result.notice.issuer == "枣庄市市中区人民政府"
    assert str(result.notice.date) == "2024-02-29"
    assert [t.kind for t in result.tasks].count("item") == 12
    assert result.tasks[0].path == "三.(一).1" and result.tasks[0].title == "培育和引进高价值专利"
    assert (len(result.indicators), len(result.targets), len(result.stated_totals)) == (20, 154, 14)
    assert out.endswith("}\n") and out.startswith("{\n  ")  # indent=2, one object


def test_parse_json_keeps_chinese_unescaped(tmp_path: Path) -> None:
    notice = tmp_path / "通知.txt"
    notice.write_text("关于开展工作的通知\n各镇人民政府：\n", encoding="utf-8")
    code, out, err = invoke("parse", str(notice), "--json")
    assert code == 0, err
    assert "\\u" not in out
    assert "关于开展工作的通知" in out  # the title, as written
    ParseResult.model_validate_json(out)


def test_parse_summary_is_human_text() -> None:
    code, out, err = invoke("parse", str(SAMPLE))
    assert code == 0, err
    assert "枣庄市市中区人民政府" in out and "2024-02-29" in out
    assert "tasks: 14" in out and "targets: 154" in out and "warnings: 4" in out
    assert "[headline-mismatch]" in out  # 专利开放许可: headline 200 vs 合计 165
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_summary_has_a_row_per_notice() -> None:
    code, out, err = invoke("summary", *map(str, NOTICES))
    assert code == 0, err
    assert err == ""
    for header in ("发文字号", "标题", "任务", "已定责", "期限", "提醒"):
        assert header in out
    for path in NOTICES:
        assert out.count(path.name) == 1
    row_000 = next(line for line in out.splitlines() if GBK_SAMPLE.name in line)
    assert "枣市监中心字〔2019〕1号" in row_000
    assert [cell.strip() for cell in row_000.split("│")[4:]][:3] == ["24", "24", "18"]
    for doc_number in ("鲁知规字〔2018〕7号", "邹政字〔2024〕18号", "国知办发管字〔2017〕30号"):
        assert doc_number in out


SUMMARY_COUNTS = {  # 任务 已定责 指标 分解目标 领导 期限 提醒, the last column included
    "000_": "24 24 18 0 4 13 2",
    "004_": "14 14 20 154 0 3 4",
}


@pytest.mark.parametrize("columns", [80, 200])
def test_summary_fits_the_terminal_width(columns: int) -> None:
    """COLUMNS=80 folds names onto more lines; 200 keeps one boxed line per notice; never is
    a column cut off (the last one, 提醒, was lost below ~130 columns)."""
    result = runner.invoke(app, ["summary", *map(str, NOTICES)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    header = next(line for line in lines if "文件" in line)
    assert header.replace("┃", " ").split() == [
        *("文件", "发文字号", "标题"),
        *("任务", "已定责", "指标", "分解目标", "领导", "期限", "提醒"),
    ]
    for prefix, numbers in SUMMARY_COUNTS.items():
        (row,) = [line for line in lines if line.lstrip("│ ").startswith(prefix)]
        assert " ".join(row.replace("│", " ").split()[-7:]) == numbers
    one_line = [p.name for p in NOTICES if any(p.name in line for line in lines)]
    assert len(one_line) == (5 if columns == 200 else 0)  # names fold at 80 columns


def test_summary_reports_each_bad_file_and_fails(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = invoke("summary", str(SAMPLE), str(missing))
    assert code == 1
    assert SAMPLE.name in out  # the readable notice is still shown
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "missing.txt" in lines[0]


def test_schema_prints_the_checked_in_schema() -> None:
    code, out, err = invoke("schema")
    assert code == 0, err
    assert out == parse_json_schema_text()
    assert out == (ROOT / "schema" / "parse.schema.json").read_text(encoding="utf-8")


def test_missing_file(tmp_path: Path) -> None:
    assert_one_error_line(*invoke("parse", str(tmp_path / "nope.txt")), name="nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_error_line(*invoke("parse", str(empty), "--json"), name="empty.txt")


def test_whitespace_only_file(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \r\n\t\n\n")
    assert_one_error_line(*invoke("parse", str(blank)), name="blank.txt")


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert_one_error_line(*invoke("parse", str(binary), "--json"), name="image.bin")


def test_directory_is_not_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert_one_error_line(*invoke("parse", str(folder)), name="folder.txt")


def test_gbk_copy_parses_like_the_utf8_original(tmp_path: Path) -> None:
    text = GBK_SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "utf8").mkdir()
    (tmp_path / "gbk").mkdir()
    utf8_copy = tmp_path / "utf8" / GBK_SAMPLE.name
    gbk_copy = tmp_path / "gbk" / GBK_SAMPLE.name
    utf8_copy.write_bytes(text.encode("utf-8"))
    gbk_copy.write_bytes(text.encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        gbk_copy.read_bytes().decode("utf-8")  # really not UTF-8: the fallback is exercised

    code, gbk_out, err = invoke("parse", str(gbk_copy), "--json")
    assert code == 0, err
    code, utf8_out, err = invoke("parse", str(utf8_copy), "--json")
    assert code == 0, err
    gbk_data = json.loads(gbk_out)
    assert gbk_data == json.loads(utf8_out)
    assert gbk_data["notice"]["doc_number"] == "枣市监中心字〔2019〕1号"
    assert len(gbk_data["tasks"]) == 24


def test_usage_error_exits_2() -> None:
    code, _, _ = invoke("parse")
    assert code == 2


def run_script(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*console_script(), *args],
        capture_output=True,
        env={**os.environ, "COLUMNS": "200", **env},
        timeout=120,
        check=False,
    )


def test_console_script_parse_json() -> None:
    proc = run_script("parse", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert set(data) == CONTRACT_KEYS
    assert [t["kind"] for t in data["tasks"]].count("item") == 12


def test_console_script_writes_utf8_whatever_the_locale(tmp_path: Path) -> None:
    notice = tmp_path / "通知.txt"
    notice.write_text("关于开展工作的通知\n", encoding="utf-8")
    proc = run_script("parse", str(notice), "--json", PYTHONIOENCODING="latin-1")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    result = ParseResult.model_validate_json(proc.stdout.decode("utf-8"))
    assert result.notice.title == "关于开展工作的通知"


def test_console_script_binary_file_is_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "blob.dat"
    binary.write_bytes(b"\x00\x01\x02text\x00" * 64)
    proc = run_script("parse", str(binary))
    assert_one_error_line(
        proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"), "blob.dat"
    )


def _command_paths() -> list[list[str]]:
    """Every command and command group of the `dutygraph` app, as argument lists."""
    import typer.main

    out: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        out.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():  # a group (typer's own click)
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return out


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "dutygraph")
def test_every_help_has_an_example(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout and "dutygraph " in result.stdout
