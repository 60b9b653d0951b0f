"""The PNG maps draw real Chinese glyphs, not empty boxes.

The same label is rendered twice through the maps' own styling: with the system fonts (the CJK
font the maps name), and with a fontconfig that knows only DejaVu Sans (no CJK glyphs), where
Pango draws each character as a "tofu" box. A tofu box has two full-height vertical edges; real
CJK glyphs have few. The PNG is decoded by a small decoder here (zlib + PNG row filters) rather
than Pillow, which would be a 4 MB binary dependency for one test.
"""

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from dutygraph.visualize.labels import html_label
from dutygraph.visualize.nodes import node
from dutygraph.visualize.render import render_bytes
from dutygraph.visualize.style import new_graph

LABEL = "王光明组长"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def decode_png(data: bytes) -> list[list[int]]:
    """Grey levels (0 black .. 255 white; transparent = white) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unexpected PNG layout"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows: list[list[int]] = []
    for y in range(height):
        start = y * (stride + 1)
        f, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        px = [line[i : i + bpp] for i in range(0, stride, bpp)]
        rows.append([255 if bpp == 4 and p[3] == 0 else sum(p[:3]) // 3 for p in px])
        prev = line
    return rows


def label_png() -> bytes:
    g = new_graph("cjk", "")
    # plaintext: no border, so all ink in the image is the label's.
    node(g, "x", "Unit", html_label(LABEL), shape="plaintext", style="")
    return render_bytes(g, "png")


def ink_stats(rows: list[list[int]]) -> tuple[int, int]:
    """(dark pixels, full-height vertical strokes) of the text line."""
    ink = [[v < 128 for v in r] for r in rows]
    ys = [y for y, r in enumerate(ink) if any(r)]
    assert ys, "the label drew no ink at all"
    span = ys[-1] - ys[0] + 1
    tall = [sum(r[x] for r in ink) >= 0.9 * span for x in range(len(ink[0]))]
    strokes = sum(1 for x, t in enumerate(tall) if t and (x == 0 or not tall[x - 1]))
    return sum(map(sum, ink)), strokes


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.skipif(not DEJAVU.is_dir(), reason="fonts-dejavu-core is not installed")
def test_png_draws_cjk_glyphs_not_tofu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zh = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if not zh.stdout.strip():
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    cjk = decode_png(label_png())
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    tofu = decode_png(label_png())
    cjk_ink, cjk_strokes = ink_stats(cjk)
    tofu_ink, tofu_strokes = ink_stats(tofu)
    # The negative control really is tofu: two box edges per character.
    assert tofu_strokes >= 2 * len(LABEL)
    # Real glyphs: inked, and not boxes.
    assert cjk_ink > 20 * len(LABEL)
    assert cjk_strokes < len(LABEL)
    assert cjk != tofu
