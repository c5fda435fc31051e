"""A receipt kept as JSON text in ``receipts.body_json``: made once at commit, read for reprints.

What the consumer was handed must be what a reprint shows, even after the bills or the
consumer's name change in the cache, so the receipt is stored whole when the payment is taken.
Only what changes later is left out and supplied on reading: the status (PROVISIONAL until head
office posts the payment), the central reference and which copy is printed.
Money is ``[minor, currency]``; dates and moments are ISO text.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_core.receipt import (
    Receipt,
    ReceiptAllocation,
    ReceiptBill,
    ReceiptCopy,
    ReceiptHeader,
    ReceiptStatus,
    ReceiptTender,
)

__all__ = ["receipt_from_json", "receipt_to_json"]


def _money(m: Money | None) -> list[object] | None:
    return None if m is None else [m.minor, m.currency]


def _to_money(value: Any) -> Money:
    return Money(int(value[0]), str(value[1]))


def _opt_money(value: Any) -> Money | None:
    return None if value is None else _to_money(value)


def _opt_day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def receipt_to_json(receipt: Receipt) -> str:
    """The stored form of ``receipt`` (status, central reference and copy left out)."""
    h = receipt.header
    body = {
        "header": [h.utility_name, h.tax_registration, h.office, h.counter, h.helpline],
        "receipt_no": receipt.receipt_no,
        "payment_id": receipt.payment_id,
        "taken_at": receipt.taken_at.isoformat(),
        "cashier": receipt.cashier,
        "account_no": receipt.account_no,
        "consumer_name": receipt.consumer_name,
        "masked_mobile": receipt.masked_mobile,
        "bills": [
            [
                b.bill_no,
                b.period_start.isoformat(),
                b.period_end.isoformat(),
                b.due_date.isoformat(),
                _money(b.amount_due),
            ]
            for b in receipt.bills
        ],
        "amount_due": _money(receipt.amount_due),
        "amount_paid": _money(receipt.amount_paid),
        "amount_in_words": receipt.amount_in_words,
        "allocations": [[a.label, a.bill_no, _money(a.amount)] for a in receipt.allocations],
        "balance_after": _money(receipt.balance_after),
        "tenders": [_tender(t) for t in receipt.tenders],
        "taken_offline": receipt.taken_offline,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _tender(t: ReceiptTender) -> dict[str, object]:
    return {
        "kind": t.kind.value,
        "amount": _money(t.amount),
        "reference": t.reference,
        "bank": t.bank,
        "bank_branch": t.bank_branch,
        "instrument_date": None if t.instrument_date is None else t.instrument_date.isoformat(),
        "tendered": _money(t.tendered),
        "change": _money(t.change),
        "card_last4": t.card_last4,
        "card_scheme": t.card_scheme,
        "auth_code": t.auth_code,
    }


def receipt_from_json(
    text: str,
    *,
    status: ReceiptStatus,
    central_reference: str | None = None,
    copy: ReceiptCopy | None = None,
    taken_offline: bool | None = None,
) -> Receipt:
    """The receipt stored by :func:`receipt_to_json`, with its current status and copy.

    Receipts stored before ``taken_offline`` was kept lack it: then ``taken_offline`` (the
    payment row's ``offline`` flag, when the caller has it) is used, else False.
    """
    body = json.loads(text)
    stored_offline = body.get("taken_offline")
    offline = bool(stored_offline) if stored_offline is not None else bool(taken_offline)
    return Receipt(
        header=ReceiptHeader(*body["header"]),
        receipt_no=body["receipt_no"],
        payment_id=body["payment_id"],
        taken_at=datetime.fromisoformat(body["taken_at"]),
        cashier=body["cashier"],
        status=status,
        central_reference=central_reference,
        account_no=body["account_no"],
        consumer_name=body["consumer_name"],
        masked_mobile=body["masked_mobile"],
        bills=tuple(
            ReceiptBill(
                b[0],
                date.fromisoformat(b[1]),
                date.fromisoformat(b[2]),
                date.fromisoformat(b[3]),
                _to_money(b[4]),
            )
            for b in body["bills"]
        ),
        amount_due=_to_money(body["amount_due"]),
        amount_paid=_to_money(body["amount_paid"]),
        amount_in_words=body["amount_in_words"],
        allocations=tuple(
            ReceiptAllocation(a[0], a[1], _to_money(a[2])) for a in body["allocations"]
        ),
        balance_after=_to_money(body["balance_after"]),
        tenders=tuple(
            ReceiptTender(
                kind=TenderKind(t["kind"]),
                amount=_to_money(t["amount"]),
                reference=t["reference"],
                bank=t["bank"],
                bank_branch=t["bank_branch"],
                instrument_date=_opt_day(t["instrument_date"]),
                tendered=_opt_money(t["tendered"]),
                change=_opt_money(t["change"]),
                card_last4=t["card_last4"],
                card_scheme=t["card_scheme"],
                auth_code=t["auth_code"],
            )
            for t in body["tenders"]
        ),
        copy=copy or ReceiptCopy(),
        taken_offline=offline,
    )
