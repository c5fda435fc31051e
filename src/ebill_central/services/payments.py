"""Payments uploaded by terminals: each posted exactly once, none ever simply dropped.

Per item, in its own transaction:

* the UUID seen before with the same content: the first answer is given again, nothing changes;
* the UUID (or the terminal's sequence number) seen before with different content: ``conflict``,
  nothing changes, and the clash goes on the attention queue;
* an unknown account: the money is held in ``suspense`` and flagged for review;
* otherwise ``posted``: each allocation is applied to its bill if the bill is still the version
  the cashier saw, still open and owes at least that much; if not, that part stays on the account
  as credit and is flagged (``bill_changed``). An unallocated remainder is credit (``credit``).
* an item that cannot be read at all is answered ``rejected`` and kept on the attention queue.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    AllocationRow,
    BillRow,
    PaymentRow,
    PostingRow,
    TenderRow,
)
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import record_change
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.rows import bill_record
from ebill_core.money import Money
from ebill_core.protocol import (
    BatchResult,
    Entity,
    PaymentMessage,
    PaymentOutcome,
    PaymentStatus,
    ProtocolError,
    payment_from_wire,
    payment_to_wire,
)
from ebill_core.protocol.payments import outcome_from_wire, outcome_to_wire, payment_id_from_wire
from ebill_core.protocol.records import bill_to_wire, posting_to_wire
from ebill_core.records import BillStatus, PaymentPosting

MAX_GAPS = 100
_PAYABLE = (BillStatus.OPEN.value, BillStatus.PART_PAID.value)

# Missing sequence numbers below the highest received: before the first, and between neighbours.
_GAPS = text(
    """
    SELECT gap_low, gap_high FROM (
        SELECT 1 AS gap_low, MIN(terminal_seq) - 1 AS gap_high
        FROM payments WHERE terminal_id = :terminal
        UNION ALL
        SELECT terminal_seq + 1, next_seq - 1 FROM (
            SELECT terminal_seq,
                   LEAD(terminal_seq) OVER (ORDER BY terminal_seq) AS next_seq
            FROM payments WHERE terminal_id = :terminal
        ) AS neighbours
        WHERE next_seq > terminal_seq + 1
    ) AS gaps
    WHERE gap_high >= gap_low
    ORDER BY gap_low
    LIMIT :limit
    """
)


def post_batch(
    engine: Engine, terminal: TerminalIdentity, items: list[object], now: datetime | None = None
) -> BatchResult:
    """Post every item of an upload (each on its own) and report the terminal's gaps."""
    moment = now or datetime.now(UTC)
    outcomes = [
        _post_item(engine, terminal, index, item, moment) for index, item in enumerate(items)
    ]
    with engine.connect() as connection:
        gaps = connection.execute(
            _GAPS, {"terminal": terminal.terminal_id, "limit": MAX_GAPS}
        ).all()
        connection.rollback()
    return BatchResult(tuple(outcomes), tuple((int(low), int(high)) for low, high in gaps))


def _post_item(
    engine: Engine, terminal: TerminalIdentity, index: int, item: object, now: datetime
) -> PaymentOutcome:
    try:
        payment = payment_from_wire(item, f"payments[{index}]")
        _check_storable(payment, f"payments[{index}]")
    except ProtocolError as error:
        return _reject(engine, terminal, index, item, error, now)
    try:
        return _post(engine, terminal, index, payment, now)
    except IntegrityError:
        # Another upload of the same UUID or sequence number committed first; now it is seen.
        return _post(engine, terminal, index, payment, now)


def _reject(
    engine: Engine,
    terminal: TerminalIdentity,
    index: int,
    item: object,
    error: ProtocolError,
    now: datetime,
) -> PaymentOutcome:
    payment_id = _readable_id(item)
    with Session(engine) as session, session.begin():
        raise_attention(
            session,
            "payment_unreadable",
            f"terminal {terminal.terminal_id}: {payment_id or 'no payment id'}",
            f"{error}\n{json.dumps(item, ensure_ascii=False, default=str)}",
            now,
        )
    return PaymentOutcome(
        index, payment_id, PaymentStatus.REJECTED, (), "invalid_message", str(error)
    )


