"""Who is calling: a terminal's bearer credential checked, with the scope it may read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from ebill_central.db.models import BranchRow, TerminalRow
from ebill_central.errors import UnauthorisedError
from ebill_central.feed.scopes import terminal_scopes
from ebill_central.services.credentials import secret_matches, split_credential


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    terminal_id: int
    name: str
    branch_code: str
    office_code: str

    @property
    def scopes(self) -> tuple[str, ...]:
        return terminal_scopes(self.office_code, self.branch_code)


def authenticate(engine: Engine, authorization: str | None) -> TerminalIdentity:
    """The terminal named by an ``Authorization: Bearer <id>.<secret>`` header, or a refusal.

    Checked on every request against the database, so a revocation takes effect at once.
    """
    if not authorization:
        raise UnauthorisedError("credential_missing", "this call needs a terminal credential")
    scheme, _, token = authorization.partition(" ")
    parsed = split_credential(token.strip()) if scheme.lower() == "bearer" else None
    if parsed is None:
        raise UnauthorisedError("credential_malformed", "expected 'Bearer <terminal>.<secret>'")
    terminal_id, secret = parsed
    query = (
        select(
            TerminalRow.terminal_id,
            TerminalRow.name,
            TerminalRow.secret_hash,
            TerminalRow.revoked_at,
            BranchRow.code,
            BranchRow.office_code,
        )
        .join(BranchRow, BranchRow.code == TerminalRow.branch_code)
        .where(TerminalRow.terminal_id == terminal_id)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
        connection.rollback()
    # The same answer for an unknown terminal and a wrong secret: no probing for valid ids.
    if row is None or row.secret_hash is None or not secret_matches(secret, row.secret_hash):
        raise UnauthorisedError("credential_invalid", "the terminal credential is not valid")
    if row.revoked_at is not None:
        raise UnauthorisedError("terminal_revoked", "this terminal has been revoked")
    return TerminalIdentity(row.terminal_id, row.name, row.code, row.office_code)
