"""Enrolment: a one-time code exchanged for the terminal's own credential."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from ebill_central.db.models import BranchRow, EnrolmentCodeRow, TerminalRow
from ebill_central.errors import UnauthorisedError
from ebill_central.services.credentials import (
    code_hash,
    credential_text,
    new_secret,
    secret_hash,
)
from ebill_core.protocol import EnrolRequest, EnrolResponse


def enrol(engine: Engine, request: EnrolRequest, now: datetime | None = None) -> EnrolResponse:
    """Use ``request.code`` (once) and give the terminal a fresh credential.

    A wrong, used or expired code, or one for a revoked terminal, is refused with its own error
    code and changes nothing. Using the code and storing the credential happen in one
    transaction, and the code is marked used by a conditional UPDATE, so two enrolments racing
    with one code cannot both succeed.
    """
    moment = now or datetime.now(UTC)
    with Session(engine) as session, session.begin():
        code = session.scalars(
            select(EnrolmentCodeRow).where(EnrolmentCodeRow.code_hash == code_hash(request.code))
        ).first()
        if code is None:
            raise UnauthorisedError("enrolment_code_invalid", "this enrolment code is not known")
        if code.used_at is not None:
            raise UnauthorisedError("enrolment_code_used", "this enrolment code was already used")
        if code.expires_at <= moment:
            raise UnauthorisedError("enrolment_code_expired", "this enrolment code has expired")
        terminal = session.get(TerminalRow, code.terminal_id)
        assert terminal is not None  # a foreign key guarantees it
        if terminal.revoked_at is not None:
            raise UnauthorisedError("terminal_revoked", "this terminal has been revoked")
        claimed = session.connection().execute(
            update(EnrolmentCodeRow)
            .where(EnrolmentCodeRow.code_id == code.code_id, EnrolmentCodeRow.used_at.is_(None))
            .values(used_at=moment)
        )
        if claimed.rowcount != 1:
            raise UnauthorisedError("enrolment_code_used", "this enrolment code was already used")
        secret = new_secret()
        terminal.secret_hash = secret_hash(secret)
        terminal.enrolled_at = moment
        terminal.machine_name = request.machine_name
        # A new enrolment is a new install: its key replaces the old one (none clears it).
        terminal.export_key = request.export_key
        branch = session.get(BranchRow, terminal.branch_code)
        assert branch is not None
        return EnrolResponse(
            terminal_id=terminal.terminal_id,
            credential=credential_text(terminal.terminal_id, secret),
            branch_code=branch.code,
            office_code=branch.office_code,
        )
