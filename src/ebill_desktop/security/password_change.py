"""Setting passwords at the counter: the 12-character rule, a supervisor's reset, one's own change.

A new password is stored as a fresh argon2id hash in the cache's ``operators`` row (log-in works
at once, offline) and put in the outbox as a ``password_reset`` item for head office, in the same
transaction, with an audit entry. The item carries the hash, never the password.

Who may set whose password: nobody resets their own here (they change it, giving the old one); a
supervisor resets a cashier's or a kiosk's; an administrator resets anyone else's. Resetting a
password also lifts a lock-out of that operator (the supervisor has just vouched for them).

The item is a :class:`~ebill_core.protocol.password_reset.PasswordResetMessage` keyed by its own
UUID; the sender posts it to head office (``POST /api/v1/password-resets``), which stores the
hash on the operator and feeds it to every counter of the office. Until head office holds the new
hash, the next change of that operator from the feed puts the old hash back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from ebill_core.passwords import MAX_PASSWORD_CHARS, hash_password, verify_password
from ebill_core.protocol.password_reset import PasswordResetMessage
from ebill_core.records import Operator, OperatorRole
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import NotPermittedError, authorise
from ebill_desktop.security.credentials import find_operator
from ebill_desktop.security.lockout import record_success
from ebill_desktop.security.roles import Action
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.outbox import enqueue_message

__all__ = [
    "MIN_PASSWORD_CHARS",
    "PasswordRuleError",
    "PasswordService",
    "check_new_password",
]

MIN_PASSWORD_CHARS = 12

# Whom each role may reset (an administrator: anyone but themselves).
_RESETTABLE = {
    OperatorRole.SUPERVISOR: frozenset({OperatorRole.CASHIER, OperatorRole.KIOSK}),
    OperatorRole.ADMINISTRATOR: frozenset(OperatorRole),
}


class PasswordRuleError(ValueError):
    """The new password breaks a rule, or cannot be set; ``str(error)`` is for the screen."""


def check_new_password(password: str) -> None:
    """Raise :class:`PasswordRuleError` unless ``password`` may be an operator's new password."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordRuleError(f"A password has at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordRuleError(f"A password has at most {MAX_PASSWORD_CHARS} characters")
    if not password.strip():
        raise PasswordRuleError("A password cannot be only spaces")


class PasswordService:
    """Sets operators' passwords at this counter. Slow (argon2): call it off the UI thread."""

    def __init__(self, db: CacheDatabase, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))

    def reset(self, actor: Operator, target_login: str, new_password: str) -> None:
        """``actor`` (a supervisor or administrator) sets ``target_login``'s password."""
        authorise(Action.RESET_PASSWORD, actor)
        target = find_operator(self._db, target_login.strip())
        if target is None:
            raise PasswordRuleError(f"There is no operator {target_login.strip()!r}")
        if target.login.casefold() == actor.login.casefold():
            raise NotPermittedError("Change your own password with your old one, not by a reset")
        if target.role not in _RESETTABLE.get(actor.role, frozenset()):
            raise NotPermittedError(
                f"A {actor.role.value} cannot reset the password of {target.login} "
                f"({target.role.value})"
            )
        check_new_password(new_password)
        self._store(target, hash_password(new_password), actor, "password_reset")

    def change_own(self, operator: Operator, old_password: str, new_password: str) -> None:
        """``operator`` sets a new password of their own, giving the current one."""
        current = find_operator(self._db, operator.login)
        if current is None or not verify_password(current.password_hash, old_password):
            raise PasswordRuleError("The current password is wrong")
        check_new_password(new_password)
        if verify_password(current.password_hash, new_password):
            raise PasswordRuleError("The new password must differ from the current one")
        self._store(current, hash_password(new_password), operator, "password_changed")

    def _store(self, target: Operator, new_hash: str, by: Operator, action: str) -> None:
        now = self._clock()
        with self._db.write_transaction() as connection:
            connection.exec_driver_sql(
                "UPDATE operators SET password_hash = ? WHERE login = ?", (new_hash, target.login)
            )
            record_success(connection, target.login)
            message = PasswordResetMessage(str(uuid.uuid4()), target.login, new_hash, by.login, now)
            enqueue_message(connection, message, now)
            audit.append(connection, by.login, action, {"operator": target.login}, at=now)
