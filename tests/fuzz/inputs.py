"""Hostile inputs for the fuzz targets, drawn from one random.Random: hypothesis drives it in
`make test` (st.randoms), `make fuzz` seeds it for 10,000 inputs; the same input either way.

Each generator mixes the red-team shapes (long repeats of what the patterns look for, digit
runs, control characters, broken encodings, oversized sheet extents) with mutations of the
sample notices and spreadsheets."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.loaders.sheets.hostile_xlsx import HEADER, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
SHEET_SAMPLES = sorted(
    p for d in ("progress", "enterprises", "liaisons") for p in (ROOT / "examples" / d).iterdir()
)

# What the reader's patterns look for, and the marks between them.
TOKENS = [
    "1", "9", "一", "万", "千", "1月", "和", "、", "日前", "年", "牵头", "负责", "配合", "组长",
    "为", "以", "领导小组", "办公室设在", "（", "）", "〔", "〕", "1.", "①", "@", "a", ".", "-",
    "每年", "每半年", "电话：", "邮箱：", "联系人：", "2024年", "：", "市局", "各镇", "等单位",
    "第一", "达到", "，", "。", "；", " ", "\t", "\n", "附件", "序号", "合计", "镇街",
    "由张三任组长，", "2024年1月1日前，", "1,000", "每年1月和7月15日前", "（责任单位：",
]  # fmt: skip
SNIPPETS = [
    "一、总体要求\n", "（一）", "1.加强管理，", "责任单位：区市场监管局\n",
    "牵头单位：区发改局；配合单位：各镇街\n", "附件1\n", "序号\t镇街\t2024年\t2025年\n",
    "1\t税郭镇\t5\t6\n", "合计\t\t11\t\n", "到2026年底，发明专利拥有量达到600件。",
    "成立工作领导小组，由王光明任组长，", "联系人：魏成建  联系电话：3153360\n",
    "邮箱：zzsc@163.com\n", "枣市监字〔2019〕1号\n", "关于印发《实施方案》的通知\n",
    "各镇人民政府，各街道办事处：\n", "（此件公开发布）\n", "2019年11月15日前", "每季度末前",
]  # fmt: skip
ODD = ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\u200b", "\ufeff", "\u2028", "\ufffd", "\U0001f600"]
NUMBERS = ["9" * 400, "1e309", "-1", "NaN", "inf", "1" * 16, "0.0000001", "1,2,3", "12件", "十二"]


@dataclass(frozen=True)
class Case:
    """One input: the target that reads it, a short description, and its bytes."""

    target: str
    shape: str
    data: bytes


def _size(rng: random.Random, top: int) -> int:
    """Mostly small, sometimes large: log-uniform in 1..top."""
    return int(2 ** rng.uniform(0, top.bit_length()))


def _repeat(rng: random.Random) -> Case:
    unit = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 3)))
    context = rng.choice(
        ["", "一、任务\n1.", "联系人：张三\n邮箱：", "附件\n\n序号\t单位\t目标值\n1\t"]
    )
    text = context + unit * max(1, _size(rng, 20_000) // len(unit))
    return Case("notice", f"repeat {unit!r}", text.encode("utf-8"))


def _soup(rng: random.Random) -> Case:
    parts = [
        rng.choice(SNIPPETS + TOKENS + ODD + NUMBERS)
        for _ in range(rng.randint(1, _size(rng, 400)))
    ]
    return Case("notice", "snippet soup", "".join(parts).encode("utf-8"))


def _mutated(rng: random.Random) -> Case:
    data = bytearray(rng.choice(SAMPLES).read_bytes())
    for _ in range(rng.randint(1, 20)):
        op = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[at:at] = rng.choice(SNIPPETS + TOKENS + ODD + NUMBERS).encode("utf-8")
        elif op == 2:
            del data[at : at + rng.randint(1, 400)]
        elif op == 3:
            chunk = data[at : at + rng.randint(1, 200)]
            data[at:at] = bytes(chunk) * rng.randint(1, 50)
        else:
            data[at:at] = rng.choice(["\r", "\t", "\n\n", "\u3000"]).encode("utf-8")
    return Case("notice", "mutated sample", bytes(data))


def _random_bytes(rng: random.Random) -> Case:
    size = _size(rng, 5000)
    if rng.random() < 0.5:
        return Case("notice", "random bytes", rng.randbytes(size))
    text = "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FFF),
                                   rng.randrange(0, 0x20), rng.randrange(0x3000, 0x3040)]))
                   for _ in range(size))  # fmt: skip
    encoding = rng.choice(["utf-8", "gb18030", "utf-16"])
    return Case("notice", f"random text in {encoding}", text.encode(encoding, "replace"))


def _cell(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "税郭镇",
            "知识产权专利开放许可",
            "2024",
            "2024年上半年",
            "2024-07-05",
            str(rng.randint(-5, 10**6)),
            rng.choice(NUMBERS),
            rng.choice(ODD) * rng.randint(1, 3),
            rng.choice(TOKENS) * rng.randint(1, 50),
            "913704007060537458",
            "13800000000",
            "a@b.cn",
        ]
    )


HEADERS = [
    ["镇街", "指标", "年度", "实际完成", "报送日期"],
    ["单位名称", "指标名称", "期间", "完成值", "报送日期"],
    ["企业名称", "统一社会信用代码", "所属行业", "企业性质"],
    ["负责人员", "所在单位", "姓名", "职务", "手机", "邮箱"],
]


def _csv(rng: random.Random) -> Case:
    header = list(rng.choice(HEADERS))
    rng.shuffle(header)
    rows = [header] + [
        [_cell(rng) for _ in range(rng.randint(0, len(header) + 2))] for _ in range(_size(rng, 300))
    ]
    sep = rng.choice([",", ",", ";", "\t"])
    text = "\n".join(sep.join(f'"{c}"' if rng.random() < 0.2 else c for c in r) for r in rows)
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030"])
    return Case("csv", "csv rows", text.encode(encoding, "replace"))


def _xml_text(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20)


def _ref_column(rng: random.Random) -> str:
    return rng.choice(["A", "B", "C", "D", "E", "Z", "AA", "IV", "XFD", "XFE", "a", "", "1", "A$"])


def _row_number(rng: random.Random, r: int) -> str:
    return rng.choice(
        [str(r)] * 8 + ["99999999999", "0", "-3", "x", "1048577", str(r + 100_000), ""]
    )


def _xlsx(rng: random.Random, folder: Path) -> Case:
    header = rng.choice([HEADER, ""])
    rows = []
    for r in range(2, 2 + _size(rng, 300)):
        cells = []
        for _ in range(rng.randint(0, 6)):
            col = _ref_column(rng)
            kind = rng.randrange(4)
            if kind == 0:
                cells.append(
                    f'<c r="{col}{r}" t="inlineStr"><is><t>{_xml_text(_cell(rng))}</t></is></c>'
                )
            elif kind == 1:
                cells.append(f'<c r="{col}{r}" t="s"><v>{rng.randint(-1, 5)}</v></c>')
            elif kind == 2:
                cells.append(f'<c r="{col}{r}"><v>{_xml_text(rng.choice(NUMBERS))}</v></c>')
            else:
                cells.append(f'<c t="n" s="{rng.randint(0, 9)}"><v>{rng.randint(0, 99)}</v></c>')
        rows.append(f'<row r="{_row_number(rng, r)}">{"".join(cells)}</row>')
    merges = "".join(
        f'<mergeCell ref="{_ref_column(rng)}{rng.randint(1, 50)}:'
        f'{_ref_column(rng)}{rng.choice([rng.randint(1, 60), 10**6, 10**11])}"/>'
        for _ in range(rng.randint(0, 4))
    )
    after = f"<mergeCells>{merges}</mergeCells>" if merges else ""
    path = write_xlsx(folder / "fuzz.xlsx", header + "".join(rows), after)
    data = path.read_bytes()
    if rng.random() < 0.15:  # a truncated or bit-flipped workbook
        cut = bytearray(data[: rng.randrange(len(data))] if rng.random() < 0.5 else data)
        if cut:
            cut[rng.randrange(len(cut))] ^= 1 << rng.randrange(8)
        data = bytes(cut)
    return Case("xlsx", "hand-built xlsx", data)


def _sheet_sample(rng: random.Random) -> Case:
    path = rng.choice(SHEET_SAMPLES)
    data = bytearray(path.read_bytes())
    if path.suffix == ".csv":
        for _ in range(rng.randint(1, 10)):
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice(NUMBERS + ODD + [",", "\n", '"']).encode("utf-8")
    elif data and rng.random() < 0.5:
        data[rng.randrange(len(data))] ^= 0xFF
    return Case(path.suffix.lstrip("."), f"mutated {path.name}", bytes(data))


NOTICE_MAKERS: list[Callable[[random.Random], Case]] = [_repeat, _soup, _mutated, _random_bytes]


def draw(rng: random.Random, folder: Path) -> Case:
    """One hostile input: half notices, half spreadsheets (.csv and hand-built .xlsx)."""
    if rng.random() < 0.5:
        return rng.choice(NOTICE_MAKERS)(rng)
    pick = rng.randrange(3)
    if pick == 0:
        return _csv(rng)
    if pick == 1:
        return _xlsx(rng, folder)
    return _sheet_sample(rng)
