"""Which bills a payment pays, and in what order.

The order is fixed and documented for cashiers and auditors alike:

1. the **oldest bill first** (by bill date, then bill number);
2. within a bill, the **surcharge**, then the **arrears**, then the **current** charges;
3. whatever is left after every open bill is paid becomes **advance** (credit on the account).

What a bill still owes per component is derived from the bill itself: its ``surcharge`` and
``arrears`` as recorded, and as "current" the rest of ``net_payable`` (its current charges,
including any rounding the bill applied). What was already paid on the bill (``amount_paid``)
is taken off in the same order, so a part-paid bill owes its current charges last. A bill paid
after its due date also owes the late-payment surcharge (``payable_after_due - net_payable``),
counted with its surcharge, when the payment date is given.

Each consumer category has an :class:`~ebill_core.records.ExactnessPolicy`;
:func:`check_amount` refuses an amount the policy does not allow with a message the cashier can
read out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ebill_core.formatting import format_money
from ebill_core.money import CurrencyMismatchError, Money, total
from ebill_core.records import Bill, BillStatus, ExactnessPolicy

__all__ = [
    "AllocationLine",
    "AllocationPlan",
    "AmountNotAllowed",
    "Component",
    "Outstanding",
    "allocate",
    "check_amount",
    "outstanding",
    "outstanding_on_bill",
]


class Component(StrEnum):
    """A part of a bill that money is allocated to, in the order it is paid."""

    SURCHARGE = "surcharge"
    ARREARS = "arrears"
    CURRENT = "current"


_OPEN = frozenset({BillStatus.OPEN, BillStatus.PART_PAID})


class AmountNotAllowed(ValueError):  # noqa: N818 - the name the services and UI use
    """An amount the consumer's category may not pay; ``message`` is for the cashier."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Outstanding:
    """What one bill still owes, per component."""

    bill_no: str
    bill_date: date
    surcharge: Money
    arrears: Money
    current: Money

    @property
    def total(self) -> Money:
        return self.surcharge + self.arrears + self.current

    def component(self, component: Component) -> Money:
        """The amount still owed on ``component``."""
        return {
            Component.SURCHARGE: self.surcharge,
            Component.ARREARS: self.arrears,
            Component.CURRENT: self.current,
        }[component]


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """``amount`` of the payment goes to ``component`` of bill ``bill_no``."""

    bill_no: str
    component: Component
    amount: Money


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    """How a payment of ``amount`` is split: ``lines`` in payment order, then ``advance``.

    ``balance_before`` is what the open bills owed; ``balance_after`` what they still owe.
    Always ``sum(lines) + advance == amount``.
    """

    amount: Money
    lines: tuple[AllocationLine, ...]
    advance: Money
    balance_before: Money
    balance_after: Money

    @property
    def allocated(self) -> Money:
        """The part of the payment that pays bills (everything but the advance)."""
        return total([line.amount for line in self.lines], self.amount.currency)

    def to_component(self, component: Component) -> Money:
        """Total allocated to ``component`` over all bills (a receipt's allocation summary)."""
        amounts = [line.amount for line in self.lines if line.component is component]
        return total(amounts, self.amount.currency)


def outstanding_on_bill(bill: Bill, *, paid_on: date | None = None) -> Outstanding:
    """What ``bill`` still owes per component (see the module's description of the rule).

    A paid or cancelled bill owes nothing. ``paid_on`` after the bill's due date adds the late
    surcharge. A negative ``amount_paid`` raises :class:`ValueError`.
    """
    if bill.amount_paid.is_negative:
        raise ValueError(f"bill {bill.bill_no} has a negative amount paid: {bill.amount_paid}")
    zero = Money.zero(bill.net_payable.currency)
    if bill.status not in _OPEN:
        return Outstanding(bill.bill_no, bill.bill_date, zero, zero, zero)
    late = zero
    if paid_on is not None and paid_on > bill.due_date:
        late = max(bill.payable_after_due - bill.net_payable, zero)
    surcharge = bill.surcharge + late
    nominal = [surcharge, bill.arrears, bill.net_payable - bill.surcharge - bill.arrears]
    # A negative component is a credit on the bill (an advance carried as negative arrears):
    # it pays the other components as money already paid would.
    credit = total([-part for part in nominal if part.is_negative], zero.currency)
    pool = bill.amount_paid + credit
    owed: list[Money] = []
    for part in nominal:
        billed = max(part, zero)
        taken = min(billed, pool)
        pool = pool - taken
        owed.append(billed - taken)
    return Outstanding(bill.bill_no, bill.bill_date, owed[0], owed[1], owed[2])


