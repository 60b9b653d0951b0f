"""Rooms that export names without importing every module at start-up (PEP 562).

A command asking the store one question (owners, duties, rollup) must not first load the Word,
PDF and spreadsheet readers, which cost ~1 s of imports; they load when a name is first used.
"""

import importlib
import sys
from typing import Any


def lazy_export(package: str, where: dict[str, str], name: str) -> Any:
    """`name` of `package`, imported from module `where[name]` on first use and then kept."""
    if name not in where:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where[name]), name)
    setattr(sys.modules[package], name, value)
    return value
