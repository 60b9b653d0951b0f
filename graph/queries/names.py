"""Unit names indexed once per graph: full name, written alias, name ending (税郭镇), exact keys.

`units_named` (owners.py) answers the same question by a scan of the units it is given; this
index answers it for all the graph's units in a few dict look-ups, which is what a province
needs (a county roll-up spent 87% of its time scanning ~2,000 unit names).
"""

from collections import defaultdict
from collections.abc import Collection

import networkx as nx

from dutygraph.graph.derived import per_graph
from dutygraph.graph.units import expand_abbreviation
from dutygraph.loaders.notice import same_thing


class UnitNames:
    """Unit ids by label, by alias and by every ending of their label."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.by_ending: dict[str, list[str]] = defaultdict(list)
        for n, a in g.nodes(data=True):
            if a.get("kind") != "Unit":
                continue
            label = str(a["label"])
            self.by_label[label].append(str(n))
            for alias in set(a["props"].get("aliases", [])):
                self.by_alias[str(alias)].append(str(n))
            for i in range(len(label) + 1):  # "" too: every label ends with it
                self.by_ending[label[i:]].append(str(n))

    def find(self, name: str) -> list[str]:
        """Units with this full name, else a written alias, else a name ending, as units_named;
        abbreviations in `name` are expanded first (区市场监管局 finds 区市场监督管理局)."""
        names = {name, expand_abbreviation(name)}
        for table in (self.by_label, self.by_alias, self.by_ending):
            found = sorted({n for x in names for n in table.get(x, ())})
            if found:
                return found
        return []


def unit_names(g: nx.MultiDiGraph) -> UnitNames:
    """The graph's UnitNames, built on first use (graph.derived)."""
    return per_graph(g, "unit_names", lambda: UnitNames(g))


def tables_named(tables: Collection[str], written: str) -> list[str]:
    """The allocation tables a written indicator name may mean: itself, else similar names
    (graph.imports.ProgressCatalog.match; Neo4j reads only these tables' cells)."""
    w = written.strip()
    return [w] if w in tables else sorted(t for t in tables if same_thing(t, w))
