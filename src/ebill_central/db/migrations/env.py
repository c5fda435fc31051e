"""Alembic's entry point for the central schema, configured in code (no alembic.ini).

:func:`ebill_central.db.migrate.upgrade` passes the engine in ``config.attributes["engine"]``;
the migrations run in one transaction, in batch mode so SQLite can rebuild tables for ALTERs.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

import ebill_central.db.models  # noqa: F401  (registers every table on the metadata)
from ebill_central.db.base import Base


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("the central migrations run from ebill_central.db.migrate")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            transaction_per_migration=False,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
