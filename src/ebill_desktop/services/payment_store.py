"""The durable commit of a payment: one ``BEGIN IMMEDIATE`` transaction, everything or nothing.

In one write transaction (:meth:`CacheDatabase.write_transaction`, ``synchronous=FULL``):

1. if the payment's UUID is already stored, nothing more is done (a second confirm);
2. offline, the policy's total is checked again against what is stored now;
3. the terminal's next sequence number is taken from ``terminal_counters`` (a rollback gives it
   back, so the sequence has no gaps) and makes the receipt number;
4. the payment, its tenders, its allocations (per bill and component, with the bill version
   the cashier saw; advance without a bill), its receipt (the whole record, as JSON) and its
   outbox message are written, and the payment-terminal requests of its card and UPI tenders
   are marked used (a request not approved for this payment refuses the whole payment).

Only after the commit returns may anything be printed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ebill_core.allocation import AllocationPlan
from ebill_core.money import Money
from ebill_core.protocol import ONLINE_ONLY_TENDERS, Allocation, PaymentMessage, Tender
from ebill_core.receipt_number import ReceiptNumber, ReceiptNumberError
from ebill_desktop.services.offline_limits import offline_problems, offline_used
from ebill_desktop.services.payment_preview import chosen_bills
from ebill_desktop.services.payment_types import (
    ADVANCE,
    AllocationRecord,
    CommittedPayment,
    CounterSetup,
    PaymentDraft,
    PaymentPreview,
    PaymentRecord,
    PaymentRefusedError,
    PaymentRequest,
    ReceiptState,
)
from ebill_desktop.services.receipt_build import build_receipt
from ebill_desktop.services.receipt_json import receipt_to_json
from ebill_desktop.services.shift_link import attach_to_open_shift
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.sync.outbox import enqueue

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["PAYMENT_COUNTER", "next_terminal_seq", "store"]

PAYMENT_COUNTER = "payment"

_INSERT_PAYMENT = (
    "INSERT INTO payments (payment_id, terminal_seq, receipt_no, account_no, operator, "
    "taken_at, currency, amount_minor, amount_due_minor, balance_after_minor, change_minor, "
    "offline, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'taken')"
)
_INSERT_TENDER = (
    "INSERT INTO payment_tenders (payment_id, seq, kind, amount_minor, tendered_minor, "
    "reference, bank, bank_branch, ifsc, instrument_date, card_last4, card_scheme, auth_code, "
    "device_id, card_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ALLOCATION = (
    "INSERT INTO payment_allocations (payment_id, seq, bill_no, bill_version, component, "
    "amount_minor) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_RECEIPT = (
    "INSERT INTO receipts (receipt_no, payment_id, body_json, printed, print_attempts, "
    "reprint_count) VALUES (?, ?, ?, 0, 0, 0)"
)
_STORED = "SELECT 1 FROM payments WHERE payment_id = ?"
_BUMP = "UPDATE terminal_counters SET next_value = next_value + 1 WHERE name = ?"
_READ = "SELECT next_value FROM terminal_counters WHERE name = ?"
_START = (
    "INSERT INTO terminal_counters (name, next_value) "
    "SELECT ?, COALESCE(MAX(terminal_seq), 0) + 2 FROM payments"
)


def _raw(connection: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under the write transaction: plain statements on the hot path."""
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("the cache runs on the sqlite3 driver")
    return raw


def next_terminal_seq(raw: sqlite3.Connection) -> int:
    """Take the terminal's next sequence number, in the caller's write transaction."""
    if raw.execute(_BUMP, (PAYMENT_COUNTER,)).rowcount == 0:
        # The first payment of this cache (or a counter row lost): carry on after the highest.
        raw.execute(_START, (PAYMENT_COUNTER,))
    row = raw.execute(_READ, (PAYMENT_COUNTER,)).fetchone()
    assert row is not None  # bumped or inserted just above, in this transaction
    return int(row[0]) - 1


def store(
    db: CacheDatabase,
    setup: CounterSetup,
    draft: PaymentDraft,
    request: PaymentRequest,
    preview: PaymentPreview,
    now: datetime,
) -> CommittedPayment | None:
    """Write the payment of a checked ``preview``; its record and receipt as committed.

    None when its UUID was already stored (the caller reads the first payment back).
    """
    plan = preview.plan
    if plan is None or not preview.ok:
        raise PaymentRefusedError(preview.problems or ("The payment was not checked.",))
    bills, _ = chosen_bills(draft, request)
    with db.write_transaction() as connection:
        raw = _raw(connection)
        if raw.execute(_STORED, (draft.payment_id,)).fetchone() is not None:
            return None
        if draft.offline and draft.offline_standing is not None:
            used = offline_used(raw, draft.currency)
            problems = offline_problems(draft.offline_standing, plan.amount, used)
            if problems:
                raise PaymentRefusedError(tuple(problems))
        seq = next_terminal_seq(raw)
        try:
            receipt_no = ReceiptNumber(setup.branch, setup.terminal, seq).text
        except ReceiptNumberError as error:
            raise PaymentRefusedError((f"No receipt number can be made: {error}.",)) from None
        receipt = build_receipt(
            setup=setup,
            draft=draft,
            bills=bills,
            plan=plan,
            tenders=preview.tenders,
            receipt_no=receipt_no,
            taken_at=now,
            cashier=_cashier(raw, draft.operator),
        )
        record = _record(draft, preview, plan, seq, receipt_no, now)
        _write_rows(raw, record, [given.card_request_id for given in request.tenders])
        attach_to_open_shift(raw, draft.payment_id, draft.operator)
        raw.execute(_INSERT_RECEIPT, (receipt_no, draft.payment_id, receipt_to_json(receipt)))
        for tender, given in zip(preview.tenders, request.tenders, strict=True):
            if tender.kind in ONLINE_ONLY_TENDERS:
                _use_card_request(connection, given.card_request_id, draft.payment_id)
        enqueue(connection, _message(draft, preview.tenders, plan, seq, receipt_no, now), now)
    return CommittedPayment(record, receipt)


