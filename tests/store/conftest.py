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
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from sitrep.records import Article
from sitrep.store import Store, upgrade


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """The URL of an empty database, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.url_of(name)
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
