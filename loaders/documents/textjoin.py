"""Join the lines of one table cell into the one line the reader reads."""

from dutygraph.loaders.units import is_org

_OPEN_END = "，、；：（《“"


def join_cell_text(lines: list[str]) -> str:
    """'区市场监管局' + '区财政局' -> '区市场监管局、区财政局'; wrapped prose joins without a gap."""
    parts = [" ".join(t.replace("\t", " ").split()) for t in lines]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(is_org(p) for p in parts):
        return "、".join(parts)
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out
