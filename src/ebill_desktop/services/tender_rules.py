"""Checking the tenders of a payment, and turning them into the protocol's :class:`Tender`.

Pure: every rule here reads only the tenders, the counter's :class:`PaymentRules`, whether the
payment is taken offline and today's date. Each broken rule adds one sentence for the cashier;
nothing stops at the first, so the payment view can show them all.

* at least one tender, at most ``rules.max_tenders``; every amount more than zero, in the
  account's currency;
* cash: what was handed over is at least what it pays (the rest is change); all cash together
  stays below ``rules.cash_ceiling`` (at or above it is refused);
* cheque and demand draft: a 6-digit number, the bank, the date (not post-dated, not stale); an
  IFSC when given must have an IFSC's shape;
* postal order: its number and date; bank transfer: the UTR and its date;
* card and UPI: refused offline (they need a live authoriser); online they are taken only
  from the payment terminal's approved request for this payment, for the same amount
  (see :mod:`ebill_desktop.services.card_tenders`);
* cheque and demand draft of a cheque-barred account (a cheque of it bounced: head office's
  bar comes down the change feed): refused with the bar's date and reason
  (:func:`cheque_bar_refusal`); cash and the other tenders are still taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ebill_core.formatting import format_money
from ebill_core.instruments import (
    InstrumentKind,
    InstrumentRefused,
    check_instrument_date,
    normal_ifsc,
    normal_instrument_number,
    parse_instrument_date,
)
from ebill_core.money import Money, total
from ebill_core.protocol import ONLINE_ONLY_TENDERS, Tender, TenderKind
from ebill_desktop.services.card_tenders import card_tender
from ebill_desktop.services.payment_types import PaymentRules, TenderInput

if TYPE_CHECKING:
    from ebill_desktop.payment_terminals.pending import CardRequest

__all__ = ["CHEQUE_BARRED_KINDS", "TenderCheck", "check_tenders", "cheque_bar_refusal"]

MAX_TEXT = 100  # bank and branch names (the protocol's limit)
_KIND_NAMES = {
    TenderKind.CASH: "Cash",
    TenderKind.CHEQUE: "Cheque",
    TenderKind.DEMAND_DRAFT: "Demand draft",
    TenderKind.POSTAL_ORDER: "Postal order",
    TenderKind.CARD: "Card",
    TenderKind.UPI: "UPI",
    TenderKind.BANK_TRANSFER: "Bank transfer",
}


# What a cheque bar refuses: instruments that can bounce the same way.
CHEQUE_BARRED_KINDS = frozenset((TenderKind.CHEQUE, TenderKind.DEMAND_DRAFT))


def cheque_bar_refusal(reason: str, since: date | None) -> str:
    """The sentence the cashier reads for a cheque-barred account (``since``: local date)."""
    when = "" if since is None else f" since {since:%d/%m/%Y}"
    return f"Cheques are not accepted for this account{when}: {reason}."


@dataclass(frozen=True, slots=True)
class TenderCheck:
    """The tenders as the protocol carries them (when every rule held), and what broke."""

    tenders: tuple[Tender, ...]
    paid: Money  # the tenders' amounts together
    change: Money  # cash given back
    problems: tuple[str, ...]


def check_tenders(
    inputs: tuple[TenderInput, ...],
    currency: str,
    rules: PaymentRules,
    *,
    offline: bool,
    today: date,
    payment_id: str = "",
    cards: Mapping[str, CardRequest] | None = None,
    cheque_refusal: str | None = None,
) -> TenderCheck:
    """Check ``inputs`` for payment ``payment_id`` in ``currency`` (see the module's rules).

    ``cards`` are the stored payment-terminal requests the card and UPI tenders name.
    ``cheque_refusal``: why this account's cheques and drafts are refused (None: they are not).
    """
    context = _Context(currency, rules, offline, today, payment_id, cards or {}, cheque_refusal)
    problems: list[str] = []
    if not inputs:
        problems.append("Add a tender: how is the consumer paying?")
    if len(inputs) > rules.max_tenders:
        problems.append(f"A payment has at most {rules.max_tenders} tenders.")
    tenders: list[Tender] = []
    for number, given in enumerate(inputs[: rules.max_tenders + 1], start=1):
        label = f"{_KIND_NAMES.get(given.kind, 'Tender')} (tender {number})"
        tender, found = _one(given, context)
        problems.extend(f"{label}: {problem}" for problem in found)
        if tender is not None:
            tenders.append(tender)
    zero = Money.zero(currency)
    cash = [t for t in tenders if t.kind is TenderKind.CASH]
    problems.extend(_cash_ceiling(cash, rules))
    good = not problems
    paid = total([t.amount for t in tenders], currency) if good else _paid(inputs, currency)
    change = total([t.change or zero for t in cash], currency)
    return TenderCheck(tuple(tenders) if good else (), paid, change, tuple(problems))


def _paid(inputs: tuple[TenderInput, ...], currency: str) -> Money:
    """What the tenders would pay, counting only amounts in the payment's currency."""
    amounts = [t.amount for t in inputs if isinstance(t.amount, Money)]
    return total([a for a in amounts if a.currency == currency], currency)


@dataclass(frozen=True, slots=True)
class _Context:
    currency: str
    rules: PaymentRules
    offline: bool
    today: date
    payment_id: str
    cards: Mapping[str, CardRequest]
    cheque_refusal: str | None


def _one(given: TenderInput, context: _Context) -> tuple[Tender | None, list[str]]:
    if not isinstance(given.kind, TenderKind):
        return None, [f"unknown kind of tender {given.kind!r}."]
    if context.cheque_refusal is not None and given.kind in CHEQUE_BARRED_KINDS:
        return None, [context.cheque_refusal]  # nothing else about it matters
    problems = _amount_problems(given, context.currency)
    if given.kind in ONLINE_ONLY_TENDERS:
        tender, found = card_tender(
            given, payment_id=context.payment_id, offline=context.offline, cards=context.cards
        )
        problems.extend(found)
        return (None if problems else tender), problems
    tender = None
    try:
        if given.kind is TenderKind.CASH:
            tender = _cash(given, context.currency, problems)
        else:
            tender = _instrument(given, context.rules, context.today)
    except InstrumentRefused as refused:
        problems.append(refused.message)
    return (None if problems else tender), problems


def _amount_problems(given: TenderInput, currency: str) -> list[str]:
    if not isinstance(given.amount, Money):
        return ["the amount is missing."]
    if given.amount.currency != currency:
        return [f"the amount is in {given.amount.currency}; this account pays in {currency}."]
    if given.amount.minor <= 0:
        return ["the amount must be more than zero."]
    return []


def _cash(given: TenderInput, currency: str, problems: list[str]) -> Tender | None:
    tendered = given.tendered
    if tendered is not None:
        if not isinstance(tendered, Money) or tendered.currency != currency:
            problems.append(f"the cash handed over must be an amount in {currency}.")
            return None
        if problems:
            return None
        if tendered < given.amount:
            problems.append(
                f"{format_money(tendered)} handed over is less than the "
                f"{format_money(given.amount)} it pays."
            )
            return None
    if problems:
        return None
    return Tender(TenderKind.CASH, given.amount, tendered=tendered or given.amount)


def _instrument(given: TenderInput, rules: PaymentRules, today: date) -> Tender:
    kind = InstrumentKind(given.kind.value)
    number = normal_instrument_number(kind, given.reference or "")
    if given.instrument_date is None or given.instrument_date == "":
        raise InstrumentRefused("enter the date written on it.")
    dated = (
        given.instrument_date
        if isinstance(given.instrument_date, date)
        else parse_instrument_date(given.instrument_date)
    )
    check_instrument_date(kind, dated, today, stale_after_months=rules.stale_after_months)
    bank = _text(given.bank, "bank")
    if kind in (InstrumentKind.CHEQUE, InstrumentKind.DEMAND_DRAFT) and bank is None:
        raise InstrumentRefused("enter the bank it is drawn on.")
    ifsc = None if not (given.ifsc or "").strip() else normal_ifsc(given.ifsc or "")
    return Tender(
        kind=given.kind,
        amount=given.amount,
        reference=number,
        bank=bank,
        instrument_date=dated,
        bank_branch=_text(given.bank_branch, "branch"),
        ifsc=ifsc,
    )


def _text(value: str | None, what: str) -> str | None:
    cleaned = " ".join((value or "").split())
    if len(cleaned) > MAX_TEXT:
        raise InstrumentRefused(f"the {what} name is longer than {MAX_TEXT} characters.")
    return cleaned or None


def _cash_ceiling(cash: list[Tender], rules: PaymentRules) -> list[str]:
    if not cash:
        return []
    ceiling = rules.cash_ceiling
    if ceiling.currency != cash[0].amount.currency:
        return [
            f"The cash ceiling is set in {ceiling.currency}, this payment is in "
            f"{cash[0].amount.currency}: cash cannot be taken until the setting is fixed."
        ]
    taken = total([t.amount for t in cash], ceiling.currency)
    if taken >= ceiling:
        return [
            f"Cash of {format_money(ceiling)} or more cannot be taken in one payment "
            f"({format_money(taken)} entered): take the rest by cheque, draft or bank transfer."
        ]
    return []
