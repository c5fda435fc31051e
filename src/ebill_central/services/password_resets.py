"""Password resets from the counters: the new hash goes on the operator and out in the feed.

``POST /api/v1/password-resets`` with a :class:`~ebill_core.protocol.password_reset.
PasswordResetMessage`:

* the operator belongs to the calling terminal's office: their ``password_hash`` becomes the
  message's, and the operator is written to the change log (scope: the office), so every counter
  of the office takes the new hash with its next pull; answered ``applied``;
* a reset of that operator set *later* than this one was applied already (two counters reset the
  same person, the messages arrived out of order): the later one stands; answered
  ``superseded``;
* the operator belongs to another office: refused (403 ``other_office``), nothing stored;
* there is no such operator: an attention item for head office, answered ``unknown_operator``
  (the counter's item is done; the operator cannot log in anywhere head office feeds).

The same UUID again gets the first answer; with a different body, 409 ``reset_id_reused``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ebill_central.db.models import OperatorRow
from ebill_central.db.models.password_resets import PasswordResetRow
from ebill_central.errors import CentralError
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import record_change
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.message_keys import first_answer, in_transaction, message_hash
from ebill_central.services.rows import operator_wire
from ebill_core.protocol import Entity
from ebill_core.protocol.password_reset import (
    PasswordResetAnswer,
    PasswordResetMessage,
    ResetStatus,
    password_reset_answer_to_wire,
    password_reset_to_wire,
)


def post_password_reset(
    engine: Engine,
    terminal: TerminalIdentity,
    message: PasswordResetMessage,
    now: datetime | None = None,
) -> dict[str, object]:
    """Store (and, when it is the latest, apply) a password reset; the answer (module notes)."""
    moment = now or datetime.now(UTC)
    digest = message_hash(password_reset_to_wire(message))
    return in_transaction(engine, lambda session: _post(session, terminal, message, digest, moment))


def _post(
    session: Session,
    terminal: TerminalIdentity,
    message: PasswordResetMessage,
    digest: str,
    now: datetime,
) -> dict[str, object]:
    stored = session.get(PasswordResetRow, message.reset_id)
    if stored is not None:
        return first_answer(stored.body_hash, stored.outcome, digest, "reset", message.reset_id)
    # Locked for the rest of the transaction on PostgreSQL: two resets of one operator at once
    # are applied one after the other, so the later ``set_at`` always stands.
    operator = session.scalars(
        select(OperatorRow).where(OperatorRow.login == message.operator).with_for_update()
    ).first()
    if operator is None:
        status = ResetStatus.UNKNOWN_OPERATOR
        detail = (
            f"terminal {terminal.terminal_id} ({terminal.name}) sent password reset "
            f"{message.reset_id} for operator {message.operator!r}, who is not known here "
            f"(set by {message.set_by!r} at {message.set_at.isoformat()})"
        )
        raise_attention(session, "password_reset", message.operator, detail, now)
    elif operator.office_code != terminal.office_code:
        raise CentralError(
            "other_office",
            f"operator {message.operator} belongs to another office",
            status=403,
        )
    elif _later_reset_applied(session, message):
        status = ResetStatus.SUPERSEDED
    else:
        status = ResetStatus.APPLIED
        operator.password_hash = message.password_hash
        session.flush()
        record_change(
            session.connection(),
            Entity.OPERATOR,
            operator.login,
            office_scope(operator.office_code),
            operator_wire(operator),
        )
    answer = password_reset_answer_to_wire(
        PasswordResetAnswer(message.reset_id, message.operator, status)
    )
    session.add(
        PasswordResetRow(
            reset_id=message.reset_id,
            terminal_id=terminal.terminal_id,
            operator=message.operator,
            set_by=message.set_by,
            set_at=message.set_at.astimezone(UTC),
            received_at=now,
            status=status.value,
            body_hash=digest,
            outcome=json.dumps(answer, separators=(",", ":")),
        )
    )
    return answer


def _later_reset_applied(session: Session, message: PasswordResetMessage) -> bool:
    later = session.scalars(
        select(PasswordResetRow.reset_id).where(
            PasswordResetRow.operator == message.operator,
            PasswordResetRow.status == ResetStatus.APPLIED.value,
            PasswordResetRow.set_at > message.set_at.astimezone(UTC),
        )
    ).first()
    return later is not None
