"""Payments going up, terminal to central: one message per payment, sent in batches.

A payment carries the UUID made when it was taken (the idempotency key) and the terminal's own
gap-free sequence number; its tenders (what was handed over) and allocations (which bills it
pays) are separate lists. The server answers each item by its UUID.

Decoding is strict, and checks what must hold in any payment a terminal makes: at least one
tender, every amount positive and in one currency, allocations adding up to no more than the
tenders and naming each bill once.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ebill_core.money import Money, total
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import (
    Fields,
    int_value,
    money_wire,
    opt_date_wire,
    text_value,
)
from ebill_core.protocol.records import (
    _FAST_ERRORS,
    _I64,
    _int,
    _money,
    _opt_day,
    _opt_money,
    _opt_txt,
    _shape,
    _Slow,
    _txt,
)

MAX_BATCH = 500  # payments in one upload
MAX_TENDERS = 10
MAX_ALLOCATIONS = 50


class TenderKind(StrEnum):
    CASH = "cash"
    CHEQUE = "cheque"
    DEMAND_DRAFT = "demand_draft"
    POSTAL_ORDER = "postal_order"
    CARD = "card"
    UPI = "upi"
    BANK_TRANSFER = "bank_transfer"  # NEFT/RTGS recorded at the counter by its UTR


# Tenders that need a live authoriser (the payment terminal or UPI switch): never taken offline.
ONLINE_ONLY_TENDERS = frozenset({TenderKind.CARD, TenderKind.UPI})


class PaymentStatus(StrEnum):
    """What the server did with one uploaded payment (a resend gets the first answer again)."""

    POSTED = "posted"  # posted to its account (flags say if part of it became credit)
    SUSPENSE = "suspense"  # the account is unknown: held in suspense for review
    CONFLICT = "conflict"  # the UUID or sequence number was used before for different content
    REJECTED = "rejected"  # unreadable; kept for review, not posted


@dataclass(frozen=True, slots=True)
class Tender:
    """One instrument handed over. ``amount`` is what it pays; for cash, ``tendered`` is what
    the consumer handed over (``tendered - amount`` was given back as change).

    Card details are only what may be kept: the last 4 digits, the scheme, the RRN (in
    ``reference``), the authorisation code and the payment terminal's id. Never the full number.
    """

    kind: TenderKind
    amount: Money
    reference: str | None = None  # cheque / draft / postal order no., card RRN, UPI or NEFT UTR
    bank: str | None = None
    instrument_date: date | None = None
    bank_branch: str | None = None
    ifsc: str | None = None
    tendered: Money | None = None  # cash only
    card_last4: str | None = None
    card_scheme: str | None = None
    auth_code: str | None = None
    device_id: str | None = None  # the payment terminal that authorised a card or UPI tender

    @property
    def change(self) -> Money | None:
        """Cash given back, for a cash tender that records what was handed over."""
        return None if self.tendered is None else self.tendered - self.amount


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of the payment meant for one bill, in the version the cashier saw."""

    bill_no: str
    bill_version: int
    amount: Money


@dataclass(frozen=True, slots=True)
class PaymentMessage:
    payment_id: str  # UUID, lower-case canonical form
    terminal_seq: int
    receipt_no: str
    account_no: str
    taken_at: datetime
    operator: str
    offline: bool
    tenders: tuple[Tender, ...]
    allocations: tuple[Allocation, ...] = ()

    @property
    def amount(self) -> Money:
        """What was handed over: the sum of the tenders."""
        return total(list(t.amount for t in self.tenders))


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    """The server's answer for one item of a batch (``index`` is its place in the batch)."""

    index: int
    payment_id: str | None
    status: PaymentStatus
    flags: tuple[str, ...] = ()
    error_code: str | None = None
    message: str | None = None


def payment_to_wire(payment: PaymentMessage) -> dict[str, object]:
    return {
        "payment_id": payment.payment_id,
        "terminal_seq": payment.terminal_seq,
        "receipt_no": payment.receipt_no,
        "account_no": payment.account_no,
        "taken_at": payment.taken_at.isoformat(),
        "operator": payment.operator,
        "offline": payment.offline,
        "tenders": [
            {
                "kind": t.kind.value,
                "amount": money_wire(t.amount),
                "reference": t.reference,
                "bank": t.bank,
                "instrument_date": opt_date_wire(t.instrument_date),
                **_tender_details_wire(t),
            }
            for t in payment.tenders
        ],
        "allocations": [
            {"bill_no": a.bill_no, "bill_version": a.bill_version, "amount": money_wire(a.amount)}
            for a in payment.allocations
        ],
    }


