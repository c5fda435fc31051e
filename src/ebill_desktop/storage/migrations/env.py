"""Alembic's entry point for the terminal cache, configured in code (no alembic.ini).

:func:`ebill_desktop.storage.migrate.upgrade_to_head` passes an open SQLAlchemy connection whose
transaction begins IMMEDIATE in ``config.attributes["connection"]``; the migrations run on it, in
one transaction, in batch mode so SQLite can rebuild tables for ALTERs it cannot do in place.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from ebill_desktop.storage.models import Base


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "the cache migrations run from ebill_desktop.storage.migrate with an open connection"
        )
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        # The FTS5 table and its shadow tables are not modelled; autogenerate leaves them be.
        include_name=lambda name, type_, _parent: (
            not (type_ == "table" and (name or "").startswith("account_search"))
        ),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
