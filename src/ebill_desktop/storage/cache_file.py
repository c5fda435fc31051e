"""A read-only look at a cache file before anything is allowed to change it.

Opening refuses garbage, other programs' databases and caches made by a newer ebill; the look
taken here opens the file read-only (``mode=ro``) so a refused file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ebill_desktop.storage.errors import CacheOpenError, CacheUnreadableError

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True, slots=True)
class CacheFileState:
    """What is at the cache's path now."""

    has_content: bool  # False: no file, or an empty one (a new cache)
    revision: str | None  # the schema revision recorded in it; None before the first


def look_at(path: Path) -> CacheFileState:
    """Read the state of the cache file at ``path`` without changing it.

    Raises :class:`CacheUnreadableError` for anything that is not an SQLite database, or is one
    without ebill's schema record, and :class:`CacheOpenError` when it cannot be read at all.
    """
    if path.is_dir():
        raise CacheOpenError(f"{path} is a folder, not a cache file.")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return CacheFileState(has_content=False, revision=None)
    except OSError as error:
        raise CacheOpenError(f"Cannot read the cache {path}: {error.strerror}.") from error
    if not header:
        return CacheFileState(has_content=False, revision=None)
    if header != SQLITE_HEADER:
        raise _unreadable(path, "it is not an SQLite database")
    try:
        return _read_revision(path)
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, f"SQLite says: {error}") from error


def _read_revision(path: Path) -> CacheFileState:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if VERSION_TABLE not in tables:
            if tables:
                raise _unreadable(path, "it is some other program's database")
            return CacheFileState(has_content=True, revision=None)
        revisions = [
            row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
        ]
    finally:
        connection.close()
    if len(revisions) > 1:
        raise _unreadable(path, f"it records several schema revisions ({', '.join(revisions)})")
    return CacheFileState(has_content=True, revision=revisions[0] if revisions else None)


def _unreadable(path: Path, why: str) -> CacheUnreadableError:
    return CacheUnreadableError(
        f"The cache file {path} cannot be used: {why}. Nothing in it was changed. Move it aside "
        "(or restore a copy from the backups folder beside it) and start again."
    )
