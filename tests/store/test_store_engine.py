"""Database URLs, engines and the messages of connection failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.store import Store, head_revision, normalise_url, safe_url


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://me@db.example/sitrep", "postgresql+psycopg"),
        ("postgres://me@db.example/sitrep", "postgresql+psycopg"),
        ("postgresql+psycopg://me@db.example/sitrep", "postgresql+psycopg"),
        ("sqlite:///data/sitrep.db", "sqlite"),
        ("data/sitrep.db", "sqlite"),
    ],
)
def test_normalise_url(url: str, driver: str) -> None:
    assert normalise_url(url).drivername == driver


def test_bare_path_is_an_sqlite_file() -> None:
    assert normalise_url("data/sitrep.db").database == "data/sitrep.db"


@pytest.mark.parametrize("url", ["mysql://me@host/db", "", "postgresql://me@host:notaport/db"])
def test_unusable_urls(url: str) -> None:
    with pytest.raises(StoreError, match=r"SITREP_DB_URL|Supported: sqlite, postgresql"):
        normalise_url(url)


def test_password_is_masked() -> None:
    assert "hunter2" not in safe_url("postgresql://me:hunter2@host/db")
    assert "hunter2" not in repr(Store.open("postgresql://me:hunter2@127.0.0.1:1/db", check=False))


def test_cannot_connect_says_what_to_check() -> None:
    # Port 1 on the loopback refuses connections at once.
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql://me:hunter2@127.0.0.1:1/sitrep")
    message = str(caught.value)
    assert "SITREP_DB_URL" in message
    assert "server is running" in message
    assert "hunter2" not in message


def test_sqlite_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store.open(f"sqlite:///{blocker}/sitrep.db")


def test_in_memory_sqlite() -> None:
    with Store.open("sqlite://") as store:
        assert store.dialect == "sqlite"
        assert store.revision() == head_revision()