def _check_storable(payment: PaymentMessage, path: str) -> None:
    """Refuse a moment the database cannot hold: it stores moments in UTC.

    ``0001-01-01T00:00+05:30`` is a valid ISO time but lies before year 1 in UTC, so
    converting it overflowed and the upload was answered 500 (found while fuzzing the API).
    """
    try:
        payment.taken_at.astimezone(UTC)
    except OverflowError:
        raise ProtocolError(f"{path}.taken_at", "is out of range once converted to UTC") from None


def _readable_id(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    try:
        return payment_id_from_wire(item.get("payment_id"), "payment_id")
    except ProtocolError:
        return None


def body_hash(payment: PaymentMessage) -> str:
    """SHA-256 of the payment's canonical JSON: the same payment always hashes the same."""
    canonical = json.dumps(payment_to_wire(payment), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _post(
    engine: Engine, terminal: TerminalIdentity, index: int, payment: PaymentMessage, now: datetime
) -> PaymentOutcome:
    digest = body_hash(payment)
    with Session(engine) as session, session.begin():
        # One query for both keys, so both are judged on the same snapshot (on PostgreSQL a
        # second query could see a resend of this very payment commit in between).
        earlier = session.scalars(
            select(PaymentRow).where(
                (PaymentRow.payment_id == payment.payment_id)
                | (
                    (PaymentRow.terminal_id == terminal.terminal_id)
                    & (PaymentRow.terminal_seq == payment.terminal_seq)
                )
            )
        ).all()
        same_id = next((row for row in earlier if row.payment_id == payment.payment_id), None)
        if same_id is not None:
            if same_id.body_hash == digest and same_id.terminal_id == terminal.terminal_id:
                first = outcome_from_wire(json.loads(same_id.outcome))
                return replace(first, index=index)
            return _conflict(session, terminal, index, payment, "payment_id_reused", now)
        if earlier:
            return _conflict(session, terminal, index, payment, "terminal_seq_reused", now)
        account = session.get(AccountRow, payment.account_no)
        if account is None:
            outcome = PaymentOutcome(
                index, payment.payment_id, PaymentStatus.SUSPENSE, ("unknown_account",)
            )
            _store(session, terminal, payment, digest, outcome, set(), now)
            raise_attention(
                session,
                "payment_in_suspense",
                payment.payment_id,
                f"account {payment.account_no} is not known; {payment.amount} held in suspense",
                now,
            )
            return outcome
        applied = _apply_allocations(session, payment, now)
        flags: list[str] = []
        if len(applied) < len(payment.allocations):
            flags.append("bill_changed")
        if sum(a.amount.minor for a in payment.allocations if a.bill_no in applied) < (
            payment.amount.minor
        ):
            flags.append("credit")
        outcome = PaymentOutcome(index, payment.payment_id, PaymentStatus.POSTED, tuple(flags))
        _store(session, terminal, payment, digest, outcome, applied, now)
        _post_to_account(session, terminal, payment, account.office_code)
        return outcome


def _conflict(
    session: Session,
    terminal: TerminalIdentity,
    index: int,
    payment: PaymentMessage,
    code: str,
    now: datetime,
) -> PaymentOutcome:
    what = "payment id" if code == "payment_id_reused" else "sequence number"
    message = f"this {what} was already used for a different payment"
    raise_attention(
        session,
        "payment_conflict",
        payment.payment_id,
        f"terminal {terminal.terminal_id} sent {json.dumps(payment_to_wire(payment))}: {message}",
        now,
    )
    return PaymentOutcome(index, payment.payment_id, PaymentStatus.CONFLICT, (), code, message)


def _apply_allocations(session: Session, payment: PaymentMessage, now: datetime) -> set[str]:
    """Apply what still fits to its bills (locked in bill order); returns the bills paid."""
    applied: set[str] = set()
    for allocation in sorted(payment.allocations, key=lambda a: a.bill_no):
        bill = session.get(BillRow, allocation.bill_no, with_for_update=True)
        outstanding = None if bill is None else bill.net_payable_minor - bill.amount_paid_minor
        fits = (
            bill is not None
            and outstanding is not None
            and bill.account_no == payment.account_no
            and bill.version == allocation.bill_version
            and bill.status in _PAYABLE
            and bill.currency == allocation.amount.currency
            and allocation.amount.minor <= outstanding
        )
        if not fits or bill is None:
            state = "unknown" if bill is None else f"version {bill.version}, {bill.status}"
            raise_attention(
                session,
                "payment_on_changed_bill",
                payment.payment_id,
                f"{allocation.amount} meant for bill {allocation.bill_no} version "
                f"{allocation.bill_version} (now {state}) was left on account "
                f"{payment.account_no} as credit",
                now,
            )
            continue
        bill.amount_paid_minor += allocation.amount.minor
        paid_up = bill.amount_paid_minor >= bill.net_payable_minor
        bill.status = (BillStatus.PAID if paid_up else BillStatus.PART_PAID).value
        session.flush()
        applied.add(bill.bill_no)
        record_change(
            session.connection(),
            Entity.BILL,
            bill.bill_no,
            office_scope(_office_of(session, bill.account_no)),
            bill_to_wire(bill_record(session, bill)),
        )
    return applied


def _office_of(session: Session, account_no: str) -> str:
    account = session.get(AccountRow, account_no)
    assert account is not None  # bills have a foreign key to their account
    return account.office_code


def _store(
    session: Session,
    terminal: TerminalIdentity,
    payment: PaymentMessage,
    digest: str,
    outcome: PaymentOutcome,
    applied: set[str],
    now: datetime,
) -> None:
    currency = payment.amount.currency
    applied_minor = sum(a.amount.minor for a in payment.allocations if a.bill_no in applied)
    session.add(
        PaymentRow(
            payment_id=payment.payment_id,
            terminal_id=terminal.terminal_id,
            terminal_seq=payment.terminal_seq,
            receipt_no=payment.receipt_no,
            account_no=payment.account_no,
            operator=payment.operator,
            taken_at=payment.taken_at,
            received_at=now,
            offline=payment.offline,
            currency=currency,
            amount_minor=payment.amount.minor,
            applied_minor=applied_minor,
            credit_minor=payment.amount.minor - applied_minor,
            status=outcome.status.value,
            body_hash=digest,
            outcome=json.dumps(outcome_to_wire(outcome)),
        )
    )
    session.flush()  # the payment row first: tenders and allocations refer to it
    for position, tender in enumerate(payment.tenders):
        session.add(
            TenderRow(
                payment_id=payment.payment_id,
                position=position,
                kind=tender.kind.value,
                amount_minor=tender.amount.minor,
                currency=tender.amount.currency,
                reference=tender.reference,
                bank=tender.bank,
                instrument_date=tender.instrument_date,
            )
        )
    for position, allocation in enumerate(payment.allocations):
        session.add(
            AllocationRow(
                payment_id=payment.payment_id,
                position=position,
                bill_no=allocation.bill_no,
                bill_version=allocation.bill_version,
                amount_minor=allocation.amount.minor,
                currency=allocation.amount.currency,
                applied=allocation.bill_no in applied,
            )
        )
    session.flush()


def _post_to_account(
    session: Session, terminal: TerminalIdentity, payment: PaymentMessage, office_code: str
) -> None:
    """The posting every counter of the office sees ("paid today at BR-1/Counter 2")."""
    posting = PaymentPosting(
        payment_id=payment.payment_id,
        account_no=payment.account_no,
        paid_at=payment.taken_at,
        amount=Money(payment.amount.minor, payment.amount.currency),
        channel="counter",
        place=f"{terminal.branch_code}/{terminal.name}"[:200],
        receipt_no=payment.receipt_no,
    )
    session.add(
        PostingRow(
            payment_id=posting.payment_id,
            account_no=posting.account_no,
            paid_at=posting.paid_at,
            amount_minor=posting.amount.minor,
            currency=posting.amount.currency,
            channel=posting.channel,
            place=posting.place,
            receipt_no=posting.receipt_no,
        )
    )
    session.flush()
    record_change(
        session.connection(),
        Entity.POSTING,
        posting.payment_id,
        office_scope(office_code),
        posting_to_wire(posting),
    )
