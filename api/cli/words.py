"""Chinese words of the CLI tables clerks read (`--json` keeps the English contract)."""

from dutygraph.loaders import number_zh
from dutygraph.visualize.style import ROLE_NAME

NODE_KIND = {"Task": "任务", "Indicator": "指标", "Target": "分解目标", "Unit": "单位"}
NOTICE_HINT = "先导入通知：dutygraph load --store {path} 通知.txt …（只有 load 会新建图谱库）"


def role_zh(role: str) -> str:
    """lead -> 牵头, co -> 配合, owner -> 责任; an unknown role is shown as written."""
    return ROLE_NAME.get(role, role)


def kind_zh(kind: str) -> str:
    return NODE_KIND.get(kind, kind)


def num(x: float | None) -> str:
    """A number as the clerk writes it (loaders.number_zh), — for none."""
    return "—" if x is None else number_zh(x)
