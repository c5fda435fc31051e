"""Lock-out after repeated wrong passwords, kept in the cache so a restart unlocks no one.

``login_failures`` holds, per login (any case), the wrong passwords in a row and, once they
reach :attr:`LockoutPolicy.max_failures`, the moment the lock ends. The count starts again from
zero when the lock is set and when the right password is given. Logins nobody has are counted
too, so being locked out says nothing about whether an operator exists.

Reads take a raw reader connection or a write-transaction connection; writes happen only in the
caller's write transaction, with the audit entry of the same failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ebill_desktop.storage.column_types import datetime_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["LockoutPolicy", "locked_until", "record_failure", "record_success"]


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int = 10
    lock_for: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.lock_for <= timedelta(0):
            raise ValueError("a lock-out needs at least one failure and a positive duration")


def locked_until(db: CacheDatabase, login: str, now: datetime) -> datetime | None:
    """When ``login``'s lock ends, if it is locked at ``now``."""
    row = (
        db.reader()
        .execute("SELECT locked_until FROM login_failures WHERE login = ?", (login,))
        .fetchone()
    )
    return _still_locked(None if row is None else row[0], now)


def record_failure(
    connection: Connection, login: str, now: datetime, policy: LockoutPolicy
) -> datetime | None:
    """Count a wrong password for ``login``; returns the lock's end if this one locked it."""
    row = connection.exec_driver_sql(
        "SELECT failed_count, locked_until FROM login_failures WHERE login = ?", (login,)
    ).first()
    if row is not None and _still_locked(row[1], now) is not None:
        return None  # already locked (a race with another attempt): the lock stands as it is
    count = (0 if row is None else int(row[0])) + 1
    until = now + policy.lock_for if count >= policy.max_failures else None
    connection.exec_driver_sql(
        "INSERT INTO login_failures (login, failed_count, locked_until, last_failed_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET failed_count = "
        "excluded.failed_count, locked_until = excluded.locked_until, "
        "last_failed_at = excluded.last_failed_at",
        (login, 0 if until else count, datetime_text(until), datetime_text(now)),
    )
    return until


def record_success(connection: Connection, login: str) -> None:
    """The right password: the count of wrong ones starts again."""
    connection.exec_driver_sql("DELETE FROM login_failures WHERE login = ?", (login,))


def _still_locked(stored: object, now: datetime) -> datetime | None:
    if stored is None:
        return None
    until = datetime.fromisoformat(str(stored))
    return until if until > now else None