def _cashier(raw: sqlite3.Connection, login: str) -> str:
    row = raw.execute("SELECT full_name FROM operators WHERE login = ?", (login,)).fetchone()
    return login if row is None or not row[0] else str(row[0])


def _use_card_request(connection: Connection, request_id: str | None, payment_id: str) -> None:
    """Mark the approved terminal request used, or refuse the payment (rolled back)."""
    from ebill_desktop.payment_terminals.pending import CardRequestError, mark_used

    try:
        mark_used(connection, request_id or "", payment_id)
    except CardRequestError as error:
        raise PaymentRefusedError((error.message,)) from None


def _record(
    draft: PaymentDraft,
    preview: PaymentPreview,
    plan: AllocationPlan,
    seq: int,
    receipt_no: str,
    now: datetime,
) -> PaymentRecord:
    """The payment as it is about to be written (and as it will read back)."""
    return PaymentRecord(
        payment_id=draft.payment_id,
        terminal_seq=seq,
        receipt_no=receipt_no,
        account_no=draft.account_no,
        operator=draft.operator,
        taken_at=now.astimezone(UTC),
        amount=plan.amount,
        amount_due=plan.balance_before,
        balance_after=draft.total_due - plan.amount,
        change=preview.change,
        offline=draft.offline,
        state="taken",
        central_status=None,
        tenders=preview.tenders,
        allocations=_allocations(draft, plan),
        receipt=ReceiptState(receipt_no, False, 0, None, 0),
    )


def _allocations(draft: PaymentDraft, plan: AllocationPlan) -> tuple[AllocationRecord, ...]:
    """Per bill and component in payment order, with the version seen; then the advance."""
    rows: list[AllocationRecord] = []
    for line in plan.lines:
        bill = draft.bill(line.bill_no)
        assert bill is not None  # the plan was made from the draft's bills
        rows.append(AllocationRecord(line.bill_no, bill.version, line.component.value, line.amount))
    if plan.advance:
        rows.append(AllocationRecord(None, None, ADVANCE, plan.advance))
    return tuple(rows)


def _write_rows(
    raw: sqlite3.Connection, record: PaymentRecord, requests: Sequence[str | None]
) -> None:
    pid = record.payment_id
    raw.execute(
        _INSERT_PAYMENT,
        (
            pid,
            record.terminal_seq,
            record.receipt_no,
            record.account_no,
            record.operator,
            datetime_text(record.taken_at),
            record.amount.currency,
            record.amount.minor,
            record.amount_due.minor,
            record.balance_after.minor,
            record.change.minor,
            record.offline,
        ),
    )
    raw.executemany(_INSERT_TENDER, _tender_rows(pid, record.tenders, requests))
    raw.executemany(
        _INSERT_ALLOCATION,
        [
            (pid, seq, a.bill_no, a.bill_version, a.component, a.amount.minor)
            for seq, a in enumerate(record.allocations, start=1)
        ],
    )


def _tender_rows(
    pid: str, tenders: Sequence[Tender], requests: Sequence[str | None]
) -> list[tuple[object, ...]]:
    return [
        (
            pid,
            seq,
            t.kind.value,
            t.amount.minor,
            None if t.tendered is None else t.tendered.minor,
            t.reference,
            t.bank,
            t.bank_branch,
            t.ifsc,
            None if t.instrument_date is None else t.instrument_date.isoformat(),
            t.card_last4,
            t.card_scheme,
            t.auth_code,
            t.device_id,
            request_id if t.kind in ONLINE_ONLY_TENDERS else None,
        )
        for seq, (t, request_id) in enumerate(zip(tenders, requests, strict=True), start=1)
    ]


def _message(
    draft: PaymentDraft,
    tenders: tuple[Tender, ...],
    plan: AllocationPlan,
    seq: int,
    receipt_no: str,
    now: datetime,
) -> PaymentMessage:
    """The outbox message: one allocation per bill (its components together), advance left
    unallocated (head office credits it to the account)."""
    per_bill: dict[str, Money] = {}
    for line in plan.lines:
        per_bill[line.bill_no] = per_bill.get(line.bill_no, Money.zero(line.amount.currency)) + (
            line.amount
        )
    allocations = []
    for bill_no, amount in per_bill.items():
        bill = draft.bill(bill_no)
        assert bill is not None
        allocations.append(Allocation(bill_no, bill.version, amount))
    return PaymentMessage(
        payment_id=draft.payment_id,
        terminal_seq=seq,
        receipt_no=receipt_no,
        account_no=draft.account_no,
        taken_at=now,
        operator=draft.operator,
        offline=draft.offline,
        tenders=tenders,
        allocations=tuple(allocations),
    )
