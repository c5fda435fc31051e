"""The values the payment service takes and gives (see :mod:`ebill_desktop.services.payments`).

All immutable, all Qt-free; amounts are :class:`~ebill_core.money.Money` in the account's
currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from ebill_core.allocation import AllocationPlan, Outstanding
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy, PaymentStatus, Tender, TenderKind
from ebill_core.protocol.payments import MAX_TENDERS
from ebill_core.receipt import Receipt, ReceiptHeader
from ebill_core.records import Bill, ExactnessPolicy

ADVANCE = "advance"  # the allocation component of money left over after every bill is paid
# Cash of this amount or more is refused in one payment (India: Rs 2 lakh, section 269ST).
CASH_CEILING = Money(2_00_000_00, "INR")


class PaymentError(ValueError):
    """A payment action that cannot be done; ``message`` is for the cashier. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccountNotFoundError(PaymentError):
    """No cached account has that number."""


class ReceiptNotFoundError(PaymentError):
    """No payment of this counter has that receipt number."""


class PaymentRefusedError(PaymentError):
    """The payment as entered cannot be taken; ``problems`` lists every reason, in order."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class CounterSetup:
    """Who takes the money: the receipt-number prefix and the receipt header of this counter.

    ``branch`` (4 digits) and ``terminal`` (3 digits) make the receipt numbers
    (:class:`~ebill_core.receipt_number.ReceiptNumber`); see
    :func:`ebill_desktop.services.payment_setup.counter_setup`.
    """

    branch: str
    terminal: str
    header: ReceiptHeader
    tz: tzinfo  # the counter's time zone: receipts show local time, "today" is local


@dataclass(frozen=True, slots=True)
class PaymentRules:
    """The counter's payment rules that are configuration, not data from head office."""

    cash_ceiling: Money = CASH_CEILING  # cash of this or more is refused in one payment
    stale_after_months: int = 3  # cheques and drafts older than this are stale
    max_tenders: int = MAX_TENDERS
    # Used only while head office has sent no offline policy (a demo that never synced).
    fallback_offline_policy: OfflinePolicy | None = None


@dataclass(frozen=True, slots=True)
class TenderInput:
    """One instrument as the cashier entered it.

    ``amount`` is what the tender pays. For cash, ``tendered`` is what was handed over (at least
    ``amount``; None means exactly ``amount``). ``instrument_date`` may be the text typed
    (``DD/MM/YYYY`` or ``YYYY-MM-DD``). Card and UPI tenders name the payment-terminal request
    that authorised them (``card_request_id``); their details come from that request.
    """

    kind: TenderKind
    amount: Money
    tendered: Money | None = None
    reference: str | None = None  # cheque/draft/postal order number, bank transfer UTR
    bank: str | None = None
    bank_branch: str | None = None
    ifsc: str | None = None
    instrument_date: date | str | None = None
    card_request_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the cashier wants to take: ``amount`` in ``tenders``, for the chosen bills.

    ``bills`` are bill numbers of the draft's open bills; None means all of them (the default
    the payment view starts with). The tenders' amounts must add up to ``amount``.
    """

    amount: Money
    tenders: tuple[TenderInput, ...]
    bills: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class DraftBill:
    """An open bill as the payment view shows it, in the version seen when the view opened.

    ``outstanding`` is what it still owes today (late surcharge included when past due, and
    less this counter's payments head office has not yet posted).
    """

    bill: Bill
    outstanding: Outstanding

    @property
    def bill_no(self) -> str:
        return self.bill.bill_no

    @property
    def version(self) -> int:
        return self.bill.version


@dataclass(frozen=True, slots=True)
class OfflineStanding:
    """The offline policy as it applies now: what the cashier is shown while offline.

    ``used`` is this counter's offline payments head office has not yet answered. ``refusal``
    says why no payment can be taken offline at all (no policy; too long since the last sync).
    """

    policy: OfflinePolicy | None
    last_sync: datetime | None
    hours_since_sync: float | None
    used: Money
    refusal: str | None = None

    @property
    def room(self) -> Money | None:
        """How much more may be taken offline (None without a policy)."""
        if self.policy is None:
            return None
        return self.policy.max_total_offline - self.used


@dataclass(frozen=True, slots=True)
class PaymentDraft:
    """An open payment view: made by :meth:`PaymentService.open`, never written until confirm.

    ``payment_id`` is the UUID made now: confirming the same draft twice takes one payment.
    ``total_due`` is what all the open bills owe today. ``offline`` is decided when the view
    opens; ``offline_standing`` is set only for an offline draft.
    """

    payment_id: str
    opened_at: datetime  # UTC
    business_date: date  # the counter's local date when opened: due dates are judged by it
    operator: str
    account_no: str
    consumer_name: str
    masked_mobile: str
    category_name: str
    policy: ExactnessPolicy
    currency: str
    bills: tuple[DraftBill, ...]
    total_due: Money
    offline: bool
    warnings: tuple[str, ...] = ()
    offline_standing: OfflineStanding | None = None
    # Head office's cheque bar on the account (why, and the counter's local date since when):
    # cheques and demand drafts are refused while it is set (services/tender_rules.py).
    cheque_barred: str | None = None
    cheque_barred_since: date | None = None

    def bill(self, bill_no: str) -> DraftBill | None:
        return next((b for b in self.bills if b.bill_no == bill_no), None)


@dataclass(frozen=True, slots=True)
class PaymentPreview:
    """Where the money would go, and what stops it being taken (``problems``, empty when none).

    ``plan`` is None when the amount cannot be allocated (``problems`` says why).
    ``balance_after`` is what the whole account would still owe (negative: credit).
    ``remaining`` is ``amount`` less the tenders' amounts (positive: still to tender).
    """

    amount: Money
    amount_due: Money  # what the chosen bills owe
    plan: AllocationPlan | None
    balance_after: Money
    tendered: Money  # sum of the tenders' amounts
    remaining: Money
    change: Money  # cash to give back
    problems: tuple[str, ...]
    tenders: tuple[Tender, ...] = ()  # as the protocol carries them (empty with problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def advance(self) -> Money:
        return Money.zero(self.amount.currency) if self.plan is None else self.plan.advance


@dataclass(frozen=True, slots=True)
class AllocationRecord:
    """A stored allocation: ``amount`` to ``component`` of a bill, or advance (no bill)."""

    bill_no: str | None
    bill_version: int | None
    component: str  # Component value or "advance"
    amount: Money


@dataclass(frozen=True, slots=True)
class ReceiptState:
    """Where a receipt stands: printed at all, tries, the last error, reprints issued."""

    receipt_no: str
    printed: bool
    print_attempts: int
    last_error: str | None
    reprint_count: int


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """A payment taken at this counter, as stored."""

    payment_id: str
    terminal_seq: int
    receipt_no: str
    account_no: str
    operator: str
    taken_at: datetime  # UTC
    amount: Money
    amount_due: Money
    balance_after: Money
    change: Money
    offline: bool
    state: str  # "taken" or "void"
    central_status: PaymentStatus | None  # head office's answer, None until it answers
    tenders: tuple[Tender, ...]
    allocations: tuple[AllocationRecord, ...]
    receipt: ReceiptState

    @property
    def synced(self) -> bool:
        """Head office has answered for it (posted, suspense, or put on attention)."""
        return self.central_status is not None


@dataclass(frozen=True, slots=True)
class CommittedPayment:
    """A committed payment and its receipt (the original copy, or the reprint asked for)."""

    payment: PaymentRecord
    receipt: Receipt
    warnings: tuple[str, ...] = field(default=())
