"""Why the cache could not be opened, in words for the person at the counter.

Importable from :mod:`ebill_desktop.storage.database`, where the rest of the opening API lives.
"""

from __future__ import annotations


class CacheOpenError(Exception):
    """The cache could not be opened; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CacheUnreadableError(CacheOpenError):
    """The file is not an SQLite database, is damaged, or is some other program's database."""


class CacheTooNewError(CacheOpenError):
    """The file was made by a newer ebill whose schema this program does not know."""
