"""The :class:`~ebill_core.receipt.Receipt` of a payment, made from what is being committed.

Made inside the payment's write transaction, from the same values that are written (draft,
allocation plan, checked tenders, receipt number, moment), and stored with the payment: the
printed receipt, the PDF and the receipt view all come from this one record.
"""

from __future__ import annotations

from datetime import datetime

from ebill_core.allocation import AllocationPlan
from ebill_core.money import Money
from ebill_core.protocol import Tender
from ebill_core.receipt import (
    Receipt,
    ReceiptAllocation,
    ReceiptBill,
    ReceiptStatus,
    ReceiptTender,
)
from ebill_core.words import amount_in_words
from ebill_desktop.services.payment_types import ADVANCE, CounterSetup, DraftBill, PaymentDraft

__all__ = ["build_receipt"]


def build_receipt(
    *,
    setup: CounterSetup,
    draft: PaymentDraft,
    bills: list[DraftBill],
    plan: AllocationPlan,
    tenders: tuple[Tender, ...],
    receipt_no: str,
    taken_at: datetime,
    cashier: str,
) -> Receipt:
    """The original copy of the receipt (PROVISIONAL: head office has not posted it yet)."""
    amount = plan.amount
    allocations = [
        ReceiptAllocation(line.component.value, line.bill_no, line.amount) for line in plan.lines
    ]
    if plan.advance:
        allocations.append(ReceiptAllocation(ADVANCE, None, plan.advance))
    return Receipt(
        header=setup.header,
        receipt_no=receipt_no,
        payment_id=draft.payment_id,
        taken_at=taken_at.astimezone(setup.tz),
        cashier=cashier,
        status=ReceiptStatus.PROVISIONAL,
        central_reference=None,
        account_no=draft.account_no,
        consumer_name=draft.consumer_name,
        masked_mobile=draft.masked_mobile,
        bills=tuple(
            ReceiptBill(
                b.bill_no,
                b.bill.period_start,
                b.bill.period_end,
                b.bill.due_date,
                b.outstanding.total,
            )
            for b in bills
        ),
        amount_due=plan.balance_before,
        amount_paid=amount,
        amount_in_words=amount_in_words(amount),
        allocations=tuple(allocations),
        balance_after=draft.total_due - amount,
        tenders=tuple(_tender(t) for t in tenders),
        taken_offline=draft.offline,
    )


def _tender(t: Tender) -> ReceiptTender:
    change: Money | None = t.change
    return ReceiptTender(
        kind=t.kind,
        amount=t.amount,
        reference=t.reference,
        bank=t.bank,
        bank_branch=t.bank_branch,
        instrument_date=t.instrument_date,
        tendered=t.tendered,
        change=change,
        card_last4=t.card_last4,
        card_scheme=t.card_scheme,
        auth_code=t.auth_code,
    )
