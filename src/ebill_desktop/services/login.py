"""Operator log-in, idle-lock unlock and log-out against the argon2id hashes the cache holds.

Every log-in, failed log-in, lock-out, lock and unlock is audited
(:mod:`ebill_desktop.security.audit`). Ten wrong passwords in a row lock a login for 30 minutes
(:mod:`ebill_desktop.security.lockout`, kept in the cache, so restarting the app does not reset
it); the right password resets the count. A counter locked when idle is unlocked only by the
operator who was logged in (:meth:`LoginService.unlock`); anyone else logs that operator out
first.

SQLAlchemy, the table mappings and argon2 are imported by the first log-in (on a worker thread),
not when the counter starts: the login view is on screen before any of them is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ebill_core.records import Operator
from ebill_desktop.storage.database import CacheDatabase

if TYPE_CHECKING:
    from ebill_desktop.security.lockout import LockoutPolicy

log = logging.getLogger(__name__)


class LoginRefused(Exception):  # noqa: N818 - the UI engineer's contract names it so
    """The log-in was refused; ``str(error)`` is the message for the person at the counter."""


class LoginService:
    """Checks an operator's name and password. Safe from worker threads."""

    def __init__(
        self,
        db: CacheDatabase,
        *,
        clock: Callable[[], datetime] | None = None,
        policy: LockoutPolicy | None = None,
    ) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        self._policy = policy

    def log_in(self, login: str, password: str) -> Operator:
        """The operator ``login`` (any case, spaces around ignored) if ``password`` is theirs.

        Raises :class:`LoginRefused` with "Wrong operator or password" for an unknown operator or
        a wrong password alike (the message does not tell which), and with its own message when
        either field is empty, the login is locked out, or the right password belongs to a
        disabled operator.
        """
        operator = self._checked(login, password, "login_failed", {})
        self._audit(operator.login, "login", {})
        self._renew_hash_if_due(operator, password)
        return operator

    def unlock(self, locked_for: Operator, login: str, password: str) -> Operator:
        """Unlock a counter the idle lock locked for ``locked_for``: only that operator may.

        Another operator's name is refused (and audited) without checking the password; the
        way for them is to log the locked operator out and log in.
        """
        if login.strip().casefold() != locked_for.login.casefold():
            if login.strip():
                self._audit(locked_for.login, "unlock_failed", {"reason": "other_operator"})
            raise LoginRefused(f"Only {locked_for.login} can unlock this counter")
        operator = self._checked(login, password, "unlock_failed", {})
        self._audit(operator.login, "unlock", {})
        return operator

    def lock(self, operator: Operator, reason: str = "idle") -> None:
        """Record that the counter locked while ``operator`` was logged in (idle or by hand)."""
        self._audit(operator.login, "lock", {"reason": reason})

    def log_out(self, operator: Operator, reason: str = "by_hand") -> None:
        """Record that ``operator`` logged out."""
        self._audit(operator.login, "logout", {"reason": reason})

    # -- helpers ----------------------------------------------------------------------------

    def _checked(
        self, login: str, password: str, failed_action: str, detail: dict[str, object]
    ) -> Operator:
        from ebill_desktop.security.credentials import CredentialsRefused, check_credentials
        from ebill_desktop.security.lockout import LockoutPolicy

        try:
            return check_credentials(
                self._db,
                login,
                password,
                clock=self._clock,
                policy=self._policy or LockoutPolicy(),
                failed_action=failed_action,
                detail=detail,
            )
        except CredentialsRefused as error:
            raise LoginRefused(str(error)) from error

    def _audit(self, actor: str, action: str, detail: dict[str, object]) -> None:
        from ebill_desktop.security import audit

        with self._db.write_transaction() as connection:
            audit.append(connection, actor, action, detail, at=self._clock())

    def _renew_hash_if_due(self, operator: Operator, password: str) -> None:
        # Hashing parameters were raised since this hash was made: keep the password, renew the
        # hash. A busy cache must not stop a correct log-in, so a failure is only logged.
        from sqlalchemy import update
        from sqlalchemy.exc import SQLAlchemyError

        from ebill_core.passwords import hash_password, needs_rehash
        from ebill_desktop.storage.models import OperatorRow

        if not needs_rehash(operator.password_hash):
            return
        renewed = hash_password(password)  # slow on purpose: outside the one write lane
        try:
            with self._db.write_transaction() as connection:
                connection.execute(
                    update(OperatorRow)
                    .where(OperatorRow.login == operator.login)
                    .values(password_hash=renewed)
                )
        except SQLAlchemyError:
            log.warning("could not store a renewed password hash for an operator", exc_info=True)
