"""A payment receipt as data: what the thermal printer prints, the PDF shows and the receipt
view mirrors. One record, made once by the payment service from the committed payment, so the
three can never disagree.

The fields follow the brief's receipt (domain.md, "Receipt"): header, identity, status,
consumer, bills, amounts (figures and words), allocation, tenders with their instrument details,
change, and the footer. Text here is the utility's data, in the language it was entered in;
labels ("Amount paid", "DUPLICATE") belong to the renderers, which translate them.

Nothing on a receipt is a secret: the mobile number is already masked, a card shows only its
scheme, last 4 digits, RRN and authorisation code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind

__all__ = [
    "Receipt",
    "ReceiptAllocation",
    "ReceiptBill",
    "ReceiptCopy",
    "ReceiptHeader",
    "ReceiptStatus",
    "ReceiptTender",
]


class ReceiptStatus(StrEnum):
    """Whether head office has the payment yet (printed in large type on the receipt)."""

    CONFIRMED = "confirmed"  # the central server posted it; ``central_reference`` says where
    # Head office has not posted it yet. Taken offline it prints "OFFLINE - PROVISIONAL";
    # taken online but not yet confirmed, "PROVISIONAL" (see ``Receipt.taken_offline``).
    PROVISIONAL = "provisional"


@dataclass(frozen=True, slots=True)
class ReceiptHeader:
    """Who took the money: the same on every receipt of a terminal (from its settings/feed)."""

    utility_name: str
    tax_registration: str  # GSTIN or the like; "" when the utility has none
    office: str  # office / branch name
    counter: str  # counter or kiosk id as the public sees it, e.g. "Counter 3"
    helpline: str  # printed in the footer; "" when none


@dataclass(frozen=True, slots=True)
class ReceiptBill:
    """A bill the payment was for, as the consumer knows it."""

    bill_no: str
    period_start: date
    period_end: date
    due_date: date
    amount_due: Money  # what was outstanding on it when the payment was taken


@dataclass(frozen=True, slots=True)
class ReceiptAllocation:
    """Where part of the money went: a component of a bill, or advance (``bill_no`` None)."""

    label: str  # the allocation component: "current", "arrears", "surcharge", "advance" ...
    bill_no: str | None
    amount: Money


@dataclass(frozen=True, slots=True)
class ReceiptTender:
    """One instrument, with what may be printed of it."""

    kind: TenderKind
    amount: Money
    reference: str | None = None  # cheque/draft/postal order no., card RRN, UPI/NEFT UTR
    bank: str | None = None
    bank_branch: str | None = None
    instrument_date: date | None = None
    tendered: Money | None = None  # cash handed over
    change: Money | None = None  # cash given back
    card_last4: str | None = None
    card_scheme: str | None = None
    auth_code: str | None = None


@dataclass(frozen=True, slots=True)
class ReceiptCopy:
    """Which print this is: the original (``reprint`` 0) or the n-th DUPLICATE; and voided."""

    reprint: int = 0
    void: bool = False

    @property
    def duplicate(self) -> bool:
        return self.reprint > 0


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything printed on one payment receipt."""

    header: ReceiptHeader
    receipt_no: str  # display form with hyphens, e.g. "0140-012-00001234-4"
    payment_id: str  # the UUID; receipts print its first 8 characters
    taken_at: datetime  # local time of the counter, timezone-aware
    cashier: str  # operator's full name (or login)
    status: ReceiptStatus
    central_reference: str | None  # when CONFIRMED
    account_no: str
    consumer_name: str
    masked_mobile: str  # already masked (ebill_core.masking); "" when none
    bills: tuple[ReceiptBill, ...]
    amount_due: Money  # total outstanding on the paid bills when taken
    amount_paid: Money  # the sum of the tenders' amounts
    amount_in_words: str  # e.g. "Rupees One Thousand Two Hundred Only"
    allocations: tuple[ReceiptAllocation, ...]
    balance_after: Money  # outstanding on the account after this payment (negative = credit)
    tenders: tuple[ReceiptTender, ...]
    copy: ReceiptCopy = field(default_factory=ReceiptCopy)
    # Taken while the counter had no link to head office (the payment's ``offline`` flag):
    # a provisional receipt then says OFFLINE. Defaults to False so receipts made before the
    # field existed still load.
    taken_offline: bool = False

    @property
    def short_payment_id(self) -> str:
        return self.payment_id[:8]

    @property
    def change(self) -> Money | None:
        """Cash given back across all cash tenders, or None when none was recorded."""
        changes = [t.change for t in self.tenders if t.change is not None]
        if not changes:
            return None
        result = changes[0]
        for more in changes[1:]:
            result = result + more
        return result
