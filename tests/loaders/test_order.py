"""loaders.order.natural_key: outline paths and row numbers sort as numbers, Chinese or not."""

import random

from dutygraph.loaders import natural_key


def test_outline_paths_sort_in_document_order() -> None:
    ordered = [
        None,
        "二.(四)",
        "三",
        "三.(一)",
        "三.(二).2",
        "三.(二).10",
        "三.(三)",
        "九",
        "十",
        "十一",
        "附件1.row2",
        "附件1.row10",
        "附件1.row14",
        "附件1.row14-2",
    ]
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=natural_key) == ordered


def test_circled_and_text_names() -> None:
    assert sorted(["②", "⑩", "①"], key=natural_key) == ["①", "②", "⑩"]
    assert sorted(["孟庄镇", "光明路街道", "税郭镇"], key=natural_key) == sorted(
        ["孟庄镇", "光明路街道", "税郭镇"]
    )
