"""Fixtures of the API tests: a small store written by hand, on SQLite and on PostgreSQL.

- `backend`: `sqlite` or `postgresql` (marked `postgres`). The PostgreSQL cases need a server
  named by SITREP_TEST_PG_URL (`scripts/start-postgres.sh` starts one); without it they skip,
  except when CI=true, where they fail, as in `tests/store`.
- `read_store`: per backend, one migrated store holding three hand-built articles and analyses
  (`apidata.ARTICLES`), shared by the read-only tests of a session.
- `client`: a FastAPI `TestClient` on `read_store`, with the ingest token `apidata.TOKEN`.
- `make_client`: builds a client on a fresh, empty store with given `ApiSettings`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apidata import ARTICLES, app_for, fill
from fastapi.testclient import TestClient

from sitrep.api import ApiSettings
from sitrep.store import Store, upgrade


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _new_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'api-{secrets.token_hex(4)}.db'}"
    server = request.getfixturevalue("pg_server")
    return str(server.url_of(server.create_database()))


@pytest.fixture(scope="session")
def read_store(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    url = _new_url(request, backend, tmp_path_factory.mktemp("api"))
    upgrade(url)
    with Store.open(url) as store:
        fill(store, ARTICLES)
        yield store


@pytest.fixture(scope="session")
def client(read_store: Store) -> Iterator[TestClient]:
    with TestClient(app_for(read_store)) as test_client:
        yield test_client


@pytest.fixture
def make_client(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[Callable[..., TestClient]]:
    stores: list[Store] = []

    def make(api: ApiSettings | None = None, analyzer: Any = None, **kwargs: Any) -> TestClient:
        url = _new_url(request, backend, tmp_path)
        upgrade(url)
        store = Store.open(url)
        stores.append(store)
        return TestClient(app_for(store, api, analyzer), **kwargs)

    yield make
    for store in stores:
        store.close()


@pytest.fixture(scope="session")
def analyzer(nlp: Any) -> Any:
    """sitrep's `Analyzer` on the session's pipeline (loaded once per run)."""
    from sitrep.nlp.pipeline import Analyzer, pipeline_info

    shared = Analyzer()
    shared._nlp, shared._info = nlp, pipeline_info(nlp)
    return shared
