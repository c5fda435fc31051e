"""Operators of every role in a test cache, one password for all, and a settable clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from ebill_core.passwords import hash_password
from ebill_core.records import Operator, OperatorRole
from ebill_desktop.storage.bundle_import import import_reference
from ebill_desktop.storage.database import CacheDatabase, open_cache
from tests.desktop.factories import CATEGORY, OFFICE, TARIFF

PASSWORD = "counter-7 secret"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@cache
def _hash() -> str:
    return hash_password(PASSWORD)  # once per test run: argon2 is slow on purpose


def staff(login: str, role: OperatorRole, *, active: bool = True) -> Operator:
    return Operator(login, login.title(), role, _hash(), OFFICE.code, active)


CASHIER = staff("asha", OperatorRole.CASHIER)
OTHER_CASHIER = staff("bina", OperatorRole.CASHIER)
SUPERVISOR = staff("ravi", OperatorRole.SUPERVISOR)
ADMIN = staff("meena", OperatorRole.ADMINISTRATOR)
KIOSK = staff("kiosk1", OperatorRole.KIOSK)
RETIRED = staff("old", OperatorRole.SUPERVISOR, active=False)
EVERYONE = (CASHIER, OTHER_CASHIER, SUPERVISOR, ADMIN, KIOSK, RETIRED)


def add_staff(db: CacheDatabase) -> None:
    import_reference(db, [OFFICE], [CATEGORY], [TARIFF], list(EVERYONE))


@dataclass
class Clock:
    """Now, as a test says it is."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def staffed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated cache holding the reference data and :data:`EVERYONE`, made once a run."""
    path = tmp_path_factory.mktemp("staffed") / "cache.sqlite3"
    db = open_cache(path)
    add_staff(db)
    db.close()  # the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def staffed(staffed_template: Path, cache_path: Path) -> Iterator[CacheDatabase]:
    """A copy of :func:`staffed_template` at ``cache_path`` (migrating per test is slow)."""
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staffed_template, cache_path)
    db = open_cache(cache_path)
    yield db
    db.close()
