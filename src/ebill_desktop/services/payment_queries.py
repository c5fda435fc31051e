"""Reading this counter's payments back: one payment, a receipt number, an account's history,
the unsynced and the unprinted.

Reads use the thread's read-only connection (:meth:`CacheDatabase.reader`) inside one
``BEGIN``/``COMMIT``, so a payment and its tenders, allocations and receipt come from one
snapshot. Head office's answer is read from the payment's outbox row until
:func:`ebill_desktop.services.payment_sync.record_central_answers` has copied it to the payment.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from ebill_core.money import Money
from ebill_core.protocol import PaymentStatus, Tender, TenderKind
from ebill_core.receipt import Receipt, ReceiptStatus
from ebill_core.receipt_number import ReceiptNumberError, parse_receipt_number
from ebill_desktop.services.payment_types import (
    AllocationRecord,
    CommittedPayment,
    PaymentRecord,
    ReceiptState,
)
from ebill_desktop.services.receipt_json import receipt_from_json
from ebill_desktop.storage.database import CacheDatabase

__all__ = ["by_receipt", "committed", "history", "is_stored", "unprinted", "unsynced"]

MAX_HISTORY = 500

_PAYMENT_COLUMNS = (
    "SELECT p.payment_id, p.terminal_seq, p.receipt_no, p.account_no, p.operator, p.taken_at, "
    "p.currency, p.amount_minor, p.amount_due_minor, p.balance_after_minor, p.change_minor, "
    "p.offline, p.state, COALESCE(p.central_status, o.answer_json), "
    "r.printed, r.print_attempts, r.last_error, r.reprint_count, r.body_json, o.state "
    "FROM payments p JOIN receipts r ON r.payment_id = p.payment_id "
    "LEFT JOIN outbox o ON o.item_id = p.payment_id "
)
_BY_ID = _PAYMENT_COLUMNS + "WHERE p.payment_id = ?"
_BY_RECEIPT = _PAYMENT_COLUMNS + "WHERE p.receipt_no = ?"
_HISTORY = (
    _PAYMENT_COLUMNS
    + "WHERE p.account_no = ? ORDER BY p.taken_at DESC, p.terminal_seq DESC LIMIT ?"
)
_UNSYNCED = (
    _PAYMENT_COLUMNS + "WHERE p.central_status IS NULL AND (o.state IS NULL OR o.state <> 'done') "
    "ORDER BY p.terminal_seq"
)
_UNPRINTED = _PAYMENT_COLUMNS + "WHERE r.printed = 0 ORDER BY p.terminal_seq"
_TENDERS = (
    "SELECT kind, amount_minor, tendered_minor, reference, bank, bank_branch, ifsc, "
    "instrument_date, card_last4, card_scheme, auth_code, device_id "
    "FROM payment_tenders WHERE payment_id = ? ORDER BY seq"
)
_ALLOCATIONS = (
    "SELECT bill_no, bill_version, component, amount_minor FROM payment_allocations "
    "WHERE payment_id = ? ORDER BY seq"
)


@contextmanager
def _snapshot(db: CacheDatabase) -> Iterator[sqlite3.Connection]:
    reader = db.reader()
    reader.execute("BEGIN")
    try:
        yield reader
    finally:
        reader.execute("COMMIT")


def _status(value: str | None) -> PaymentStatus | None:
    """Head office's status: the column's value, or the ``status`` of the outbox answer."""
    if value is None:
        return None
    if value in {s.value for s in PaymentStatus}:
        return PaymentStatus(value)
    try:
        answer = json.loads(value)
    except ValueError:
        return None
    status = answer.get("status") if isinstance(answer, dict) else None
    known = {s.value for s in PaymentStatus}
    return PaymentStatus(status) if isinstance(status, str) and status in known else None


def _record(reader: sqlite3.Connection, row: Sequence[Any]) -> PaymentRecord:
    pid, currency = row[0], row[6]
    tenders = tuple(_tender(t, currency) for t in reader.execute(_TENDERS, (pid,)))
    allocations = tuple(
        AllocationRecord(a[0], a[1], a[2], Money(a[3], currency))
        for a in reader.execute(_ALLOCATIONS, (pid,))
    )
    return PaymentRecord(
        payment_id=pid,
        terminal_seq=row[1],
        receipt_no=row[2],
        account_no=row[3],
        operator=row[4],
        taken_at=datetime.fromisoformat(row[5]),
        amount=Money(row[7], currency),
        amount_due=Money(row[8], currency),
        balance_after=Money(row[9], currency),
        change=Money(row[10], currency),
        offline=bool(row[11]),
        state=row[12],
        central_status=_status(row[13]),
        tenders=tenders,
        allocations=allocations,
        receipt=ReceiptState(row[2], bool(row[14]), row[15], row[16], row[17]),
    )


def _tender(t: Sequence[Any], currency: str) -> Tender:
    return Tender(
        kind=TenderKind(t[0]),
        amount=Money(t[1], currency),
        tendered=None if t[2] is None else Money(t[2], currency),
        reference=t[3],
        bank=t[4],
        bank_branch=t[5],
        ifsc=t[6],
        instrument_date=None if t[7] is None else date.fromisoformat(t[7]),
        card_last4=t[8],
        card_scheme=t[9],
        auth_code=t[10],
        device_id=t[11],
    )


def _committed(reader: sqlite3.Connection, row: Sequence[Any]) -> CommittedPayment:
    record = _record(reader, row)
    return CommittedPayment(record, receipt_of(record, row[18]))


def receipt_of(record: PaymentRecord, body_json: str) -> Receipt:
    """The stored receipt with its status now: CONFIRMED once head office has posted it."""
    confirmed = record.central_status is PaymentStatus.POSTED
    return receipt_from_json(
        body_json,
        status=ReceiptStatus.CONFIRMED if confirmed else ReceiptStatus.PROVISIONAL,
        taken_offline=record.offline,  # receipts stored before the field existed lack it
    )


def is_stored(db: CacheDatabase, payment_id: str) -> bool:
    """True when a payment with UUID ``payment_id`` is stored (one index probe)."""
    row = db.reader().execute("SELECT 1 FROM payments WHERE payment_id = ?", (payment_id,))
    return row.fetchone() is not None


def committed(db: CacheDatabase, payment_id: str) -> CommittedPayment | None:
    """The payment with UUID ``payment_id`` and its receipt (original copy), if stored."""
    with _snapshot(db) as reader:
        row = reader.execute(_BY_ID, (payment_id,)).fetchone()
        return None if row is None else _committed(reader, row)


def by_receipt(db: CacheDatabase, text: str) -> CommittedPayment | None:
    """The payment of a receipt number as typed or scanned; None for a bad or unknown one."""
    try:
        number = parse_receipt_number(text).text
    except ReceiptNumberError:
        return None
    with _snapshot(db) as reader:
        row = reader.execute(_BY_RECEIPT, (number,)).fetchone()
        return None if row is None else _committed(reader, row)


def history(db: CacheDatabase, account_no: str, limit: int) -> list[CommittedPayment]:
    """The account's payments at this counter, newest first (at most ``limit``, up to 500)."""
    key = account_no.strip() if isinstance(account_no, str) else ""
    count = max(1, min(int(limit), MAX_HISTORY))
    with _snapshot(db) as reader:
        rows = reader.execute(_HISTORY, (key, count)).fetchall()
        return [_committed(reader, row) for row in rows]


def unsynced(db: CacheDatabase) -> list[PaymentRecord]:
    """Payments head office has not answered yet (their outbox item is not done)."""
    with _snapshot(db) as reader:
        rows = reader.execute(_UNSYNCED).fetchall()
        return [_record(reader, row) for row in rows]


def unprinted(db: CacheDatabase) -> list[CommittedPayment]:
    """Payments whose receipt has never been printed, oldest first."""
    with _snapshot(db) as reader:
        rows = reader.execute(_UNPRINTED).fetchall()
        return [_committed(reader, row) for row in rows]
