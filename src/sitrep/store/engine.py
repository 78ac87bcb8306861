"""Database URLs and engines, and the translation of database failures into `StoreError`.

SQLite is the default (`sqlite:///sitrep.db`); PostgreSQL is reached through psycopg 3
(`postgresql+psycopg://user@host/db`; plain `postgresql://` and `postgres://` are rewritten).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Engine

from sitrep.errors import StoreError

log = logging.getLogger(__name__)

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_POSTGRES_ALIASES = {"postgres", "postgresql"}


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL, pick the psycopg 3 driver for PostgreSQL, reject other backends.

    A bare path (no `://`) is taken as an SQLite file.
    """
    if isinstance(url, str):
        text = url.strip()
        if not text:
            raise StoreError(
                "The database URL is empty: set SITREP_DB_URL, e.g. sqlite:///sitrep.db"
            )
        if "://" not in text:
            return URL.create("sqlite", database=text)
        try:
            parsed = sa.make_url(text)
        except (sa_exc.ArgumentError, ValueError) as exc:
            raise StoreError(
                f"Cannot parse the database URL {text!r}: {exc}. Use sqlite:///path/to/file.db "
                "or postgresql+psycopg://user:password@host:5432/dbname (SITREP_DB_URL)."
            ) from exc
    else:
        parsed = url
    if parsed.drivername in _POSTGRES_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise StoreError(
            f"Unsupported database {parsed.get_backend_name()!r} in "
            f"{safe_url(parsed)}. Supported: {', '.join(SUPPORTED_BACKENDS)} "
            "(sqlite:///file.db or postgresql+psycopg://user@host/db)."
        )
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL as text with any password masked, for messages and logs."""
    if isinstance(url, str):
        try:
            url = sa.make_url(url)
        except (sa_exc.ArgumentError, ValueError):
            return "<unparseable URL>"
    return url.render_as_string(hide_password=True)


def is_memory_sqlite(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores FOREIGN KEY clauses unless this pragma is set on each new connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | URL) -> Engine:
    """Create an engine for `url`; for an SQLite file, create its folder and enable foreign keys."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite" and not is_memory_sqlite(parsed):
        database = parsed.database or ""
        if not database.startswith("file:"):
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder {folder} for the SQLite database: {exc}. "
                    "Choose another path in SITREP_DB_URL."
                ) from exc
    try:
        engine = sa.create_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The database driver for {safe_url(parsed)} is not installed ({exc.name}). "
            "For PostgreSQL install the extra: pip install 'sitrep[postgres]'."
        ) from exc
    except sa_exc.ArgumentError as exc:
        raise StoreError(f"Invalid database URL {safe_url(parsed)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def translate_error(action: str, exc: sa_exc.SQLAlchemyError, url: str | None = None) -> StoreError:
    """A `StoreError` that says what failed, the likely cause and the fix."""
    detail = _first_line(exc)
    lower = detail.lower()
    where = f" ({url})" if url else ""
    if "no such table" in lower or ("relation" in lower and "does not exist" in lower):
        hint = (
            "The database has no sitrep tables or is at an older schema: run `sitrep db upgrade` "
            "(it uses SITREP_DB_URL)."
        )
    elif isinstance(exc, sa_exc.IntegrityError):
        if "foreign key" in lower:
            hint = (
                "A referenced row is missing: save the article (and the article it duplicates) "
                "before its analysis."
            )
        else:
            hint = "A row conflicts with one already stored."
    elif "database is locked" in lower:
        hint = (
            "Another process is writing to the SQLite file; retry, or use PostgreSQL for "
            "concurrent writers."
        )
    elif isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) and (
        "connect" in lower
        or "unable to open" in lower
        or "password" in lower
        or "does not exist" in lower
        or "refused" in lower
    ):
        hint = (
            "Cannot reach the database: check SITREP_DB_URL (host, port, user, password, "
            "database name) and that the server is running."
        )
    else:
        hint = "See the database error above; if the schema is outdated run `sitrep db upgrade`."
    return StoreError(f"{action} failed{where}: {detail}. {hint}")


@contextmanager
def database_errors(action: str, url: str | None = None) -> Iterator[None]:
    """Re-raise SQLAlchemy and driver errors inside the block as `StoreError`."""
    try:
        yield
    except sa_exc.SQLAlchemyError as exc:
        log.debug("database error while %s", action, exc_info=True)
        raise translate_error(action, exc, url) from exc
