"""Offices, branches and operators: head office's own set-up jobs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ebill_central.db.models import BranchRow, OfficeRow, OperatorRow
from ebill_central.errors import CentralError, ConflictError, NotFoundError
from ebill_central.feed.scopes import EVERYONE, branch_scope, office_scope
from ebill_central.feed.writer import record_change
from ebill_central.services.rows import operator_wire, policy_wire
from ebill_core.money import CURRENCY_EXPONENTS
from ebill_core.passwords import hash_password
from ebill_core.protocol import Entity
from ebill_core.protocol.records import office_to_wire
from ebill_core.records import Office, OperatorRole

CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MIN_PASSWORD_CHARS = 12


@dataclass(frozen=True, slots=True)
class PolicyLimits:
    """A branch's offline policy in minor units (the defaults: a day, ₹50,000, ₹10,000)."""

    max_hours_since_sync: int = 24
    max_total_offline_minor: int = 5_000_000
    max_per_payment_minor: int = 1_000_000
    currency: str = "INR"

    def check(self) -> None:
        if not 0 <= self.max_hours_since_sync <= 24 * 365:
            raise CentralError("bad_policy", "offline hours must be 0 to 8760")
        if self.max_total_offline_minor < 0 or self.max_per_payment_minor < 0:
            raise CentralError("bad_policy", "offline limits cannot be negative")
        if self.currency not in CURRENCY_EXPONENTS:
            raise CentralError("bad_policy", f"unknown currency {self.currency!r}")


def check_code(kind: str, code: str) -> str:
    """``code`` if it is a valid office or branch code (capitals, digits, dashes)."""
    if not CODE_PATTERN.fullmatch(code):
        raise CentralError(
            f"bad_{kind}_code",
            f"a {kind} code is 1-40 capital letters, digits and dashes, not {code[:50]!r}",
        )
    return code


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise CentralError("bad_name", "a name is 1 to 200 characters")
    return name


def add_office(engine: Engine, code: str, name: str) -> None:
    """Create an office; the change reaches every terminal."""
    office = Office(check_code("office", code), _check_name(name))
    with Session(engine) as session, session.begin():
        if session.get(OfficeRow, office.code) is not None:
            raise ConflictError("office_exists", f"office {office.code} already exists")
        session.add(OfficeRow(code=office.code, name=office.name))
        session.flush()
        record_change(
            session.connection(), Entity.OFFICE, office.code, EVERYONE, office_to_wire(office)
        )


def add_branch(
    engine: Engine, code: str, name: str, office_code: str, policy: PolicyLimits | None = None
) -> None:
    """Create a branch of ``office_code`` with its offline policy (sent to its terminals)."""
    limits = policy or PolicyLimits()
    limits.check()
    row = BranchRow(
        code=check_code("branch", code),
        name=_check_name(name),
        office_code=office_code,
        offline_max_hours=limits.max_hours_since_sync,
        offline_max_total_minor=limits.max_total_offline_minor,
        offline_max_per_payment_minor=limits.max_per_payment_minor,
        currency=limits.currency,
    )
    with Session(engine) as session, session.begin():
        if session.get(OfficeRow, office_code) is None:
            raise NotFoundError("unknown_office", f"there is no office {office_code!r}")
        if session.get(BranchRow, row.code) is not None:
            raise ConflictError("branch_exists", f"branch {row.code} already exists")
        session.add(row)
        session.flush()
        record_change(
            session.connection(), Entity.POLICY, row.code, branch_scope(row.code), policy_wire(row)
        )


def add_operator(
    engine: Engine, login: str, full_name: str, role: str, office_code: str, password: str
) -> None:
    """Create an operator; the argon2id hash (never the password) goes to the office's terminals."""
    if not LOGIN_PATTERN.fullmatch(login):
        raise CentralError(
            "bad_login", "a login is 1-64 lower-case letters, digits, dots, dashes, underscores"
        )
    try:
        operator_role = OperatorRole(role)
    except ValueError:
        allowed = ", ".join(r.value for r in OperatorRole)
        raise CentralError("bad_role", f"role must be one of {allowed}") from None
    if len(password) < MIN_PASSWORD_CHARS:
        raise CentralError(
            "weak_password", f"a password has at least {MIN_PASSWORD_CHARS} characters"
        )
    try:
        password_hash = hash_password(password)
    except ValueError as error:
        raise CentralError("bad_password", str(error)) from None
    row = OperatorRow(
        login=login,
        full_name=_check_name(full_name),
        role=operator_role.value,
        password_hash=password_hash,
        office_code=office_code,
        active=True,
    )
    with Session(engine) as session, session.begin():
        if session.get(OfficeRow, office_code) is None:
            raise NotFoundError("unknown_office", f"there is no office {office_code!r}")
        if session.get(OperatorRow, login) is not None:
            raise ConflictError("operator_exists", f"operator {login} already exists")
        session.add(row)
        session.flush()
        record_change(
            session.connection(),
            Entity.OPERATOR,
            login,
            office_scope(office_code),
            operator_wire(row),
        )
