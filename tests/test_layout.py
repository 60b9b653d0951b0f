"""The layout holds: imports point api → visualize → graph → loaders → schema, rooms form no cycle."""

import ast
from collections import defaultdict
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
RANK = {"schema": 0, "loaders": 1, "graph": 2, "visualize": 3, "api": 4}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return "dutygraph." + ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every dutygraph module a file imports, TYPE_CHECKING blocks and function bodies included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("dutygraph.")}


def _room(module: str, known: set[str]) -> str:
    """graph.queries.owners -> graph.queries; graph.model -> graph.model; graph -> graph."""
    parts = module.split(".")[1:]
    if len(parts) >= 3 or (len(parts) == 2 and "dutygraph." + ".".join(parts) not in known):
        return ".".join(parts[:2])
    return ".".join(parts)


def _edges() -> dict[str, set[str]]:
    files = [p for pkg in RANK for p in (ROOT / pkg).rglob("*.py")]
    modules = {_module(p) for p in files}
    packages = {_module(p) for p in files if p.name == "__init__.py"}
    edges: dict[str, set[str]] = defaultdict(set)
    for p in files:
        for target in _imports(p):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]  # `from pkg.mod import name`
            edges[_module(p)].add(target)
    assert packages  # the walk saw the packages it checks
    return edges


def test_imports_point_one_way() -> None:
    against = sorted(
        f"{src} imports {dst}"
        for src, dsts in _edges().items()
        for dst in dsts
        if RANK[dst.split(".")[1]] > RANK[src.split(".")[1]]
    )
    assert against == []


def test_no_cycle_between_rooms() -> None:
    edges = _edges()
    known = set(edges) | {d for ds in edges.values() for d in ds}
    rooms = nx.DiGraph()
    for src, dsts in edges.items():
        for dst in dsts:
            a, b = _room(src, known), _room(dst, known)
            # a package's own __init__ re-exporting its rooms is not a dependency of theirs
            if a != b and not b.startswith(a + "."):
                rooms.add_edge(a, b)
    assert list(nx.simple_cycles(rooms)) == []


def test_a_wrong_import_is_caught(tmp_path: Path) -> None:
    """The walk sees `from dutygraph.api...` in a loader: the check itself can fail."""
    bad = tmp_path / "bad.py"
    bad.write_text("from dutygraph.api.settings import Settings\n", encoding="utf-8")
    assert _imports(bad) == {"dutygraph.api.settings", "dutygraph.api.settings.Settings"}


def test_every_package_folder_installs() -> None:
    """A folder with an __init__.py that pyproject does not list would be missing from the image."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    folders = {
        _module(init)
        for room in RANK
        for init in (ROOT / room).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert folders - listed == set()
    assert "dutygraph.graph.backends.neo4j" in folders
