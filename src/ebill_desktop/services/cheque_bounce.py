"""Recording at the counter that a cheque came back unpaid (a "bounce"), for head office.

Qt-free; call from a worker thread.

    bounces = ChequeBounceService(db)
    message = bounces.record(supervisor, "BR-A-01-000123", tender=2)

What :meth:`ChequeBounceService.record` checks and does (docs/cash-control.md):

* ``authorise(CHEQUE_BOUNCE, actor)``: a supervisor or an administrator, nobody else (no
  approval stands in for one); calling the service as a cashier is refused, nothing changes;
* the payment is this counter's and head office has taken it (``posted`` or ``suspense``): head
  office reverses what a payment paid, so it must hold the payment (a payment still in the
  outbox, or voided, is refused with the reason);
* the tender named (its place on the receipt, from 1) is a cheque that has not been reported
  bounced already (an earlier ``cheque_bounce`` outbox item for it);
* in one write transaction: a :class:`ChequeBounceMessage` with reason ``NSF`` goes in the
  outbox (kind ``cheque_bounce``), and an audit entry ``cheque_bounce`` names the supervisor,
  the receipt and the cheque.

The sender posts it to ``POST /api/v1/cheque-bounces``; head office takes back what the payment
paid, adds the tariff's bounce charge and bars the account from cheques; the bar reaches every
counter in the change feed, and the counter then refuses cheques for that account.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from ebill_core.protocol import PaymentStatus, TenderKind
from ebill_core.protocol.cash_control import ChequeBounceMessage
from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import authorise
from ebill_desktop.security.roles import Action
from ebill_desktop.services import payment_queries
from ebill_desktop.services.payment_types import PaymentRecord
from ebill_desktop.sync.outbox import OutboxKind, enqueue_message

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["BounceReason", "ChequeBounceError", "ChequeBounceService"]

_TAKEN_BY_HEAD_OFFICE = frozenset({PaymentStatus.POSTED, PaymentStatus.SUSPENSE})
# An earlier report of the same cheque, still in the outbox (pending, done or on attention).
_SAME_CHEQUE = (
    "SELECT 1 FROM outbox WHERE kind = ? AND json_extract(body_json, '$.payment_id') = ? "
    "AND json_extract(body_json, '$.tender_position') = ? LIMIT 1"
)


class BounceReason(StrEnum):
    """Why a cheque came back; the code head office keeps with the bounce."""

    NSF = "NSF"  # not sufficient funds


class ChequeBounceError(ValueError):
    """The bounce cannot be recorded as asked; ``str(error)`` is for the screen. Nothing changed."""


class ChequeBounceService:
    """Records bounced cheques of this counter's payments. Safe from worker threads."""

    def __init__(self, db: CacheDatabase, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))

    def record(
        self,
        actor: Operator,
        receipt_no: str,
        tender: int,
        reason: BounceReason = BounceReason.NSF,
    ) -> ChequeBounceMessage:
        """``actor`` (a supervisor) reports tender ``tender`` (from 1) of a receipt bounced.

        Raises :class:`~ebill_desktop.security.approvals.NotPermittedError` for another role,
        :class:`ChequeBounceError` when the payment or tender does not qualify (see the module).
        """
        authorise(Action.CHEQUE_BOUNCE, actor)
        reason = BounceReason(reason)
        found = payment_queries.by_receipt(self._db, receipt_no)
        if found is None:
            raise ChequeBounceError(f"There is no receipt {receipt_no.strip()!r} at this counter")
        payment = found.payment
        cheque_no = _check_cheque(payment, tender)
        message = ChequeBounceMessage(
            bounce_id=str(uuid.uuid4()),
            payment_id=payment.payment_id,
            tender_position=tender - 1,  # head office counts tenders from 0
            cheque_no=cheque_no,
            reason_code=reason.value,
            approver=actor.login,
            at=self._clock(),
        )
        detail = {
            "receipt_no": payment.receipt_no,
            "tender": tender,
            "cheque_no": cheque_no,
            "reason": reason.value,
            "bounce_id": message.bounce_id,
        }
        with self._db.write_transaction() as connection:
            already = connection.exec_driver_sql(
                _SAME_CHEQUE,
                (OutboxKind.CHEQUE_BOUNCE.value, payment.payment_id, message.tender_position),
            ).first()
            if already is not None:
                raise ChequeBounceError(
                    f"Tender {tender} of receipt {payment.receipt_no} was reported bounced before"
                )
            enqueue_message(connection, message, message.at)
            audit.append(connection, actor.login, "cheque_bounce", detail, at=message.at)
        return message


def _check_cheque(payment: PaymentRecord, tender: int) -> str | None:
    """The cheque's number, if tender ``tender`` of ``payment`` may be reported bounced."""
    if payment.state != "taken":
        raise ChequeBounceError(f"Receipt {payment.receipt_no} was voided")
    if payment.central_status not in _TAKEN_BY_HEAD_OFFICE:
        raise ChequeBounceError(
            f"Head office has not taken receipt {payment.receipt_no} yet; "
            "report the bounce once it has been sent"
        )
    if isinstance(tender, bool) or not 1 <= tender <= len(payment.tenders):
        raise ChequeBounceError(
            f"Receipt {payment.receipt_no} has tenders 1 to {len(payment.tenders)}"
        )
    chosen = payment.tenders[tender - 1]
    if chosen.kind is not TenderKind.CHEQUE:
        raise ChequeBounceError(f"Tender {tender} of receipt {payment.receipt_no} is not a cheque")
    return chosen.reference
