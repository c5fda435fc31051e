"""Receipts the printing tests render: fixed values, so their bytes can be golden."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import (
    Receipt,
    ReceiptAllocation,
    ReceiptBill,
    ReceiptCopy,
    ReceiptHeader,
    ReceiptStatus,
    ReceiptTender,
)
from ebill_core.words import amount_in_words

IST = timezone(timedelta(hours=5, minutes=30))
HEADER = ReceiptHeader(
    utility_name="Dakshin Power Distribution Company Ltd",
    tax_registration="29ABCDE1234F1Z5",
    office="Jayanagar Sub-Division Office",
    counter="Counter 3",
    helpline="1912",
)


def rupees(amount: int | float) -> Money:
    return Money(round(amount * 100), "INR")


def cash_provisional() -> Receipt:
    """Offline cash with change, one bill, current + arrears."""
    paid = rupees(1234.50)
    return Receipt(
        header=HEADER,
        receipt_no="0140-012-00001234-4",
        payment_id="5f2c9a1e-7b44-4c1d-9e0a-2b6f3c8d1e77",
        taken_at=datetime(2026, 11, 23, 15, 42, tzinfo=IST),
        cashier="Lakshmi Narayan",
        status=ReceiptStatus.PROVISIONAL,
        central_reference=None,
        account_no="1100234567",
        consumer_name="Ravi Kumar Shetty",
        masked_mobile="98••••••10",
        bills=(
            ReceiptBill(
                "B2611-004512",
                date(2026, 10, 1),
                date(2026, 10, 31),
                date(2026, 11, 20),
                rupees(1234.50),
            ),
        ),
        amount_due=rupees(1234.50),
        amount_paid=paid,
        amount_in_words=amount_in_words(paid),
        allocations=(
            ReceiptAllocation("current", "B2611-004512", rupees(1034.50)),
            ReceiptAllocation("arrears", "B2611-004512", rupees(200)),
        ),
        balance_after=rupees(0),
        tenders=(
            ReceiptTender(TenderKind.CASH, paid, tendered=rupees(1500), change=rupees(265.50)),
        ),
        taken_offline=True,
    )


def split_confirmed_duplicate() -> Receipt:
    """Confirmed, two bills, cheque + card + UPI, advance, second reprint."""
    paid = rupees(25000)
    return Receipt(
        header=HEADER,
        receipt_no="0140-012-00001235-8",
        payment_id="0d6e1f2a-3b4c-4d5e-8f60-718293a4b5c6",
        taken_at=datetime(2026, 11, 23, 9, 5, tzinfo=UTC).astimezone(IST),
        cashier="Lakshmi Narayan",
        status=ReceiptStatus.CONFIRMED,
        central_reference="CP-2026-000981234",
        account_no="1100234568",
        consumer_name="Sri Venkateshwara Rice Mill and Agro Industries Private Limited",
        masked_mobile="+9••••••••10",
        bills=(
            ReceiptBill(
                "B2610-000101",
                date(2026, 9, 1),
                date(2026, 9, 30),
                date(2026, 10, 20),
                rupees(11500),
            ),
            ReceiptBill(
                "B2611-000102",
                date(2026, 10, 1),
                date(2026, 10, 31),
                date(2026, 11, 20),
                rupees(12750.75),
            ),
        ),
        amount_due=rupees(24250.75),
        amount_paid=paid,
        amount_in_words=amount_in_words(paid),
        allocations=(
            ReceiptAllocation("current", "B2610-000101", rupees(11500)),
            ReceiptAllocation("current", "B2611-000102", rupees(12500.75)),
            ReceiptAllocation("surcharge", "B2611-000102", rupees(250)),
            ReceiptAllocation("advance", None, rupees(749.25)),
        ),
        balance_after=rupees(-749.25),
        tenders=(
            ReceiptTender(
                TenderKind.CHEQUE,
                rupees(15000),
                reference="004512",
                bank="State Bank of India",
                bank_branch="Jayanagar 4th Block",
                instrument_date=date(2026, 11, 21),
            ),
            ReceiptTender(
                TenderKind.CARD,
                rupees(8000),
                reference="632711223344",
                card_scheme="VISA",
                card_last4="4242",
                auth_code="A1B2C3",
            ),
            ReceiptTender(TenderKind.UPI, rupees(2000), reference="632798765432"),
        ),
        copy=ReceiptCopy(reprint=2),
    )


def devanagari_name() -> Receipt:
    """A consumer whose name is in Devanagari (and an office name with ₹ in it)."""
    return replace(cash_provisional(), consumer_name="रमेश कुमार शर्मा")


def void_copy() -> Receipt:
    return replace(cash_provisional(), copy=ReceiptCopy(reprint=1, void=True))
