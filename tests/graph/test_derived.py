"""graph.derived: an index is built once per graph object, and frozen with a frozen graph."""

from dutygraph.graph.derived import has, per_graph
from dutygraph.graph.store import Store, frozen_objects

from .conftest import frozen_like_a_server


def _index(n: int) -> list[dict[str, list[int]]]:
    return [{"row": [i]} for i in range(n)]  # tracked by the collector (an int-only dict is not)


def test_an_index_lives_with_its_graph_and_is_frozen_with_it(store: Store) -> None:
    # A server froze its graph after the load; an index a roll-up or a page builds later lives
    # as long as that graph, so the collector must not walk it again at every full collection.
    g = store.graph
    with frozen_like_a_server() as before:
        rows = per_graph(g, "rows", lambda: _index(5000))
        after = frozen_objects()
        assert after - before >= 5000 and has(g, "rows")
        assert per_graph(g, "rows", lambda: _index(1)) is rows  # kept: not built again
        assert frozen_objects() == after
    per_graph(store.graph, "rows", lambda: _index(5000))  # a process that never froze
    assert frozen_objects() == 0
