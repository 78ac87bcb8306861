"""Schema migrations: Alembic configured in code, run to head on a URL, engine or connection.

The migration scripts ship inside the package (`sitrep/store/migrations`), so users need no
`alembic.ini`: `sitrep db upgrade` calls `upgrade(url)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection, Engine

from sitrep.errors import StoreError
from sitrep.store.engine import database_errors, make_engine, safe_url
from sitrep.store.schema import metadata

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SchemaState = Literal["empty", "current", "behind", "unknown", "unversioned"]
"""empty: no sitrep tables; current: at head; behind: at an older revision that upgrade can fix;
unknown: at a revision this sitrep does not know (a newer sitrep wrote it);
unversioned: sitrep-like tables but no Alembic revision."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic `Config` pointing at the packaged scripts, sharing `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the packaged migrations reach."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError(f"No migrations found in {MIGRATIONS}: the sitrep install is broken.")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with database_errors("Reading the schema revision"):
        return MigrationContext.configure(connection).get_current_revision()


def schema_state(connection: Connection) -> tuple[SchemaState, str | None]:
    """Where the database stands against the packaged migrations, and its revision."""
    revision = current_revision(connection)
    if revision is None:
        with database_errors("Inspecting the database"):
            present = set(sa.inspect(connection).get_table_names())
        ours = present & set(metadata.tables)
        return ("unversioned" if ours else "empty"), None
    script = ScriptDirectory.from_config(alembic_config())
    if revision == script.get_current_head():
        return "current", revision
    known = {rev.revision for rev in script.walk_revisions()}
    return ("behind" if revision in known else "unknown"), revision


def upgrade_connection(connection: Connection, target: str = "head") -> str:
    """Run the migrations to `target` inside the caller's transaction; return the new revision."""
    with database_errors("Migrating the database schema"):
        command.upgrade(alembic_config(connection), target)
    revision = current_revision(connection)
    if revision is None:
        raise StoreError("The migrations ran but left no revision: the sitrep install is broken.")
    return revision


def upgrade_engine(engine: Engine, target: str = "head") -> str:
    """Run the migrations to `target` in one transaction (atomic on PostgreSQL)."""
    with (
        database_errors("Migrating the database schema", safe_url(engine.url)),
        engine.begin() as conn,
    ):
        return upgrade_connection(conn, target)


def upgrade(url: str | URL, target: str = "head") -> str:
    """Create or migrate the database at `url` to the newest schema; return its revision."""
    engine = make_engine(url)
    try:
        return upgrade_engine(engine, target)
    finally:
        engine.dispose()
