"""Reversals and cheque bounces that arrived before their payment, applied once it is held.

A terminal sends in order, so this is rare (a payment the server refused to store, then sent
again; a bounce entered at another counter before this one synced). Pending items are applied
at the start of every reversal, cheque-bounce and shift-close request (any terminal's: the list
is short and indexed by status), and by :func:`apply_pending` for whoever else wants it (the
payments upload could call it after posting a batch).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ebill_central.db.models import ChequeBounceRow, PaymentRow, ReversalRow
from ebill_central.services.cheque_bounces import apply_bounce
from ebill_central.services.reversals import PENDING, apply_reversal

log = logging.getLogger(__name__)


def apply_pending_in(session: Session, now: datetime) -> int:
    """Apply, in the caller's transaction, every pending item whose payment is now held."""
    done = 0
    reversals = session.execute(
        select(ReversalRow, PaymentRow)
        .join(PaymentRow, PaymentRow.payment_id == ReversalRow.payment_id)
        .where(ReversalRow.status == PENDING)
        .order_by(ReversalRow.received_at)
    ).all()
    for reversal, payment in reversals:
        apply_reversal(session, reversal, payment, now)
        done += 1
    bounces = session.execute(
        select(ChequeBounceRow, PaymentRow)
        .join(PaymentRow, PaymentRow.payment_id == ChequeBounceRow.payment_id)
        .where(ChequeBounceRow.status == PENDING)
        .order_by(ChequeBounceRow.received_at)
    ).all()
    for bounce, payment in bounces:
        apply_bounce(session, bounce, payment, now)
        done += 1
    session.flush()
    return done


def apply_pending(engine: Engine, now: datetime | None = None) -> int:
    """Apply pending reversals and bounces whose payment is now held; how many were."""
    with Session(engine) as session, session.begin():
        return apply_pending_in(session, now or datetime.now(UTC))


def settle_pending(engine: Engine) -> None:
    """:func:`apply_pending` after a payment upload; a failure waits for the next occasion.

    The payments are already committed and answered; a reversal or bounce left pending is
    applied by the next upload, reversal, bounce or shift close, so it must not fail the upload.
    """
    try:
        apply_pending(engine)
    except Exception:  # logged; the pending items stay pending, nothing is lost
        log.warning("pending reversals and bounces not applied now", exc_info=True)
