"""Alembic environment for sitrep's store: runs the migrations on the connection sitrep passes in.

sitrep configures Alembic in code (`sitrep.store.migrate`), so there is no `alembic.ini`; run
migrations with `sitrep db upgrade` or `sitrep.store.upgrade(url)`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from sitrep.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if context.is_offline_mode() or not isinstance(connection, Connection):
    raise RuntimeError(
        "sitrep's migrations run on a live connection handed over by sitrep: use "
        "`sitrep db upgrade` or `sitrep.store.upgrade(url)`, not the alembic command line."
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