def outstanding(bills: Iterable[Bill], *, paid_on: date | None = None) -> tuple[Outstanding, ...]:
    """The bills that still owe something, oldest first (bill date, then bill number).

    Bills must belong to one account and have distinct bill numbers (:class:`ValueError`
    otherwise). Callers pass bills whose amounts do not overlap: a bill whose unpaid amount was
    carried into a later bill's arrears is no longer open.
    """
    bills = list(bills)
    accounts = {bill.account_no for bill in bills}
    if len(accounts) > 1:
        raise ValueError(f"bills of several accounts cannot share one payment: {sorted(accounts)}")
    numbers = [bill.bill_no for bill in bills]
    if len(set(numbers)) != len(numbers):
        raise ValueError("the same bill appears twice")
    owed = (outstanding_on_bill(bill, paid_on=paid_on) for bill in bills)
    return tuple(
        sorted((o for o in owed if o.total.minor > 0), key=lambda o: (o.bill_date, o.bill_no))
    )


def check_amount(policy: ExactnessPolicy, due: Money, amount: Money) -> None:
    """Refuse ``amount`` if a category with ``policy`` may not pay it against ``due``.

    Raises :class:`AmountNotAllowed` (zero or negative amounts, and what the policy forbids,
    e.g. "This category must pay exactly ₹1,234.00"), :class:`CurrencyMismatchError` when the
    currencies differ and :class:`ValueError` for a negative ``due``.
    """
    if amount.currency != due.currency:
        raise CurrencyMismatchError(
            f"a payment in {amount.currency} cannot pay an amount due in {due.currency}"
        )
    if due.is_negative:
        raise ValueError(f"the amount due cannot be negative: {due}")
    if amount.minor <= 0:
        raise AmountNotAllowed("Enter an amount greater than zero.")
    shown = format_money(due)
    if policy is ExactnessPolicy.EXACT and amount != due:
        if not due:
            raise AmountNotAllowed("Nothing is due, and this category cannot pay in advance.")
        raise AmountNotAllowed(f"This category must pay exactly {shown}.")
    if policy is ExactnessPolicy.AT_LEAST and amount < due:
        raise AmountNotAllowed(f"This category must pay at least {shown}.")
    if policy is ExactnessPolicy.AT_MOST and amount > due:
        if not due:
            raise AmountNotAllowed("Nothing is due, and this category cannot pay in advance.")
        raise AmountNotAllowed(f"This category may pay at most {shown}.")


def allocate(
    bills: Iterable[Bill],
    amount: Money,
    *,
    policy: ExactnessPolicy,
    paid_on: date | None = None,
) -> AllocationPlan:
    """Split a payment of ``amount`` over an account's ``bills`` in the documented order.

    ``policy`` is the consumer category's exactness policy, checked first with
    :func:`check_amount`; ``paid_on`` (the payment date) adds late surcharges to bills past
    their due date. Paid and cancelled bills are skipped; money left over is ``advance``. The
    same bills and amount always give the same plan, whatever order the bills come in.
    """
    bills = list(bills)
    for bill in bills:
        if bill.net_payable.currency != amount.currency:
            raise CurrencyMismatchError(
                f"bill {bill.bill_no} is in {bill.net_payable.currency}, "
                f"the payment in {amount.currency}"
            )
    owed = outstanding(bills, paid_on=paid_on)
    due = total([o.total for o in owed], amount.currency)
    check_amount(policy, due, amount)

    lines: list[AllocationLine] = []
    left = amount
    for owing in owed:
        for component in Component:
            if not left:
                break
            paid = min(owing.component(component), left)
            if paid:
                lines.append(AllocationLine(owing.bill_no, component, paid))
                left = left - paid
    allocated = amount - left
    return AllocationPlan(
        amount=amount,
        lines=tuple(lines),
        advance=left,
        balance_before=due,
        balance_after=due - allocated,
    )
