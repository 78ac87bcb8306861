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

import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from apidata import ARTICLES, app_for, fill
from fastapi.testclient import TestClient

from sitrep.api import ApiSettings
from sitrep.store import Store, normalise_url, upgrade

PG_ENV = "SITREP_TEST_PG_URL"


class PostgresServer:
    """Creates and drops one database per use on the server of SITREP_TEST_PG_URL."""

    def __init__(self, url: sa.URL) -> None:
        self.url = url
        self.engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        self.prefix = f"sitrep_api_{secrets.token_hex(4)}_"
        self.count = 0

    def create(self) -> str:
        self.count += 1
        name = f"{self.prefix}{self.count}"
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            names = conn.execute(
                sa.text("SELECT datname FROM pg_database WHERE starts_with(datname, :p)"),
                {"p": self.prefix},
            ).scalars()
            for name in list(names):
                _drop(conn, name)


def _drop(conn: sa.Connection, name: str, attempts: int = 10) -> None:
    """An autovacuum worker busy in the database belongs to the superuser, so FORCE may not
    end it: give the worker a moment and try again."""
    for attempt in range(attempts):
        try:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


@pytest.fixture(scope="session")
def api_pg_server() -> Iterator[PostgresServer]:
    raw = os.environ.get(PG_ENV, "").strip()
    if not raw:
        message = (
            f"{PG_ENV} is not set: the PostgreSQL API tests need a server "
            "(`eval $(bash scripts/start-postgres.sh)` as root)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    server = PostgresServer(normalise_url(raw))
    try:
        yield server
    finally:
        server.drop_all()
        server.engine.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _new_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'api-{secrets.token_hex(4)}.db'}"
    server: PostgresServer = request.getfixturevalue("api_pg_server")
    return server.create()


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
