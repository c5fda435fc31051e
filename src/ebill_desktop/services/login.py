"""Operator log-in against the argon2id hashes the cache holds."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from ebill_core.passwords import hash_password, needs_rehash, verify_password
from ebill_core.records import Operator
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.storage.models import OperatorRow
from ebill_desktop.storage.record_rows import operator_from_row

log = logging.getLogger(__name__)

WRONG = "Wrong operator or password"
MAX_LOGIN_CHARS = 64

_OPERATOR = select(OperatorRow.__table__).where(OperatorRow.login == bindparam("login"))


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
        login = login.strip()
        if not login or not password:
            raise LoginRefused("Type your operator name and password")
        if len(login) > MAX_LOGIN_CHARS:
            raise LoginRefused(WRONG)
        with self._db.engine.connect() as connection:
            row = connection.execute(_OPERATOR, {"login": login}).mappings().first()
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
        try:
            with self._db.write_transaction() as connection:
                connection.execute(
                    update(OperatorRow)
                    .where(OperatorRow.login == login)
                    .values(password_hash=hash_password(password))
                )
        except SQLAlchemyError:
            log.warning("could not store a renewed password hash for an operator", exc_info=True)

    def _decoy_hash(self) -> str:
        with self._decoy_lock:
            if self._decoy is None:
                self._decoy = hash_password("not the password of anyone")
            return self._decoy
