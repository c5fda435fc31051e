"""Migrations: empty to head, each revision to the next, a backup before any migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from ebill_desktop.storage.backups import back_up, backup_folder, prune_backups
from ebill_desktop.storage.database import open_cache
from ebill_desktop.storage.migrate import known_revisions, upgrade
from ebill_desktop.storage.models import Base

REVISIONS = known_revisions()
STEPS = list(zip([None, *REVISIONS[:-1]], REVISIONS, strict=True))


def _revision(path: Path) -> str | None:
    with sqlite3.connect(path) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _make_at(path: Path, revision: str | None) -> None:
    """A database at ``revision`` (None: an SQLite file with no tables yet), with a marker."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        if revision is not None:
            upgrade(connection, revision)
        connection.exec_driver_sql("PRAGMA user_version = 4242")
    engine.dispose()


def test_empty_database_migrates_to_head_matching_the_models(cache_path: Path) -> None:
    open_cache(cache_path).close()
    assert _revision(cache_path) == REVISIONS[-1]
    engine = create_engine(f"sqlite:///{cache_path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, type_, _p: (
                    not (type_ == "table" and name.startswith("account_search"))
                )
            },
        )
        differences = compare_metadata(context, Base.metadata)
        tables = {
            r[0]
            for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        }
    engine.dispose()
    assert differences == []
    assert "account_search" in tables


@pytest.mark.parametrize(("before", "after"), STEPS, ids=[str(s[1]) for s in STEPS])
def test_each_revision_upgrades_to_the_next(tmp_path: Path, before: str | None, after: str) -> None:
    path = tmp_path / "step.sqlite3"
    _make_at(path, before)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade(connection, after)
    engine.dispose()
    assert _revision(path) == after


@pytest.mark.parametrize("before", [None, *REVISIONS[:-1]])
def test_a_copy_is_taken_before_migrating(cache_path: Path, before: str | None) -> None:
    _make_at(cache_path, before)
    open_cache(cache_path).close()
    copies = list(backup_folder(cache_path).glob("*.sqlite3"))
    assert len(copies) == 1
    assert f"-{before or 'base'}-" in copies[0].name
    # The copy is the database as it was: old revision, marker intact.
    assert _revision(copies[0]) == before
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 4242
    copy.close()
    assert _revision(cache_path) == REVISIONS[-1]


def test_only_the_newest_copies_are_kept(cache_path: Path) -> None:
    _make_at(cache_path, None)
    made = [back_up(cache_path, "base", keep=3) for _ in range(5)]
    kept = sorted(backup_folder(cache_path).glob("*.sqlite3"))
    assert kept == sorted(made[-3:])
    assert prune_backups(backup_folder(cache_path), cache_path.stem, keep=3) == []
