"""Reversals: a payment voided at the counter after it was taken (the void travels after sync).

``POST /api/v1/reversals`` with a :class:`~ebill_core.protocol.ReversalMessage`:

* the payment is held and was taken in the caller's branch: everything it paid is taken back
  (:mod:`ebill_central.services.take_back`): its bills owe again, its credit is gone, its
  posting is withdrawn; answered ``applied`` with the amount reversed;
* the payment is held but was taken in another branch: refused (403 ``other_branch``), nothing
  stored;
* the payment is not held (yet): the reversal is kept ``pending`` with an attention item, and
  applied as soon as the payment is (:mod:`ebill_central.services.pending`); answered
  ``pending``. If that payment turns out to be another branch's, the reversal is ``refused``
  then, with an attention item.

One reversal per payment (a unique key): a second reversal UUID for the same payment is 409
``payment_already_reversed``. The same UUID again gets the first answer; with a different body,
409 ``reversal_id_reused``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ebill_central.db.models import PaymentRow, ReversalRow, TerminalRow
from ebill_central.errors import CentralError, ConflictError
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.message_keys import first_answer, in_transaction, message_hash
from ebill_central.services.take_back import take_back
from ebill_core.money import Money
from ebill_core.protocol import ReversalMessage, reversal_to_wire
from ebill_core.protocol.cash_control_answers import (
    ApplyStatus,
    ReversalAnswer,
    reversal_answer_to_wire,
)

APPLIED = ApplyStatus.APPLIED.value
PENDING = ApplyStatus.PENDING.value
REFUSED = ApplyStatus.REFUSED.value


def branch_of(session: Session, terminal_id: int) -> str | None:
    return session.scalar(
        select(TerminalRow.branch_code).where(TerminalRow.terminal_id == terminal_id)
    )


def refuse_other_branch(session: Session, terminal: TerminalIdentity, payment: PaymentRow) -> None:
    """403 unless ``payment`` was taken at a terminal of the caller's branch."""
    if branch_of(session, payment.terminal_id) != terminal.branch_code:
        raise CentralError(
            "other_branch",
            f"payment {payment.payment_id} was taken in another branch",
            status=403,
        )


def post_reversal(
    engine: Engine,
    terminal: TerminalIdentity,
    message: ReversalMessage,
    now: datetime | None = None,
) -> dict[str, object]:
    """Store and (when its payment is held) apply a reversal; the answer (see module notes)."""
    moment = now or datetime.now(UTC)
    digest = message_hash(reversal_to_wire(message))
    return in_transaction(engine, lambda session: _post(session, terminal, message, digest, moment))


def _post(
    session: Session,
    terminal: TerminalIdentity,
    message: ReversalMessage,
    digest: str,
    now: datetime,
) -> dict[str, object]:
    held = session.get(ReversalRow, message.reversal_id)
    if held is not None:
        return first_answer(held.body_hash, held.outcome, digest, "reversal", message.reversal_id)
    earlier = session.scalar(
        select(ReversalRow.reversal_id).where(ReversalRow.payment_id == message.payment_id)
    )
    if earlier is not None:
        raise ConflictError(
            "payment_already_reversed",
            f"payment {message.payment_id} was reversed before (reversal {earlier})",
        )
    payment = session.get(PaymentRow, message.payment_id)
    if payment is not None:
        refuse_other_branch(session, terminal, payment)
    row = ReversalRow(
        reversal_id=message.reversal_id,
        payment_id=message.payment_id,
        terminal_id=terminal.terminal_id,
        reason_code=message.reason_code,
        approver=message.approver,
        at=message.at,
        received_at=now,
        status=PENDING,
        body_hash=digest,
        outcome="",
    )
    session.add(row)
    session.flush()  # the key is taken here: a racing resend fails now, not at commit
    if payment is None:
        raise_attention(
            session,
            "reversal_pending",
            f"payment {message.payment_id}",
            f"reversal {message.reversal_id} ({message.reason_code}, approved by "
            f"{message.approver}) from terminal {terminal.terminal_id} names a payment not "
            "received yet; it is applied when the payment arrives",
            now,
        )
    else:
        apply_reversal(session, row, payment, now)
    answer = reversal_answer(row)
    row.outcome = json.dumps(answer)
    return answer


def apply_reversal(session: Session, row: ReversalRow, payment: PaymentRow, now: datetime) -> None:
    """Take back everything ``payment`` paid (or refuse: another branch's payment)."""
    if branch_of(session, payment.terminal_id) != branch_of(session, row.terminal_id):
        row.status = REFUSED
        raise_attention(
            session,
            "reversal_refused",
            f"payment {payment.payment_id}",
            f"reversal {row.reversal_id} came from terminal {row.terminal_id}, of another "
            f"branch than the payment's terminal {payment.terminal_id}; nothing was reversed",
            now,
        )
        return
    taken = take_back(session, payment, int(payment.amount_minor), row.reversal_id, now)
    row.status = APPLIED
    row.applied_at = now
    row.currency = payment.currency
    row.reversed_minor = taken.total.minor


def reversal_answer(row: ReversalRow) -> dict[str, object]:
    reversed_amount = (
        None
        if row.reversed_minor is None or row.currency is None
        else Money(row.reversed_minor, row.currency)
    )
    return reversal_answer_to_wire(
        ReversalAnswer(row.reversal_id, row.payment_id, ApplyStatus(row.status), reversed_amount)
    )
