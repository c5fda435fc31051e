"""Opening the cache: pragmas in force, and files that must be refused without being touched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ebill_desktop.storage.backups import backup_folder
from ebill_desktop.storage.database import (
    CacheDatabase,
    CacheOpenError,
    CacheTooNewError,
    CacheUnreadableError,
    open_cache,
)
from ebill_desktop.storage.migrate import HEAD_REVISION, known_revisions


def test_every_connection_runs_wal_full_sync_and_foreign_keys(cache: CacheDatabase) -> None:
    with cache.write_transaction() as connection:
        writer = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    reader = [
        cache.reader().execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "query_only")
    ]
    assert writer == ["wal", 2, 1, 10_000]
    assert reader == ["wal", 2, 1, 10_000, 1]


def test_reader_cannot_write(cache: CacheDatabase) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        cache.reader().execute("DELETE FROM offices")


def test_new_cache_is_empty_and_has_no_data_date(cache: CacheDatabase) -> None:
    assert cache.is_empty()
    assert cache.data_as_of() is None
    assert cache.currency() == "INR"


def test_head_constant_matches_the_migration_scripts() -> None:
    assert known_revisions()[-1] == HEAD_REVISION


def test_reopening_an_up_to_date_cache_takes_no_backup(cache_path: Path) -> None:
    open_cache(cache_path).close()
    open_cache(cache_path).close()
    assert not backup_folder(cache_path).exists()


def _write_garbage(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    content = b"this is not a database \x00\xff" * 200
    path.write_bytes(content)
    return content


def test_garbage_file_is_refused_and_left_as_it_was(cache_path: Path) -> None:
    content = _write_garbage(cache_path)
    with pytest.raises(CacheUnreadableError) as refused:
        open_cache(cache_path)
    assert "not an SQLite database" in refused.value.message
    assert cache_path.read_bytes() == content
    assert not backup_folder(cache_path).exists()


def test_sqlite_file_with_damaged_pages_is_refused(cache_path: Path) -> None:
    open_cache(cache_path).close()
    damaged = bytearray(cache_path.read_bytes())
    damaged[100:4096] = b"\xee" * (4096 - 100)  # the schema page, after the header
    cache_path.write_bytes(bytes(damaged))
    with pytest.raises(CacheUnreadableError):
        open_cache(cache_path)
    assert cache_path.read_bytes() == bytes(damaged)


def test_another_programs_database_is_refused_untouched(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    with sqlite3.connect(cache_path) as other:
        other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    other.close()
    before = cache_path.read_bytes()
    with pytest.raises(CacheUnreadableError, match="some other program"):
        open_cache(cache_path)
    assert cache_path.read_bytes() == before


def test_cache_from_a_newer_ebill_is_refused_untouched(cache_path: Path) -> None:
    open_cache(cache_path).close()
    with sqlite3.connect(cache_path) as newer:
        newer.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    newer.close()
    before = cache_path.read_bytes()
    with pytest.raises(CacheTooNewError) as refused:
        open_cache(cache_path)
    assert "newer ebill" in refused.value.message
    assert "Upgrade" in refused.value.message
    assert cache_path.read_bytes() == before
    assert not backup_folder(cache_path).exists()


def test_folder_in_place_of_the_file_is_a_clear_error(cache_path: Path) -> None:
    cache_path.mkdir(parents=True)
    with pytest.raises(CacheOpenError, match="is a folder"):
        open_cache(cache_path)


def test_closed_cache_refuses_further_use(cache_path: Path) -> None:
    db = open_cache(cache_path)
    db.close()
    with pytest.raises(RuntimeError, match="closed"):
        db.reader()


def test_closed_cache_refuses_its_engine_too(cache_path: Path) -> None:
    # The engine is made on first use; after close() it must not be made again behind our back.
    db = open_cache(cache_path)
    db.close()
    with pytest.raises(RuntimeError, match="closed"):
        _ = db.engine
