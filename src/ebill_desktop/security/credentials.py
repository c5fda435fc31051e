"""One offline check of a login and password, shared by log-in, unlock and approvals.

It keeps the rules in one place: a locked login is refused without looking at the password; a
wrong password (or an unknown login) counts toward the lock-out and is audited in the same
transaction; the right password resets the count. The slow argon2 check runs outside the write
lane, so a guessing attempt never holds up a payment being stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, NoReturn

from ebill_core.passwords import verify_password
from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.lockout import (
    LockoutPolicy,
    locked_until,
    record_failure,
    record_success,
)
from ebill_desktop.storage.database import CacheDatabase

if TYPE_CHECKING:
    from sqlalchemy import Select

__all__ = ["MAX_LOGIN_CHARS", "WRONG", "CredentialsRefused", "check_credentials", "find_operator"]

WRONG = "Wrong operator or password"
MAX_LOGIN_CHARS = 64

_decoy_lock = threading.Lock()
_decoy: list[str] = []


class CredentialsRefused(Exception):  # noqa: N818 - a refusal, not a fault
    """The credentials were refused; ``str(error)`` is the message for the screen."""


@cache
def _operator_query() -> Select[tuple[object, ...]]:
    from sqlalchemy import bindparam, select

    from ebill_desktop.storage.models import OperatorRow

    return select(OperatorRow.__table__).where(OperatorRow.login == bindparam("login"))


def find_operator(db: CacheDatabase, login: str) -> Operator | None:
    """The operator ``login`` (any case) from the cache, or None."""
    from ebill_desktop.storage.record_rows import operator_from_row

    with db.engine.connect() as connection:
        row = connection.execute(_operator_query(), {"login": login}).mappings().first()
    return None if row is None else operator_from_row(row)


def check_credentials(
    db: CacheDatabase,
    login: str,
    password: str,
    *,
    clock: Callable[[], datetime],
    policy: LockoutPolicy,
    failed_action: str,
    detail: Mapping[str, object] | None = None,
) -> Operator:
    """The active operator ``login`` if ``password`` is theirs; else :class:`CredentialsRefused`.

    Every refusal but an empty field is audited as ``failed_action`` (with ``detail`` and a
    ``reason``: ``locked``, ``wrong_password`` or ``disabled``); the failure that locks the login
    is also audited as ``locked``. The caller audits the success.
    """
    login = login.strip()
    if not login or not password:
        raise CredentialsRefused("Type your operator name and password")
    if len(login) > MAX_LOGIN_CHARS:
        raise CredentialsRefused(WRONG)
    facts = dict(detail or {})
    until = locked_until(db, login, clock())
    if until is not None:
        _audit(db, _actor(login), failed_action, {**facts, "reason": "locked"}, clock())
        raise CredentialsRefused(_locked_message(until))
    operator = find_operator(db, login)
    if operator is None:
        # Spend the same time as a real check, so timing does not reveal who exists.
        verify_password(_decoy_hash(), password)
        _fail(db, login, failed_action, facts, clock, policy)
    if not verify_password(operator.password_hash, password):
        _fail(db, operator.login, failed_action, facts, clock, policy)
    _succeeded(db, operator, failed_action, facts, clock)
    return operator


def _fail(
    db: CacheDatabase,
    login: str,
    failed_action: str,
    facts: dict[str, object],
    clock: Callable[[], datetime],
    policy: LockoutPolicy,
) -> NoReturn:
    now = clock()
    with db.write_transaction() as connection:
        until = record_failure(connection, login, now, policy)
        actor = _actor(login)
        audit.append(
            connection, actor, failed_action, {**facts, "reason": "wrong_password"}, at=now
        )
        if until is not None:
            audit.append(
                connection,
                actor,
                "locked",
                {"until": until.isoformat(), "failures": policy.max_failures},
                at=now,
            )
    if until is not None:
        raise CredentialsRefused(f"{WRONG}. {_locked_message(until)}")
    raise CredentialsRefused(WRONG)


def _succeeded(
    db: CacheDatabase,
    operator: Operator,
    failed_action: str,
    facts: dict[str, object],
    clock: Callable[[], datetime],
) -> None:
    with db.write_transaction() as connection:
        record_success(connection, operator.login)
        if not operator.active:
            audit.append(
                connection,
                operator.login,
                failed_action,
                {**facts, "reason": "disabled"},
                at=clock(),
            )
    if not operator.active:
        raise CredentialsRefused("This operator is disabled; ask a supervisor")


def _audit(
    db: CacheDatabase, actor: str, action: str, detail: dict[str, object], at: datetime
) -> None:
    with db.write_transaction() as connection:
        audit.append(connection, actor, action, detail, at=at)


def _actor(typed: str) -> str:
    # What someone typed as a login is recorded as typed, less what cannot be stored or shown
    # (NUL, control characters, lone surrogates), so a pasted oddity cannot stop the audit.
    kept = "".join(ch for ch in typed if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF)
    return kept or "?"


def _locked_message(until: datetime) -> str:
    local = until.astimezone().strftime("%H:%M")
    return f"Too many wrong passwords: this operator is locked until {local}"


def _decoy_hash() -> str:
    from ebill_core.passwords import hash_password

    with _decoy_lock:
        if not _decoy:
            _decoy.append(hash_password("not the password of anyone"))
        return _decoy[0]