def _tender_details_wire(t: Tender) -> dict[str, object]:
    """The optional details of a tender, only those it has (older messages have none)."""
    details: dict[str, object] = {
        "bank_branch": t.bank_branch,
        "ifsc": t.ifsc,
        "tendered": None if t.tendered is None else money_wire(t.tendered),
        "card_last4": t.card_last4,
        "card_scheme": t.card_scheme,
        "auth_code": t.auth_code,
        "device_id": t.device_id,
    }
    return {k: v for k, v in details.items() if v is not None}


def payment_id_from_wire(value: object, path: str) -> str:
    """A payment UUID in canonical lower-case form."""
    text = text_value(value, path, max_len=36, min_len=1)
    try:
        canonical = str(uuid.UUID(text))
    except ValueError:
        raise ProtocolError(path, "expected a UUID") from None
    if canonical != text.lower():
        raise ProtocolError(path, "expected a UUID in the form 8-4-4-4-12")
    return canonical


def _tender_from_wire(value: object, path: str) -> Tender:
    f = Fields(value, path)
    tender = Tender(
        kind=f.choice("kind", TenderKind),
        amount=f.money("amount"),
        reference=f.opt_text("reference", max_len=64),
        bank=f.opt_text("bank", max_len=100),
        instrument_date=f.opt_day("instrument_date"),
        bank_branch=f.opt_text("bank_branch", max_len=100),
        ifsc=f.opt_text("ifsc", max_len=11),
        tendered=f.opt_money("tendered"),
        card_last4=f.opt_text("card_last4", max_len=4),
        card_scheme=f.opt_text("card_scheme", max_len=20),
        auth_code=f.opt_text("auth_code", max_len=12),
        device_id=f.opt_text("device_id", max_len=40),
    )
    f.done()
    if tender.amount.minor <= 0:
        raise ProtocolError(f.at("amount"), "a tender is more than zero")
    _check_tender_details(tender, f)
    return tender


def _check_tender_details(tender: Tender, f: Fields) -> None:
    """What only some tenders carry, and what no message may carry (a full card number)."""
    if tender.tendered is not None:
        if tender.kind is not TenderKind.CASH:
            raise ProtocolError(f.at("tendered"), "only cash records what was tendered")
        if tender.tendered.currency != tender.amount.currency or tender.tendered < tender.amount:
            raise ProtocolError(f.at("tendered"), "cash tendered is at least the amount it pays")
    if tender.card_last4 is not None and not (
        len(tender.card_last4) == 4 and tender.card_last4.isascii() and tender.card_last4.isdigit()
    ):
        raise ProtocolError(f.at("card_last4"), "expected the last 4 digits of the card")
    card_fields = (tender.card_last4, tender.card_scheme, tender.auth_code)
    if tender.kind is not TenderKind.CARD and any(v is not None for v in card_fields):
        raise ProtocolError(f.at("kind"), "card details belong to a card tender only")


def _allocation_from_wire(value: object, path: str) -> Allocation:
    f = Fields(value, path)
    allocation = Allocation(
        bill_no=f.text("bill_no", max_len=40, min_len=1),
        bill_version=f.integer("bill_version", low=1),
        amount=f.money("amount"),
    )
    f.done()
    if allocation.amount.minor <= 0:
        raise ProtocolError(f.at("amount"), "an allocation is more than zero")
    return allocation


def payment_from_wire(value: object, path: str = "") -> PaymentMessage:
    """A :class:`PaymentMessage`, checked strictly (see the module's notes)."""
    f = Fields(value, path)
    payment = PaymentMessage(
        payment_id=payment_id_from_wire(f.raw("payment_id"), f.at("payment_id")),
        terminal_seq=f.integer("terminal_seq", low=1),
        receipt_no=f.text("receipt_no", max_len=40, min_len=1),
        account_no=f.text("account_no", max_len=40, min_len=1),
        taken_at=f.moment("taken_at"),
        operator=f.text("operator", max_len=64, min_len=1),
        offline=f.boolean("offline"),
        tenders=tuple(
            _tender_from_wire(v, p) for p, v in f.items("tenders", max_items=MAX_TENDERS)
        ),
        allocations=tuple(
            _allocation_from_wire(v, p)
            for p, v in f.items("allocations", max_items=MAX_ALLOCATIONS)
        ),
    )
    f.done()
    if not payment.tenders:
        raise ProtocolError(f.at("tenders"), "a payment has at least one tender")
    amounts = [t.amount for t in payment.tenders] + [a.amount for a in payment.allocations]
    if len({a.currency for a in amounts}) != 1:
        raise ProtocolError(path, "all amounts of a payment are in one currency")
    allocated = total([a.amount for a in payment.allocations], payment.amount.currency)
    if allocated > payment.amount:
        raise ProtocolError(f.at("allocations"), "allocations add up to more than the tenders")
    bills = [a.bill_no for a in payment.allocations]
    if len(set(bills)) != len(bills):
        raise ProtocolError(f.at("allocations"), "a bill is named more than once")
    return payment


