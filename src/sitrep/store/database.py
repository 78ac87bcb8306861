"""`Store`: an open database — its engine, transactions and schema revision checks.

The store does not own transactions: `Store.begin()` hands the caller a connection inside one
transaction, and the functions in `sitrep.store.repository` run on that connection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy.engine import URL, Connection, Engine

from sitrep.errors import StoreError
from sitrep.store import migrate
from sitrep.store.engine import database_errors, make_engine, safe_url

log = logging.getLogger(__name__)


class Store:
    """A sitrep database. Open with `Store.open(url)`; close with `close()` or a `with` block."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | URL, *, check: bool = True) -> Store:
        """Connect to the database at `url` and check that its schema is current.

        A new or empty SQLite database is migrated on the spot. Any other database must be at
        the newest revision, or a `StoreError` says to run `sitrep db upgrade`. Pass
        `check=False` to skip the check (to run `upgrade()` on an outdated database).
        """
        store = cls(make_engine(url))
        if check:
            try:
                store._check_schema()
            except BaseException:
                store.close()
                raise
        return store

    @property
    def url(self) -> str:
        """The database URL with any password masked."""
        return safe_url(self.engine.url)

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def _check_schema(self) -> None:
        with self.connect() as conn:
            state, revision = migrate.schema_state(conn)
        if state == "current":
            return
        if state == "empty" and self.dialect == "sqlite":
            log.info("creating the sitrep schema in %s", self.url)
            self.upgrade()
            return
        upgrade_hint = "Run `sitrep db upgrade` with SITREP_DB_URL set to this database."
        if state == "empty":
            raise StoreError(f"The database {self.url} has no sitrep tables yet. {upgrade_hint}")
        if state == "behind":
            raise StoreError(
                f"The database {self.url} is at schema revision {revision}; this version of "
                f"sitrep needs {migrate.head_revision()}. {upgrade_hint}"
            )
        if state == "unknown":
            raise StoreError(
                f"The database {self.url} is at schema revision {revision}, which this version "
                f"of sitrep does not know (its newest is {migrate.head_revision()}): it was "
                "written by a newer sitrep. Upgrade sitrep, or point SITREP_DB_URL elsewhere."
            )
        raise StoreError(
            f"The database {self.url} has sitrep's table names but no schema revision "
            "(no alembic_version table): it was not created by sitrep. Use an empty database "
            "or another SQLite file in SITREP_DB_URL."
        )

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction: committed when the block ends, rolled back on error."""
        with database_errors("A database transaction", self.url), self.engine.begin() as conn:
            yield conn

    def connect(self) -> Connection:
        """A new connection (use it in a `with` block; it autobegins, so commit explicitly)."""
        with database_errors("Connecting to the database", self.url):
            return self.engine.connect()

    def upgrade(self) -> str:
        """Migrate the schema to the newest revision; return that revision."""
        return migrate.upgrade_engine(self.engine)

    def revision(self) -> str | None:
        """The schema revision the database is at (None when never migrated)."""
        with self.connect() as conn:
            return migrate.current_revision(conn)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"
