"""Roll-up map of an allocation table: township targets -> the district total -> the headline
target, each township with its value and share, and the gap to the headline coloured (short red,
met green, over amber). Left to right.
"""

import graphviz

from dutygraph.graph.model import unit_id
from dutygraph.graph.queries import Rollup
from dutygraph.visualize.labels import html_label, number
from dutygraph.visualize.nodes import Link, Status, capped, edge, more, no_link, node
from dutygraph.visualize.style import GAP_RED, ROLLUP_CAP, gap_colour, new_graph


def gap_text(gap: float, computed: float, headline: float, measure: str) -> str:
    """'缺口35项' / '超出7家' / '持平', with the sum against the headline."""
    if gap < 0:
        word = f"缺口{number(-gap)}{measure}"
    elif gap > 0:
        word = f"超出{number(gap)}{measure}"
    else:
        word = "持平"
    return f"{word}（分解合计{number(computed)} / 总目标{number(headline)}）"


def short_name(label: str, region: str | None) -> str:
    """枣庄市市中区税郭镇 -> 税郭镇 under 枣庄市市中区."""
    if region and label.startswith(region) and len(label) > len(region):
        return label[len(region) :]
    return label


def total_node(r: Rollup) -> str:
    """The drawn id of a roll-up's total (the region's 分解合计) node."""
    return f"total:{r.notice}:{r.table}:{r.period}"


def rollup_map(r: Rollup, link: Link = no_link, status: Status | None = None) -> graphviz.Digraph:
    """The Digraph of one table and period; township nodes link to their unit cards."""
    measure = r.measure or ""
    title = f"指标分解：{r.table}（{r.period}）"
    g = new_graph("rollup", title)
    total_id = total_node(r)
    region_uid = unit_id(r.region) if r.region else None
    stated = "" if r.stated is None else f"表列合计 {number(r.stated)}{measure}"
    if r.diff_stated:
        stated += f"（与分解之和相差{number(r.diff_stated)}）"
    done = "" if r.actual_total is None else f"实际完成 {number(r.actual_total)}{measure}"
    node(
        g,
        total_id,
        "Total",
        html_label(r.region or "合计", f"分解合计 {number(r.computed)}{measure}", stated, done),
        href=link("unit", region_uid) if region_uid else None,
        status=status,
        tooltip=f"{r.region or ''} {r.table} {r.period}",
        color=GAP_RED if r.diff_stated else "#1e3a8a",
        penwidth="2",
    )
    actual = dict(r.actuals)
    shown, rest = capped(r.children, ROLLUP_CAP)
    for label, value in shown:
        uid = unit_id(label)
        share = f"{value / r.computed:.1%}" if r.computed else "—"
        got = actual.get(label)
        done = "" if got is None else f"实际 {number(got)}{measure}"
        node(
            g,
            uid,
            "Target",
            html_label(short_name(label, r.region), f"{number(value)}{measure} · 占{share}", done),
            href=link("unit", uid),
            status=status,
            tooltip=f"{label}: {number(value)}{measure}",
        )
        edge(g, uid, total_id)
    more(g, total_id, rest)
    if r.headline is None or r.diff_headline is None:
        return g
    name, value = r.headline
    head_id = f"headline:{r.notice}:{r.table}:{r.period}"
    node(
        g,
        head_id,
        "Headline",
        html_label(f"总目标：{name}", f"{number(value)}{measure}"),
        href=link("indicators", r.notice),
        tooltip=f"总目标：{name} {number(value)}{measure}（点击查看通知的全部指标）",
        status=status,
    )
    edge(g, total_id, head_id, label="对照")
    gap_id = f"gap:{r.notice}:{r.table}:{r.period}"
    colour = gap_colour(r.diff_headline)
    kind = "under" if r.diff_headline < 0 else "over" if r.diff_headline > 0 else "met"
    node(
        g,
        gap_id,
        "Gap",
        html_label(gap_text(r.diff_headline, r.computed, value, measure)),
        status=status,
        fillcolor=colour,
        shape="box",
        style="filled,bold",
        **{"class": f"gap gap-{kind}"},
    )
    edge(g, head_id, gap_id, color=colour, penwidth="2")
    return g
