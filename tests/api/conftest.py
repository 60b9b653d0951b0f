"""Fixtures for the GraphQL API: the real ASGI app over a store loaded with the five samples."""

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dutygraph.api.app import create_app
from dutygraph.api.settings import Settings
from dutygraph.graph.backends import Embedded, GraphBackend
from dutygraph.graph.store import Store
from dutygraph.loaders import read_notice
from dutygraph.schema import ParseResult
from tests.graph.conftest import BACKENDS

ROOT = Path(__file__).resolve().parents[2]
NOTICES = sorted((ROOT / "examples" / "notices").glob("*.txt"))
TOKEN = "test-token-1f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# TestClient's client host is "testclient", not loopback: the default "local" would close reads.
OPEN = Settings(token=TOKEN, reads="open")
T004 = "t:na3a8e7f37d:三.(三).1"
"""Task 三.(三).1 提升行政保护质效 of notice 004."""


def data(body: dict[str, Any]) -> dict[str, Any]:
    """The `data` of a GraphQL response that must have no errors."""
    assert "errors" not in body, body.get("errors")
    result: dict[str, Any] = body["data"]
    return result


@pytest.fixture(scope="session")
def api_results() -> list[ParseResult]:
    return [read_notice(p) for p in NOTICES]


def loaded(path: Path, results: list[ParseResult]) -> Embedded:
    store = Store(path)
    store.load(results)
    return Embedded(store)


class Api:
    """A TestClient over create_app, with `gql()` posting one GraphQL request."""

    def __init__(
        self,
        backend: GraphBackend,
        settings: Settings = OPEN,
        client: tuple[str, int] = ("testclient", 50000),
    ) -> None:
        with warnings.catch_warnings():
            # Starlette asks for httpx2 for its TestClient; httpx works the same here.
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient
        self.backend = backend
        self.client = TestClient(
            create_app(backend, settings),
            raise_server_exceptions=True,
            client=client,
            base_url="http://localhost",  # an allowed Host (Settings.allowed_hosts)
        )

    def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        r = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = r.json()
        body["_status"] = r.status_code
        return body

    auth = AUTH
    """Headers that carry the test token."""

    @staticmethod
    def codes(body: dict[str, Any]) -> list[str]:
        """The `extensions.code` of each error of a response."""
        return [e["extensions"]["code"] for e in body.get("errors") or []]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, api_results: list[ParseResult]) -> Iterator[Api]:
    """Read-only tests share one app."""
    with loaded(tmp_path_factory.mktemp("api") / "g.sqlite", api_results) as db:
        yield Api(db)


@pytest.fixture
def make_api(tmp_path: Path, api_results: list[ParseResult]) -> Iterator[Callable[..., Api]]:
    """An app with other settings (client address, a wrapped backend) over a store of its own."""
    opened: list[Embedded] = []

    def make(
        settings: Settings = OPEN,
        client: tuple[str, int] = ("testclient", 50000),
        wrap: Callable[[GraphBackend], GraphBackend] | None = None,
    ) -> Api:
        db = loaded(tmp_path / f"g{len(opened)}.sqlite", api_results)
        opened.append(db)
        return Api(wrap(db) if wrap else db, settings, client)

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def fresh_api(tmp_path: Path, api_results: list[ParseResult]) -> Iterator[Api]:
    """Tests that change the store get their own."""
    with loaded(tmp_path / "g.sqlite", api_results) as db:
        yield Api(db)


@pytest.fixture(params=BACKENDS)
def both_api(
    request: pytest.FixtureRequest, tmp_path: Path, api_results: list[ParseResult]
) -> Iterator[Api]:
    """The app over a fresh SQLite file, or over the emptied Neo4j database (no accounts,
    no trail), for the tests the two stores must pass alike."""
    from dutygraph.graph.backends.neo4j.supervision import neo4j_supervision
    from tests.graph.conftest import loaded_backend

    with loaded_backend(request.param, tmp_path / "g.sqlite", api_results) as backend:
        sup = neo4j_supervision(backend)
        if sup is not None:
            sup.clear()
        yield Api(backend)
        if sup is not None:
            sup.clear()
