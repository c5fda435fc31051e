"""Fixtures of the cache tests: a fresh cache file per test, with the reference data in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ebill_desktop.storage.bundle_import import import_reference
from ebill_desktop.storage.database import CacheDatabase, open_cache
from tests.desktop.factories import CATEGORY, OFFICE, TARIFF


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal" / "cache.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[CacheDatabase]:
    """An open, migrated cache holding one office, category and tariff, and no accounts."""
    db = open_cache(cache_path)
    import_reference(db, [OFFICE], [CATEGORY], [TARIFF], [])
    yield db
    db.close()
