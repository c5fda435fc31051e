"""Terminals: registering one (with its one-time enrolment code) and revoking one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ebill_central.db.models import BranchRow, EnrolmentCodeRow, TerminalRow
from ebill_central.errors import CentralError, ConflictError, NotFoundError
from ebill_central.services.credentials import code_hash, new_enrolment_code


@dataclass(frozen=True, slots=True)
class NewTerminal:
    terminal_id: int
    enrolment_code: str  # shown once; only its hash is stored
    expires_at: datetime


def add_terminal(
    engine: Engine, branch_code: str, name: str, *, code_hours: int, now: datetime | None = None
) -> NewTerminal:
    """Register a terminal of ``branch_code`` and make its one-time enrolment code."""
    name = name.strip()
    if not name or len(name) > 100:
        raise CentralError("bad_name", "a terminal name is 1 to 100 characters")
    if not 1 <= code_hours <= 24 * 30:
        raise CentralError("bad_expiry", "an enrolment code lasts 1 hour to 30 days")
    moment = now or datetime.now(UTC)
    code = new_enrolment_code()
    expires = moment + timedelta(hours=code_hours)
    with Session(engine) as session, session.begin():
        if session.get(BranchRow, branch_code) is None:
            raise NotFoundError("unknown_branch", f"there is no branch {branch_code!r}")
        terminal = TerminalRow(branch_code=branch_code, name=name, created_at=moment)
        session.add(terminal)
        session.flush()
        session.add(
            EnrolmentCodeRow(
                terminal_id=terminal.terminal_id,
                code_hash=code_hash(code),
                created_at=moment,
                expires_at=expires,
            )
        )
        return NewTerminal(terminal.terminal_id, code, expires)


def revoke_terminal(engine: Engine, terminal_id: int, now: datetime | None = None) -> None:
    """Refuse the terminal from its next request on; its unused codes die with it."""
    with Session(engine) as session, session.begin():
        terminal = session.get(TerminalRow, terminal_id)
        if terminal is None:
            raise NotFoundError("unknown_terminal", f"there is no terminal {terminal_id}")
        if terminal.revoked_at is not None:
            raise ConflictError("terminal_revoked", f"terminal {terminal_id} is already revoked")
        terminal.revoked_at = now or datetime.now(UTC)
