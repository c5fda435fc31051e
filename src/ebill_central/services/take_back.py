"""Taking money back from a payment the server holds: a reversal (all of it) or a bounced
cheque (that tender's amount), in the caller's transaction.

What a payment paid is its applied allocations (bills) plus its credit (the rest, left on the
account). An amount taken back comes **first from the credit, then from the bills, last
allocation first**: the consumer loses the least urgent thing first, and the bills the cashier
put first stay paid longest. Every part taken is recorded in ``reversed_allocations`` under
the reversal's or bounce's UUID, so a later take-back (a second bounced cheque, then a void)
only takes what is still there.

Each bill touched is locked (``FOR UPDATE`` on PostgreSQL, in bill order, like posting does),
owes again (``amount_paid`` goes down; ``paid`` becomes ``part_paid`` or ``open``) and goes
into its office's feed. The payment's posting (what counters show as "paid at ...") is
re-published with the amount left, or withdrawn by a tombstone when nothing is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    AllocationRow,
    PaymentRow,
    PostingRow,
    ReversedAllocationRow,
)
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import change_values, record_changes
from ebill_central.services.attention import raise_attention
from ebill_central.services.payment_bills import BillState, lock_bills, write_bills
from ebill_core.money import Money
from ebill_core.protocol import Entity
from ebill_core.protocol.records import bill_to_wire, posting_to_wire
from ebill_core.records import BillStatus, PaymentPosting

CREDIT = "(credit)"  # the ``bill_no`` under which credit taken back is recorded
_REOPENABLE = frozenset({BillStatus.PAID.value, BillStatus.PART_PAID.value, BillStatus.OPEN.value})


@dataclass(frozen=True, slots=True)
class TakenBack:
    """What was taken back: from credit and per bill (minor units of the payment's currency)."""

    currency: str
    from_credit: int
    from_bills: tuple[tuple[str, int], ...]

    @property
    def total(self) -> Money:
        return Money(self.from_credit + sum(m for _, m in self.from_bills), self.currency)


def remaining_minor(session: Session, payment: PaymentRow) -> int:
    """What of ``payment`` has not been taken back yet."""
    taken = session.scalar(
        select(func.coalesce(func.sum(ReversedAllocationRow.amount_minor), 0)).where(
            ReversedAllocationRow.payment_id == payment.payment_id
        )
    )
    return int(payment.amount_minor) - int(taken or 0)


def take_back(
    session: Session, payment: PaymentRow, amount_minor: int, source_id: str, now: datetime
) -> TakenBack:
    """Take up to ``amount_minor`` back from ``payment`` (never more than is still there)."""
    taken = _already_taken(session, payment.payment_id)
    left = min(amount_minor, remaining_minor(session, payment))
    from_credit = max(0, min(left, int(payment.credit_minor) - taken.get(CREDIT, 0)))
    left -= from_credit
    plan: list[tuple[str, int]] = []
    allocations = session.scalars(
        select(AllocationRow)
        .where(AllocationRow.payment_id == payment.payment_id, AllocationRow.applied.is_(True))
        .order_by(AllocationRow.position.desc())
    ).all()
    for allocation in allocations:
        if left <= 0:
            break
        part = min(left, int(allocation.amount_minor) - taken.get(allocation.bill_no, 0))
        if part > 0:
            plan.append((allocation.bill_no, part))
            left -= part
    result = TakenBack(payment.currency, from_credit, tuple(plan))
    _record(session, payment, source_id, result)
    _reopen_bills(session, payment, dict(plan), source_id, now)
    _repost(session, payment, now)
    return result


def _already_taken(session: Session, payment_id: str) -> dict[str, int]:
    rows = session.execute(
        select(ReversedAllocationRow.bill_no, func.sum(ReversedAllocationRow.amount_minor))
        .where(ReversedAllocationRow.payment_id == payment_id)
        .group_by(ReversedAllocationRow.bill_no)
    )
    return {bill_no: int(minor) for bill_no, minor in rows}


def _record(session: Session, payment: PaymentRow, source_id: str, taken: TakenBack) -> None:
    parts = list(taken.from_bills)
    if taken.from_credit:
        parts.append((CREDIT, taken.from_credit))
    for bill_no, minor in parts:
        session.add(
            ReversedAllocationRow(
                source_id=source_id,
                bill_no=bill_no,
                payment_id=payment.payment_id,
                amount_minor=minor,
                currency=payment.currency,
            )
        )
    session.flush()


def _reopen_bills(
    session: Session, payment: PaymentRow, parts: dict[str, int], source_id: str, now: datetime
) -> None:
    """The bills owe again what was taken back; their new state goes into the feed."""
    if not parts:
        return
    connection = session.connection()
    bills = lock_bills(connection, parts.keys())
    for bill_no, minor in parts.items():
        bill = bills.get(bill_no)
        if bill is None:
            continue  # an allocation is applied only to a bill that exists; bills are not deleted
        _unpay(session, bill, minor, source_id, now)
    records = write_bills(connection, bills.values())
    offices = _offices(connection, {bill.account_no for bill in records})
    record_changes(
        connection,
        [
            change_values(
                Entity.BILL,
                bill.bill_no,
                office_scope(offices[bill.account_no]),
                bill_to_wire(bill),
                now,
            )
            for bill in records
            if bill.account_no in offices
        ],
    )


def _unpay(session: Session, bill: BillState, minor: int, source_id: str, now: datetime) -> None:
    part = min(minor, bill.amount_paid_minor)
    if part < minor or bill.status not in _REOPENABLE:
        raise_attention(
            session,
            "take_back_on_changed_bill",
            f"bill {bill.row.bill_no}",
            f"{source_id}: {Money(minor, bill.row.currency)} to take back; the bill holds "
            f"{Money(bill.amount_paid_minor, bill.row.currency)} paid and is {bill.status}",
            now,
        )
    bill.amount_paid_minor -= part
    if bill.status in _REOPENABLE:
        owes_all = bill.amount_paid_minor <= 0
        paid_up = bill.amount_paid_minor >= int(bill.row.net_payable_minor)
        status = BillStatus.OPEN if owes_all else BillStatus.PART_PAID
        bill.status = (BillStatus.PAID if paid_up else status).value
    bill.touched = part > 0 or bill.touched


def _offices(connection: Connection, accounts: set[str]) -> dict[str, str]:
    if not accounts:
        return {}
    rows = connection.execute(
        select(AccountRow.account_no, AccountRow.office_code).where(
            AccountRow.account_no.in_(sorted(accounts))
        )
    )
    return {account_no: office for account_no, office in rows}


def _repost(session: Session, payment: PaymentRow, now: datetime) -> None:
    """Re-publish the payment's posting with what is left of it, or withdraw it."""
    posting = session.get(PostingRow, payment.payment_id)
    if posting is None:
        return  # a payment in suspense has no posting
    office = _offices(session.connection(), {posting.account_no}).get(posting.account_no)
    left = remaining_minor(session, payment)
    values: dict[str, Any]
    if left <= 0:
        session.execute(delete(PostingRow).where(PostingRow.payment_id == payment.payment_id))
        values = change_values(
            Entity.POSTING, payment.payment_id, office_scope(office or ""), None, now
        )
    else:
        session.execute(
            update(PostingRow)
            .where(PostingRow.payment_id == payment.payment_id)
            .values(amount_minor=left)
        )
        record = PaymentPosting(
            payment_id=posting.payment_id,
            account_no=posting.account_no,
            paid_at=posting.paid_at,
            amount=Money(left, posting.currency),
            channel=posting.channel,
            place=posting.place,
            receipt_no=posting.receipt_no,
        )
        values = change_values(
            Entity.POSTING,
            payment.payment_id,
            office_scope(office or ""),
            posting_to_wire(record),
            now,
        )
    if office is not None:
        record_changes(session.connection(), [values])
