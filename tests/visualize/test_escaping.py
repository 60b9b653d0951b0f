"""Notice text with < > & " renders as text in every map, never as markup."""

import re

import graphviz

from dutygraph.graph.backends import Embedded
from dutygraph.visualize.labels import html_label, node_name, plain
from dutygraph.visualize.maps import build_map
from dutygraph.visualize.render import svg_text
from dutygraph.visualize.svg_doc import read_svg


def test_hostile_task_text_is_text_in_the_svg(hostile: Embedded) -> None:
    svg = svg_text(build_map(hostile, "notice", "测试工作方案").graph)
    assert not re.search(r"<script", svg, re.I)
    assert "&lt;script&gt;alert（1）&lt;/script&gt;" in svg
    doc = read_svg(svg)
    (task,) = [n for n in doc.with_class("task") if n.texts[0].startswith("一.(一)")]
    # Parsed back, the label reads exactly as the notice wrote it (wrapped over lines).
    assert "".join(task.texts) == '一.(一) 强化"保护"<script>alert（1）</script>&协同'


def test_unit_card_of_hostile_notice_escapes_too(hostile: Embedded) -> None:
    svg = svg_text(build_map(hostile, "unit", "区市场监督管理局").graph)
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_labels_escape_every_special_character() -> None:
    text = "<b>\"x\" & 'y'</b>\\N"
    label = html_label(text, text, width=40)
    assert label.startswith("<<B>") and label.endswith(">")
    assert "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;\\\\N" in label
    g = graphviz.Digraph()
    g.node("a", label, tooltip=plain(text))
    g.node("b", plain("<i>plain</i> \\G"))  # a plain label that looks like HTML stays text
    doc = read_svg(svg_text(g))
    assert doc.nodes["node1"].texts == [text, text]
    assert doc.nodes["node2"].texts == ["<i>plain</i> \\G"]


def test_node_names_are_safe_for_graphviz() -> None:
    name = node_name('u:<a href="x">:三.(三).1')
    assert re.fullmatch(r"n[0-9a-f]{12}", name)
    assert node_name("u:税郭镇") == node_name("u:税郭镇") != node_name("u:齐村镇")
