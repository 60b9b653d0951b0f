"""The five samples in an embedded store, and a notice with hostile text and lead/co owners."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from dutygraph.graph.backends import Embedded
from dutygraph.graph.store import Store
from dutygraph.loaders import parse_text, read_notice

ROOT = Path(__file__).resolve().parents[2]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))

HOSTILE_TITLE = '强化"保护"<script>alert(1)</script>&协同'
HOSTILE = f"""枣庄市市中区人民政府办公室
关于印发《测试工作方案》的通知
区政府各部门，各镇街：
现将《测试工作方案》印发给你们，请认真贯彻执行。
枣庄市市中区人民政府办公室
2024年3月1日
测试工作方案
一、重点任务
（一）{HOSTILE_TITLE}。加强知识产权保护协作，到2026年底，办理案件达到30件。（牵头单位：区市场监督管理局；配合单位：区公安分局、区司法局）
（二）完善服务体系。建设服务平台。（责任单位：区科学技术局）
"""


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with Embedded(Store(tmp_path_factory.mktemp("maps") / "g.sqlite")) as db:
        db.load([read_notice(p) for p in NOTICES])
        yield db


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with Embedded(Store(tmp_path_factory.mktemp("hostile") / "g.sqlite")) as db:
        db.load([parse_text(HOSTILE, file="hostile.txt")])
        yield db
