"""Voiding a payment in the shift it was taken in: reason code, supervisor approval, audited.

Qt-free; call from a worker thread.

    voids = VoidService(db)
    record = voids.void(receipt_no, cashier, VoidReason.WRONG_ACCOUNT, approval, note="...")
    receipt = voids.void_receipt(receipt_no)      # the receipt to print, marked VOID

What a void does, in one write transaction (docs/cash-control.md):

* ``authorise(VOID, actor, approval)`` first: a cashier needs a supervisor's approval, given on
  this terminal; calling the service without one is refused and nothing changes;
* the payment must belong to the actor's (or, for a supervisor, the terminal's) open shift and
  not be voided already;
* ``payments.state`` becomes ``void``: its allocations stop counting against the bills here
  (the payment view and the offline limits read only ``taken`` payments), the receipt reads as
  VOID on every later print, and the payment's cash leaves the drawer's expected cash (a
  ``VOID`` movement in :func:`ebill_core.cash_count.expected_cash`);
* a ``payment_voids`` row keeps reason, approver and the UUID of the reversal message;
* an audit entry ``void`` names the approver.

Head office: the payment itself still goes up (its receipt number was issued and the terminal
sequence has no gaps); the void follows as a :class:`ReversalMessage` with its own UUID, after
the payment (head office also holds a reversal that arrives first until the payment comes).
:func:`reversal_message` builds it; :meth:`VoidService.void` puts it in the outbox (kind
``reversal``) in the void's own write transaction (docs/outbox.md).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from ebill_core.money import Money
from ebill_core.protocol import ProtocolError
from ebill_core.protocol.cash_control import (
    ReversalMessage,
    reversal_from_wire,
    reversal_to_wire,
)
from ebill_core.receipt import Receipt, ReceiptCopy
from ebill_core.receipt_number import ReceiptNumberError, parse_receipt_number
from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, authorise
from ebill_desktop.security.roles import APPROVER_ROLES, Action
from ebill_desktop.services import payment_queries
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.sync.outbox import enqueue_message

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["VoidError", "VoidReason", "VoidRecord", "VoidService", "reversal_message"]

MAX_NOTE = 200


class VoidReason(StrEnum):
    """Why a payment is voided (sent to head office as the reversal's reason code)."""

    WRONG_ACCOUNT = "wrong_account"
    WRONG_AMOUNT = "wrong_amount"
    DUPLICATE = "duplicate"
    TENDER_ERROR = "tender_error"  # e.g. a cheque entered as cash
    CUSTOMER_CANCELLED = "customer_cancelled"


class VoidError(ValueError):
    """A void that cannot be done; ``message`` is for the screen. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class VoidRecord:
    """A stored void."""

    payment_id: str
    receipt_no: str
    shift_id: str
    reason: VoidReason
    note: str | None
    operator: str
    approved_by: str | None
    at: datetime
    reversal_id: str
    amount: Money
    cash: Money  # what left the drawer's expected cash


_PAYMENT = (
    "SELECT p.payment_id, p.receipt_no, p.state, p.shift_id, s.state, s.operator, p.currency, "
    "p.amount_minor, (SELECT COALESCE(SUM(t.amount_minor), 0) FROM payment_tenders t "
    "WHERE t.payment_id = p.payment_id AND t.kind = 'cash') "
    "FROM payments p LEFT JOIN shifts s ON s.shift_id = p.shift_id WHERE p.receipt_no = ?"
)
_INSERT = (
    "INSERT INTO payment_voids (payment_id, shift_id, reason_code, note, operator, approved_by, "
    "at, reversal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_READ = (
    "SELECT v.payment_id, p.receipt_no, v.shift_id, v.reason_code, v.note, v.operator, "
    "v.approved_by, v.at, v.reversal_id, p.currency, p.amount_minor, "
    "(SELECT COALESCE(SUM(t.amount_minor), 0) FROM payment_tenders t "
    "WHERE t.payment_id = p.payment_id AND t.kind = 'cash') "
    "FROM payment_voids v JOIN payments p ON p.payment_id = v.payment_id "
)


def _receipt_no(text: str) -> str:
    try:
        return parse_receipt_number(text).text
    except (ReceiptNumberError, AttributeError):
        raise VoidError(f"{text!r} is not a receipt number.") from None


def _note(text: str | None) -> str | None:
    value = (text or "").strip()
    if len(value) > MAX_NOTE:
        raise VoidError(f"The note is longer than {MAX_NOTE} characters.")
    return value or None


def _record(row: tuple[object, ...]) -> VoidRecord:
    pid, receipt_no, shift_id, reason, note, operator, approved_by, at, reversal_id = row[:9]
    currency, amount, cash = str(row[9]), int(str(row[10])), int(str(row[11]))
    return VoidRecord(
        payment_id=str(pid),
        receipt_no=str(receipt_no),
        shift_id=str(shift_id),
        reason=VoidReason(str(reason)),
        note=None if note is None else str(note),
        operator=str(operator),
        approved_by=None if approved_by is None else str(approved_by),
        at=datetime.fromisoformat(str(at)),
        reversal_id=str(reversal_id),
        amount=Money(amount, currency),
        cash=Money(cash, currency),
    )


class VoidService:
    """Voids at this terminal. Safe to call from several worker threads."""

    def __init__(self, db: CacheDatabase, *, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))

    def void(
        self,
        receipt_no: str,
        actor: Operator,
        reason: VoidReason,
        approval: Approval | None = None,
        *,
        note: str | None = None,
    ) -> VoidRecord:
        """Void the payment of ``receipt_no`` (see the module notes); the stored void."""
        authorise(Action.VOID, actor, approval)
        if not isinstance(reason, VoidReason):
            raise VoidError("Choose the reason for the void.")
        number, text = _receipt_no(receipt_no), _note(note)
        now = self._clock()
        approved_by = (
            None if actor.role in APPROVER_ROLES or approval is None else approval.approver
        )
        with self._db.write_transaction() as connection:
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            row = raw.execute(_PAYMENT, (number,)).fetchone()
            pid, shift_id = self._check(row, number, actor)
            reversal_id = str(uuid.uuid4())
            raw.execute("UPDATE payments SET state = 'void' WHERE payment_id = ?", (pid,))
            raw.execute(
                _INSERT,
                (
                    pid,
                    shift_id,
                    reason.value,
                    text,
                    actor.login,
                    approved_by,
                    datetime_text(now),
                    reversal_id,
                ),
            )
            detail: dict[str, object] = {
                "payment_id": pid,
                "receipt_no": number,
                "shift_id": shift_id,
                "reason": reason.value,
                "amount_minor": int(row[7]),
                "approved_by": approved_by,
            }
            audit.append(connection, actor.login, "void", detail, at=now)
            # The reversal goes to head office after its payment (the sender sees to the order).
            approver = approved_by or actor.login
            try:
                message = _reversal(reversal_id, pid, reason, approver, now.astimezone(UTC))
            except ProtocolError as error:  # refused whole: nothing half-recorded
                raise VoidError(f"The void cannot go to head office: {error}") from None
            enqueue_message(connection, message, now)
        found = self.find(number)
        assert found is not None  # committed just above
        return found

    def _check(
        self, row: tuple[object, ...] | None, number: str, actor: Operator
    ) -> tuple[str, str]:
        """The payment's id and shift, when it may be voided by ``actor`` now."""
        if row is None:
            raise VoidError(f"No receipt {number} at this counter.")
        pid, _, state, shift_id, shift_state, shift_operator = row[:6]
        if state == "void":
            raise VoidError(f"Receipt {number} is void already.")
        if shift_id is None or shift_state != "open":
            raise VoidError("Only a payment of the shift now open can be voided.")
        own = str(shift_operator).casefold() == actor.login.casefold()
        if not own and actor.role not in APPROVER_ROLES:
            raise VoidError(f"Receipt {number} is of {shift_operator}'s shift.")
        return str(pid), str(shift_id)

    def find(self, receipt_no: str) -> VoidRecord | None:
        """The void of a receipt, if it was voided."""
        try:
            number = parse_receipt_number(receipt_no).text
        except ReceiptNumberError:
            return None
        row = self._db.reader().execute(_READ + "WHERE p.receipt_no = ?", (number,)).fetchone()
        return None if row is None else _record(row)

    def of_shift(self, shift_id: str) -> list[VoidRecord]:
        """The shift's voids, oldest first."""
        rows = self._db.reader().execute(_READ + "WHERE v.shift_id = ? ORDER BY v.at", (shift_id,))
        return [_record(row) for row in rows]

    def void_receipt(self, receipt_no: str) -> Receipt:
        """The voided payment's receipt, marked VOID, to print for the records."""
        found = payment_queries.by_receipt(self._db, receipt_no)
        if found is None or found.payment.state != "void":
            raise VoidError(f"Receipt {receipt_no} is not void.")
        return replace(
            found.receipt, copy=ReceiptCopy(reprint=found.receipt.copy.reprint, void=True)
        )


def reversal_message(record: VoidRecord) -> ReversalMessage:
    """The void as head office's reversal message, checked by its own decoder."""
    approver = record.approved_by or record.operator
    return _reversal(record.reversal_id, record.payment_id, record.reason, approver, record.at)


def _reversal(
    reversal_id: str, payment_id: str, reason: VoidReason, approver: str, at: datetime
) -> ReversalMessage:
    message = ReversalMessage(reversal_id, payment_id, reason.value, approver, at)
    return reversal_from_wire(reversal_to_wire(message))
