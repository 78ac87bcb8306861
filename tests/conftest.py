"""Shared fixtures.

- `shared_eval`: the folder `../shared/eval` beside the repository, or a skip when it is absent.
- `spacy_nlp`: the raw trained spaCy pipeline, loaded once per test run.
- `nlp`: sitrep's full analysis pipeline (the trained pipeline plus sitrep's components),
  loaded once per test run. Tests that use either are marked `model`.
- `pg_server`: the PostgreSQL server of SITREP_TEST_PG_URL, which creates a database per use
  and drops them all at the end; a skip without the variable, except in CI (CI=true), where
  it fails: a CI run must test PostgreSQL. `scripts/start-postgres.sh` starts one.
"""

from __future__ import annotations

import itertools
import os
import secrets
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from sitrep.store import normalise_url

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
PG_ENV = "SITREP_TEST_PG_URL"
DROP_ATTEMPTS = 10


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"{SHARED_EVAL} is not present")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def spacy_nlp() -> Any:
    import spacy

    from sitrep.config import Settings

    return spacy.load(Settings.from_env().model)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from sitrep.config import Settings
    from sitrep.nlp.pipeline import load_pipeline

    return load_pipeline(Settings.from_env())


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

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

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
            f"{PG_ENV} is not set: the PostgreSQL store and API tests need a server. Run "
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
