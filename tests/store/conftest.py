"""Fixtures of the store tests: an empty database per test on SQLite and on PostgreSQL.

- `db_url`: parametrised over `sqlite` (a file in `tmp_path`) and `postgresql` (marked
  `postgres`): a fresh database, created for the test in the server named by the environment
  variable SITREP_TEST_PG_URL and dropped after it. Not migrated.
- `store`: a `Store` on `db_url`, migrated to the newest schema.
- `make_article`: builds an `Article` whose id is a hash of its text.

Without SITREP_TEST_PG_URL the PostgreSQL cases skip, except in CI (CI=true), where they fail:
a CI run must test PostgreSQL. `scripts/start-postgres.sh` starts a server and prints the URL.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import secrets
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from sitrep.records import Article
from sitrep.store import Store, normalise_url, upgrade

PG_ENV = "SITREP_TEST_PG_URL"
DROP_ATTEMPTS = 10


class PostgresServer:
    """The test server: an admin engine on the URL from the environment, and a database factory."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.engine: Engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        self.prefix = f"sitrep_test_{secrets.token_hex(4)}_"
        self._counter = itertools.count()

    def create_database(self) -> str:
        name = f"{self.prefix}{next(self._counter)}"
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        return name

    def drop_database(self, name: str) -> bool:
        """Drop a test database. An autovacuum worker busy in it belongs to the superuser, so
        FORCE may not end it: wait for the worker a little, else leave the database to
        `drop_leftovers`."""
        for attempt in range(DROP_ATTEMPTS):
            try:
                with self.engine.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return True
            except sa.exc.DBAPIError:
                time.sleep(0.1 * (attempt + 1))
        return False

    def drop_leftovers(self) -> None:
        with self.engine.connect() as conn:
            names = list(
                conn.execute(
                    sa.text("SELECT datname FROM pg_database WHERE starts_with(datname, :prefix)"),
                    {"prefix": self.prefix},
                ).scalars()
            )
        left = [name for name in names if not self.drop_database(name)]
        if left:
            warnings.warn(f"test databases left on the server: {', '.join(left)}", stacklevel=1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    raw = os.environ.get(PG_ENV, "").strip()
    if not raw:
        message = (
            f"{PG_ENV} is not set: the PostgreSQL store tests need a server. Run "
            f"`eval $(scripts/start-postgres.sh)` (as root) or set {PG_ENV} to "
            "postgresql+psycopg://user:password@host:port/db for a role that may CREATE DATABASE."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    server = PostgresServer(normalise_url(raw))
    try:
        with server.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        server.engine.dispose()
        pytest.fail(
            f"Cannot connect to {PG_ENV}={server.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}. Is the server running (scripts/start-postgres.sh)?",
            pytrace=False,
        )
    try:
        yield server
    finally:
        server.drop_leftovers()
        server.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """The URL of an empty database, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store on a freshly migrated database."""
    upgrade(db_url)
    with Store.open(db_url) as opened:
        yield opened


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def make_article() -> Callable[..., Article]:
    def make(text: str, **fields: Any) -> Article:
        defaults: dict[str, Any] = {
            "id": article_id(text),
            "text": text,
            "title": None,
            "outlet": "Test Wire",
            "published": date(2025, 1, 24),
            "ingested_at": datetime(2025, 1, 24, 9, 30, tzinfo=UTC),
        }
        return Article(**(defaults | fields))

    return make
