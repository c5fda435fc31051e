"""Copies of the cache taken before a migration, kept in ``<data dir>/backups``.

The copy goes through SQLite's online backup API rather than a file copy, so pages still in the
write-ahead log are included. It is written under a temporary name and renamed, so a half-made
copy is never mistaken for a good one. Only the newest few are kept.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 5


def backup_folder(path: Path) -> Path:
    """Where copies of the cache at ``path`` go: ``backups`` beside it, in its data folder."""
    return path.parent / BACKUP_FOLDER


def back_up(path: Path, label: str, keep: int = KEEP_BACKUPS) -> Path:
    """Copy the database at ``path`` to ``backups/<stem>-<label>-<UTC time>.sqlite3``.

    ``label`` names the schema revision copied (``"base"`` before the first one). Older copies
    of the same cache beyond the newest ``keep`` are deleted. Returns the new copy's path.
    """
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{label}-{stamp}.sqlite3"
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    prune_backups(folder, path.stem, keep)
    return target


def prune_backups(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` copies of cache ``stem``; return what was deleted."""
    # The UTC stamp is the last part of the name, so name order within one label is time order;
    # sort on the stamp so copies of different revisions interleave correctly too.
    copies = sorted(folder.glob(f"{stem}-*.sqlite3"), key=lambda copy: copy.stem.rsplit("-", 1)[-1])
    doomed = copies[: max(0, len(copies) - keep)]
    for copy in doomed:
        copy.unlink()
    return doomed
