"""Table headers: a sub-header that starts past the header's names does not crash the reader."""

from dutygraph.loaders.notice.layout import Cell, Row
from dutygraph.loaders.notice.tables import _columns


def test_sub_header_past_the_header_names() -> None:
    # Found by test_parser_properties on a damaged 000 (附件 企业联系人信息 table).
    header = Row(cells=[Cell(text="企业注册年份", line=2), Cell(text="企业联系人信息", line=4)])
    sub = Row(cells=[Cell(text="", line=6), Cell(text="", line=7), Cell(text="1国", line=8)])
    cols = _columns(header, sub, 3)
    # Read as a merged header over the first column (no 重点任务 column to spread instead).
    assert [c.name for c in cols] == ["企业注册年份", "企业注册年份", "企业联系人信息"]
    assert [c.part for c in cols] == [0, 1, 0]