def payment_batch_items(value: object) -> list[object]:
    """The items of an upload ``{"payments": [...]}``; each is decoded on its own."""
    f = Fields(value)
    items = [item for _, item in f.items("payments", max_items=MAX_BATCH)]
    f.done()
    if not items:
        raise ProtocolError("payments", "an upload has at least one payment")
    return items


def outcome_to_wire(outcome: PaymentOutcome) -> dict[str, object]:
    return {
        "index": outcome.index,
        "payment_id": outcome.payment_id,
        "status": outcome.status.value,
        "flags": list(outcome.flags),
        "error": None
        if outcome.error_code is None
        else {"code": outcome.error_code, "message": outcome.message or ""},
    }


def outcome_from_wire(value: object, path: str = "") -> PaymentOutcome:
    f = Fields(value, path)
    index = f.integer("index", low=0, high=MAX_BATCH - 1)
    raw_id = f.optional("payment_id")
    payment_id = None if raw_id is None else payment_id_from_wire(raw_id, f.at("payment_id"))
    status = f.choice("status", PaymentStatus)
    flags = [text_value(v, p, max_len=60, min_len=1) for p, v in f.items("flags", max_items=20)]
    error = f.optional("error")
    f.done()
    code = message = None
    if error is not None:
        e = Fields(error, f.at("error"))
        code, message = e.text("code", min_len=1, max_len=60), e.text("message")
        e.done()
    return PaymentOutcome(index, payment_id, status, tuple(flags), code, message)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The answer to an upload: one outcome per item, and the terminal's sequence gaps.

    ``gaps`` are inclusive ranges of the terminal's sequence numbers the server has not
    received, below the highest it has: what the terminal should still have in its outbox.
    """

    outcomes: tuple[PaymentOutcome, ...]
    gaps: tuple[tuple[int, int], ...]


def batch_result_to_wire(result: BatchResult) -> dict[str, object]:
    return {
        "results": [outcome_to_wire(o) for o in result.outcomes],
        "gaps": [[low, high] for low, high in result.gaps],
    }


def batch_result_from_wire(value: object) -> BatchResult:
    """An upload's answer, checked strictly."""
    f = Fields(value)
    outcomes = tuple(outcome_from_wire(v, p) for p, v in f.items("results", max_items=MAX_BATCH))
    gaps: list[tuple[int, int]] = []
    for gap_path, gap in f.items("gaps", max_items=1000):
        if not isinstance(gap, list) or len(gap) != 2:
            raise ProtocolError(gap_path, "a gap is [first, last]")
        low = int_value(gap[0], f"{gap_path}[0]", low=1, high=2**63 - 1)
        high = int_value(gap[1], f"{gap_path}[1]", low=low, high=2**63 - 1)
        gaps.append((low, high))
    f.done()
    return BatchResult(outcomes, tuple(gaps))


# -- a fast decoder for the usual upload ---------------------------------------------------------
#
# The server reads every uploaded payment; the strict reader above spends most of its time naming
# paths and tracking fields (a Fields object per payment, tender, allocation and amount). The
# fast path below checks the same rules with tight code for the shape a terminal sends (every
# payment and allocation field present, a tender's optional details present or absent, nothing
# else). Anything it does not accept itself -- a wrong type, a value out of range, an upper-case
# UUID, any broken rule -- hands the value to the strict reader, which either accepts it or
# raises the same ProtocolError (path and reason) it always raised. So the fast path is never
# more lenient: tests/core/test_protocol_payments_fast.py holds both to the same verdicts.

_PAYMENT_KEYS = frozenset(
    [
        "payment_id",
        "terminal_seq",
        "receipt_no",
        "account_no",
        "taken_at",
        "operator",
        "offline",
        "tenders",
        "allocations",
    ]
)
_TENDER_KEYS = frozenset(
    [
        "kind",
        "amount",
        "reference",
        "bank",
        "instrument_date",
        "bank_branch",
        "ifsc",
        "tendered",
        "card_last4",
        "card_scheme",
        "auth_code",
        "device_id",
    ]
)
_ALLOCATION_KEYS = frozenset(("bill_no", "bill_version", "amount"))
_TENDER_KINDS = {kind.value: kind for kind in TenderKind}
# The canonical form only: str(uuid.UUID(text)) == text, so the strict reader returns it as is.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DIGITS = frozenset("0123456789")


