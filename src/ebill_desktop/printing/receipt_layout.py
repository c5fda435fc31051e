"""What goes on a receipt, in which order and emphasis: a list of blocks both renderers share.

The ESC/POS renderer turns the blocks into printer bytes; the text renderer into the lines a
screen shows (the virtual printer and the receipt view). Labels are laid out here once, so
paper and screen cannot drift apart. Money is formatted by the caller's function: ``Rs.`` for
a printer's code page, ``₹`` on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import Receipt, ReceiptStatus, ReceiptTender

__all__ = [
    "Align",
    "Block",
    "Cut",
    "Pair",
    "QrCode",
    "Rule",
    "Text",
    "receipt_blocks",
]


class Align(Enum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, wrapped to the paper. ``big`` is double width and height."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    big: bool = False
    invert: bool = False


@dataclass(frozen=True, slots=True)
class Pair:
    """A label on the left, a value (usually money) on the right of the same line."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A line across the paper."""

    char: str = "-"


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code the printer draws itself (ESC/POS ``GS ( k``)."""

    data: str


@dataclass(frozen=True, slots=True)
class Cut:
    """Feed past the tear bar and cut."""


Block = Text | Pair | Rule | QrCode | Cut
FormatMoney = Callable[[Money], str]

_TENDER_NAMES = {
    TenderKind.CASH: "Cash",
    TenderKind.CHEQUE: "Cheque",
    TenderKind.DEMAND_DRAFT: "Demand draft",
    TenderKind.POSTAL_ORDER: "Postal order",
    TenderKind.CARD: "Card",
    TenderKind.UPI: "UPI",
    TenderKind.BANK_TRANSFER: "Bank transfer",
}


def _day(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _header(r: Receipt) -> list[Block]:
    h = r.header
    blocks: list[Block] = [Text(h.utility_name, Align.CENTER, bold=True, big=True)]
    if h.tax_registration:
        blocks.append(Text(f"GSTIN: {h.tax_registration}", Align.CENTER))
    blocks.append(Text(h.office, Align.CENTER))
    blocks.append(Text(f"{h.counter}  Cashier: {r.cashier}", Align.CENTER))
    blocks.append(Rule("="))
    return blocks


def _identity(r: Receipt) -> list[Block]:
    blocks: list[Block] = [Text("PAYMENT RECEIPT", Align.CENTER, bold=True)]
    if r.copy.void:
        blocks.append(Text("*** VOID ***", Align.CENTER, bold=True, big=True, invert=True))
    if r.copy.duplicate:
        blocks.append(Text("DUPLICATE", Align.CENTER, bold=True, big=True))
        blocks.append(Text(f"Reprint no. {r.copy.reprint}", Align.CENTER))
    blocks += [
        Pair("Receipt no.", r.receipt_no, bold=True),
        Pair("Date", r.taken_at.strftime("%d-%m-%Y %H:%M")),
        Pair("Payment ID", r.short_payment_id),
        Rule(),
    ]
    return blocks


def _status(r: Receipt) -> list[Block]:
    if r.status is ReceiptStatus.CONFIRMED:
        blocks: list[Block] = [Text("CONFIRMED", Align.CENTER, bold=True, big=True)]
        if r.central_reference:
            blocks.append(Text(f"Ref: {r.central_reference}", Align.CENTER))
    else:
        # Offline, the consumer should know head office has not even seen the payment yet;
        # online it has been sent and only its confirmation is outstanding.
        title = "OFFLINE - PROVISIONAL" if r.taken_offline else "PROVISIONAL"
        blocks = [
            Text(title, Align.CENTER, bold=True, invert=True),
            Text("Confirmation will follow by SMS", Align.CENTER),
        ]
    return [*blocks, Rule()]


def _consumer(r: Receipt) -> list[Block]:
    blocks: list[Block] = [Pair("Account", r.account_no, bold=True), Text(r.consumer_name)]
    if r.masked_mobile:
        blocks.append(Pair("Mobile", r.masked_mobile))
    return [*blocks, Rule()]


def _bills(r: Receipt, money: FormatMoney) -> list[Block]:
    blocks: list[Block] = []
    for bill in r.bills:
        blocks += [
            Pair("Bill no.", bill.bill_no, bold=True),
            Pair("Period", f"{_day(bill.period_start)} - {_day(bill.period_end)}"),
            Pair("Due date", _day(bill.due_date)),
            Pair("Bill amount due", money(bill.amount_due)),
        ]
    return [*blocks, Rule()] if blocks else blocks


def _amounts(r: Receipt, money: FormatMoney) -> list[Block]:
    blocks: list[Block] = [
        Pair("Amount due", money(r.amount_due)),
        Pair("AMOUNT PAID", money(r.amount_paid), bold=True),
        Text(r.amount_in_words),
        Rule(),
    ]
    if r.allocations:
        blocks.append(Text("Paid towards", bold=True))
        for a in r.allocations:
            label = a.label if a.bill_no is None else f"{a.label} ({a.bill_no})"
            blocks.append(Pair(f" {label}", money(a.amount)))
    blocks += [Pair("Balance after payment", money(r.balance_after), bold=True), Rule()]
    return blocks


def _instrument(t: ReceiptTender) -> list[str]:
    """The details printed under a tender line: what identifies the instrument."""
    parts: list[str] = []
    if t.kind is TenderKind.CARD:
        card = " ".join(
            x for x in (t.card_scheme, f"xxxx{t.card_last4}" if t.card_last4 else None) if x
        )
        if card:
            parts.append(card)
        refs = [
            f"RRN {t.reference}" if t.reference else "",
            f"Auth {t.auth_code}" if t.auth_code else "",
        ]
        if any(refs):
            parts.append(" ".join(x for x in refs if x))
        return parts
    if t.reference:
        label = {TenderKind.UPI: "Ref", TenderKind.BANK_TRANSFER: "UTR"}.get(t.kind, "No.")
        parts.append(f"{label} {t.reference}")
    bank = ", ".join(x for x in (t.bank, t.bank_branch) if x)
    if bank:
        parts.append(bank)
    if t.instrument_date is not None:
        parts.append(f"Dated {_day(t.instrument_date)}")
    return parts


def _tenders(r: Receipt, money: FormatMoney) -> list[Block]:
    blocks: list[Block] = [Text("Payment by", bold=True)]
    for t in r.tenders:
        blocks.append(Pair(f" {_TENDER_NAMES[t.kind]}", money(t.amount)))
        blocks += [Text(f"   {line}") for line in _instrument(t)]
        if t.tendered is not None:
            blocks.append(Pair("   Tendered", money(t.tendered)))
    change = r.change
    if change is not None:
        blocks.append(Pair("Change given", money(change), bold=True))
    return [*blocks, Rule()]


def _footer(r: Receipt) -> list[Block]:
    blocks: list[Block] = []
    if r.copy.duplicate:
        blocks.append(Text(f"DUPLICATE - reprint {r.copy.reprint}", Align.CENTER, bold=True))
    if r.copy.void:
        blocks.append(Text("VOID - NOT A PROOF OF PAYMENT", Align.CENTER, bold=True))
    blocks += [QrCode(r.receipt_no.replace("-", "")), Text(r.receipt_no, Align.CENTER)]
    if r.header.helpline:
        blocks.append(Text(f"Helpline: {r.header.helpline}", Align.CENTER))
    blocks += [Text("Insist on a computerised receipt", Align.CENTER), Cut()]
    return blocks


def receipt_blocks(r: Receipt, money: FormatMoney) -> list[Block]:
    """Every block of ``r``'s receipt, top to bottom, ending with the cut."""
    return [
        *_header(r),
        *_identity(r),
        *_status(r),
        *_consumer(r),
        *_bills(r, money),
        *_amounts(r, money),
        *_tenders(r, money),
        *_footer(r),
    ]
