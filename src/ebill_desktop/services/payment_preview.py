"""The allocation preview: where a payment's money goes, and everything that stops it. Pure.

The same function decides what :meth:`PaymentService.confirm` accepts, so the preview the
cashier saw and the payment written can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from ebill_core.allocation import AllocationPlan, AmountNotAllowed, allocate
from ebill_core.formatting import format_money
from ebill_core.money import Money, total
from ebill_desktop.services.offline_limits import offline_problems
from ebill_desktop.services.payment_types import (
    DraftBill,
    PaymentDraft,
    PaymentPreview,
    PaymentRequest,
    PaymentRules,
)
from ebill_desktop.services.tender_rules import check_tenders, cheque_bar_refusal

if TYPE_CHECKING:
    from ebill_desktop.payment_terminals.pending import CardRequest

__all__ = ["chosen_bills", "make_preview"]


def chosen_bills(draft: PaymentDraft, request: PaymentRequest) -> tuple[list[DraftBill], list[str]]:
    """The draft's bills the request names (all when it names none), and what was wrong."""
    if request.bills is None:
        return list(draft.bills), []
    problems: list[str] = []
    names = list(request.bills)
    if len(set(names)) != len(names):
        problems.append("A bill is chosen twice.")
    unknown = [name for name in dict.fromkeys(names) if draft.bill(name) is None]
    if unknown:
        problems.append(f"Not an open bill of this account: {', '.join(unknown)}.")
    wanted = set(names)
    return [b for b in draft.bills if b.bill_no in wanted], problems


def make_preview(
    draft: PaymentDraft,
    request: PaymentRequest,
    rules: PaymentRules,
    today: date,
    cards: Mapping[str, CardRequest] | None = None,
) -> PaymentPreview:
    """The :class:`PaymentPreview` of ``request`` against ``draft`` on ``today`` (local).

    ``cards`` are the stored payment-terminal requests its card and UPI tenders name.
    """
    currency = draft.currency
    zero = Money.zero(currency)
    amount = request.amount
    problems: list[str] = []
    if not isinstance(amount, Money) or amount.currency != currency:
        problems.append(f"Enter the amount in {currency}.")
        amount = zero
    bills, bill_problems = chosen_bills(draft, request)
    problems.extend(bill_problems)
    due = total([b.outstanding.total for b in bills], currency)
    plan = _plan(draft, bills, amount, problems)
    if draft.offline and draft.offline_standing is not None:
        problems.extend(offline_problems(draft.offline_standing, amount))
    checked = check_tenders(
        tuple(request.tenders),
        currency,
        rules,
        offline=draft.offline,
        today=today,
        payment_id=draft.payment_id,
        cards=cards,
        cheque_refusal=_cheque_refusal(draft),
    )
    problems.extend(checked.problems)
    remaining = amount - checked.paid
    if not checked.problems and remaining:
        short = "still to tender" if remaining.minor > 0 else "too much tendered"
        problems.append(
            f"The tenders add up to {format_money(checked.paid)}, the amount is "
            f"{format_money(amount)} ({format_money(abs(remaining))} {short})."
        )
    return PaymentPreview(
        amount=amount,
        amount_due=due,
        plan=plan,
        balance_after=draft.total_due - amount,
        tendered=checked.paid,
        remaining=remaining,
        change=checked.change,
        problems=tuple(problems),
        tenders=() if problems else checked.tenders,
    )


def _cheque_refusal(draft: PaymentDraft) -> str | None:
    """Why the draft's account takes no cheques or drafts (None: it takes them)."""
    if draft.cheque_barred is None:
        return None
    return cheque_bar_refusal(draft.cheque_barred, draft.cheque_barred_since)


def _plan(
    draft: PaymentDraft, bills: list[DraftBill], amount: Money, problems: list[str]
) -> AllocationPlan | None:
    try:
        return allocate(
            [b.bill for b in bills], amount, policy=draft.policy, paid_on=draft.business_date
        )
    except AmountNotAllowed as refused:
        problems.append(refused.message)
    return None
