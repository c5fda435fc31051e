"""Alembic, driven from code: the cache's schema revisions and the upgrade run at open.

The migration scripts live in ``storage/migrations`` next to this file (found through
``__file__``, so they travel inside a frozen build as package data); no ``alembic.ini`` is read.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from ebill_desktop.storage.schema_head import HEAD_REVISION

__all__ = ["HEAD_REVISION", "alembic_config", "known_revisions", "script_directory", "upgrade"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the cache's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revisions() -> list[str]:
    """Every revision this program can migrate through, oldest first."""
    return [script.revision for script in reversed(list(script_directory().walk_revisions()))]


def upgrade(connection: Connection, target: str = "head") -> None:
    """Run the migrations up to ``target`` on ``connection``, in its transaction."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)