def _fast_moment(value: object) -> datetime:
    if type(value) is not str or len(value) > 40 or "\x00" in value:
        raise _Slow
    moment = datetime.fromisoformat(value)  # ValueError: the strict reader words it
    if moment.tzinfo is None:
        raise _Slow
    return moment


def _fast_tender(value: object) -> Tender:
    if type(value) is not dict or "amount" not in value or not value.keys() <= _TENDER_KEYS:
        raise _Slow  # a missing "kind" is a KeyError below: also the strict path
    get = value.get
    kind = _TENDER_KINDS[value["kind"]]  # KeyError (or TypeError if unhashable): strict path
    amount = _money(value["amount"])
    tendered = _opt_money(get("tendered"))
    card_last4 = _opt_txt(get("card_last4"), 4)
    card_scheme = _opt_txt(get("card_scheme"), 20)
    auth_code = _opt_txt(get("auth_code"), 12)
    if amount.minor <= 0:
        raise _Slow
    if tendered is not None and (
        kind is not TenderKind.CASH
        or tendered.currency != amount.currency
        or tendered.minor < amount.minor
    ):
        raise _Slow
    if card_last4 is not None and (len(card_last4) != 4 or not _DIGITS.issuperset(card_last4)):
        raise _Slow
    if kind is not TenderKind.CARD and not (card_last4 is card_scheme is auth_code is None):
        raise _Slow
    return Tender(
        kind=kind,
        amount=amount,
        reference=_opt_txt(get("reference"), 64),
        bank=_opt_txt(get("bank"), 100),
        instrument_date=_opt_day(get("instrument_date")),
        bank_branch=_opt_txt(get("bank_branch"), 100),
        ifsc=_opt_txt(get("ifsc"), 11),
        tendered=tendered,
        card_last4=card_last4,
        card_scheme=card_scheme,
        auth_code=auth_code,
        device_id=_opt_txt(get("device_id"), 40),
    )


def _fast_allocation(value: object) -> Allocation:
    d = _shape(value, _ALLOCATION_KEYS)
    amount = _money(d["amount"])
    if amount.minor <= 0:
        raise _Slow
    return Allocation(_txt(d["bill_no"], 40, 1), _int(d["bill_version"], 1, _I64), amount)


def _fast_list(value: object, max_items: int) -> list[object]:
    if type(value) is not list or len(value) > max_items:
        raise _Slow
    return value


def _fast_payment(value: object) -> PaymentMessage:
    d = _shape(value, _PAYMENT_KEYS)
    payment_id = d["payment_id"]
    if type(payment_id) is not str or not _CANONICAL_UUID.fullmatch(payment_id):
        raise _Slow
    offline = d["offline"]
    if type(offline) is not bool:
        raise _Slow
    tenders = tuple([_fast_tender(v) for v in _fast_list(d["tenders"], MAX_TENDERS)])
    allocations = tuple(
        [_fast_allocation(v) for v in _fast_list(d["allocations"], MAX_ALLOCATIONS)]
    )
    if not tenders:
        raise _Slow
    currency = tenders[0].amount.currency
    if any(t.amount.currency != currency for t in tenders) or any(
        a.amount.currency != currency for a in allocations
    ):
        raise _Slow
    if sum(a.amount.minor for a in allocations) > sum(t.amount.minor for t in tenders):
        raise _Slow
    if len({a.bill_no for a in allocations}) != len(allocations):
        raise _Slow
    return PaymentMessage(
        payment_id=payment_id,
        terminal_seq=_int(d["terminal_seq"], 1, _I64),
        receipt_no=_txt(d["receipt_no"], 40, 1),
        account_no=_txt(d["account_no"], 40, 1),
        taken_at=_fast_moment(d["taken_at"]),
        operator=_txt(d["operator"], 64, 1),
        offline=offline,
        tenders=tenders,
        allocations=allocations,
    )


def payment_from_wire_fast(value: object, path: str = "") -> PaymentMessage:
    """Same as :func:`payment_from_wire` (same payments, same refusals), checked by a tight
    path first; the strict reader decides whenever the tight path does not accept the value."""
    try:
        return _fast_payment(value)
    except _FAST_ERRORS:
        return payment_from_wire(value, path)
