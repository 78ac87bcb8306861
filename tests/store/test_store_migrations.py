"""Migrations build exactly the schema of `schema.py`, and `Store.open` checks the revision."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sitrep.errors import StoreError
from sitrep.store import Store, head_revision, upgrade
from sitrep.store.migrate import alembic_config, upgrade_engine
from sitrep.store.schema import metadata


def test_migrations_match_the_metadata(db_url: str) -> None:
    assert upgrade(db_url) == head_revision()
    with Store.open(db_url) as store, store.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []
        tables = set(sa.inspect(conn).get_table_names())
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_the_comparison_sees_differences(db_url: str) -> None:
    # Guards the test above against comparing nothing.
    upgrade(db_url)
    changed = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    sa.Index("ix_events_mode", changed.tables["events"].c.mode)
    changed.tables["places"].c.geonameid.nullable = False
    with Store.open(db_url) as store, store.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), changed)
    assert len(diffs) == 2


def test_upgrade_is_idempotent_and_reversible(db_url: str) -> None:
    assert upgrade(db_url) == head_revision()
    assert upgrade(db_url) == head_revision()
    with Store.open(db_url, check=False) as store:
        with store.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert store.revision() is None
        with store.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        assert store.upgrade() == head_revision()
        assert store.revision() == head_revision()


def test_open_creates_a_new_sqlite_database(tmp_path: Path) -> None:
    path = f"{tmp_path}/new/folder/sitrep.db"
    with Store.open(f"sqlite:///{path}") as store:
        assert store.revision() == head_revision()
        with store.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_open_an_empty_database(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with Store.open(db_url) as store:
            assert store.revision() == head_revision()
    else:
        # PostgreSQL is shared: its schema is created on purpose, by `sitrep db upgrade`.
        with pytest.raises(StoreError, match="sitrep db upgrade"):
            Store.open(db_url)


def test_open_an_outdated_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    upgrade(db_url, "0001")
    with pytest.raises(StoreError, match=rf"revision 0001.*needs {head_revision()}.*db upgrade"):
        Store.open(db_url)
    assert upgrade(db_url) == head_revision()
    with Store.open(db_url) as store:
        assert store.revision() == head_revision()


def test_the_entities_migration_adds_and_removes_its_table(db_url: str) -> None:
    upgrade(db_url)
    with Store.open(db_url) as store:
        with store.connect() as conn:
            assert "entities" in sa.inspect(conn).get_table_names()
        with store.begin() as conn:
            command.downgrade(alembic_config(conn), "0001")
        with store.connect() as conn:
            assert "entities" not in sa.inspect(conn).get_table_names()
        assert store.upgrade() == head_revision()


def test_open_a_database_from_a_newer_sitrep(db_url: str) -> None:
    upgrade(db_url)
    with Store.open(db_url) as store, store.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer sitrep"):
        Store.open(db_url)


def test_open_a_foreign_database(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE articles (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match="not created by sitrep"):
        Store.open(db_url)


def test_upgrade_engine_reports_failures(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with pytest.raises(StoreError, match="Migrating the database schema failed"):
        upgrade_engine(engine)
