"""Operator log-in against the argon2id hashes the cache holds.

SQLAlchemy, the table mappings and argon2 are imported by the first log-in (on a worker thread),
not when the counter starts: the login view is on screen before any of them is needed.
"""

from __future__ import annotations

import logging
import threading
from functools import cache
from typing import TYPE_CHECKING

from ebill_core.records import Operator
from ebill_desktop.storage.database import CacheDatabase

if TYPE_CHECKING:
    from sqlalchemy import Select

log = logging.getLogger(__name__)

WRONG = "Wrong operator or password"
MAX_LOGIN_CHARS = 64


@cache
def _operator_query() -> Select[tuple[object, ...]]:
    from sqlalchemy import bindparam, select

    from ebill_desktop.storage.models import OperatorRow

    return select(OperatorRow.__table__).where(OperatorRow.login == bindparam("login"))


class LoginRefused(Exception):  # noqa: N818 - the UI engineer's contract names it so
    """The log-in was refused; ``str(error)`` is the message for the person at the counter."""


class LoginService:
    """Checks an operator's name and password. Safe from worker threads."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db
        self._decoy: str | None = None
        self._decoy_lock = threading.Lock()

    def log_in(self, login: str, password: str) -> Operator:
        """The operator ``login`` (any case, spaces around ignored) if ``password`` is theirs.

        Raises :class:`LoginRefused` with "Wrong operator or password" for an unknown operator or
        a wrong password alike (the message does not tell which), and with its own message when
        either field is empty or the right password belongs to a disabled operator.
        """
        from ebill_core.passwords import needs_rehash, verify_password
        from ebill_desktop.storage.record_rows import operator_from_row

        login = login.strip()
        if not login or not password:
            raise LoginRefused("Type your operator name and password")
        if len(login) > MAX_LOGIN_CHARS:
            raise LoginRefused(WRONG)
        with self._db.engine.connect() as connection:
            row = connection.execute(_operator_query(), {"login": login}).mappings().first()
        if row is None:
            # Spend the same time as a real check, so timing does not reveal who exists.
            verify_password(self._decoy_hash(), password)
            raise LoginRefused(WRONG)
        operator = operator_from_row(row)
        if not verify_password(operator.password_hash, password):
            raise LoginRefused(WRONG)
        if not operator.active:
            raise LoginRefused("This operator is disabled; ask a supervisor")
        if needs_rehash(operator.password_hash):
            self._store_new_hash(operator.login, password)
        return operator

    def _store_new_hash(self, login: str, password: str) -> None:
        # Hashing parameters were raised since this hash was made: keep the password, renew the
        # hash. A busy cache must not stop a correct log-in, so a failure is only logged.
        from sqlalchemy import update
        from sqlalchemy.exc import SQLAlchemyError

        from ebill_core.passwords import hash_password
        from ebill_desktop.storage.models import OperatorRow

        renewed = hash_password(password)  # slow on purpose: outside the one write lane
        try:
            with self._db.write_transaction() as connection:
                connection.execute(
                    update(OperatorRow)
                    .where(OperatorRow.login == login)
                    .values(password_hash=renewed)
                )
        except SQLAlchemyError:
            log.warning("could not store a renewed password hash for an operator", exc_info=True)

    def _decoy_hash(self) -> str:
        from ebill_core.passwords import hash_password

        with self._decoy_lock:
            if self._decoy is None:
                self._decoy = hash_password("not the password of anyone")
            return self._decoy
