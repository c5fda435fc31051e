"""Payment allocation: oldest bill first; surcharge, arrears, current; the rest is advance."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.allocation import (
    AllocationPlan,
    AmountNotAllowed,
    Component,
    allocate,
    check_amount,
    outstanding,
    outstanding_on_bill,
)
from ebill_core.money import CurrencyMismatchError, Money, total
from ebill_core.records import Bill, BillStatus, ExactnessPolicy

ORDER = list(Component)


def bill(
    bill_no: str,
    *,
    on: date = date(2024, 1, 5),
    surcharge: int = 0,
    arrears: int = 0,
    current: int = 0,
    paid: int = 0,
    late: int = 0,
    status: BillStatus = BillStatus.OPEN,
    account_no: str = "100200300400",
    currency: str = "INR",
) -> Bill:
    net = surcharge + arrears + current
    return Bill(
        bill_no=bill_no,
        account_no=account_no,
        version=1,
        bill_date=on,
        period_start=on - timedelta(days=30),
        period_end=on - timedelta(days=1),
        due_date=on + timedelta(days=15),
        cheque_due_date=on + timedelta(days=12),
        disconnection_date=None,
        units=100,
        current_charges=Money(current, currency),
        arrears=Money(arrears, currency),
        surcharge=Money(surcharge, currency),
        net_payable=Money(net, currency),
        payable_after_due=Money(net + late, currency),
        amount_paid=Money(paid, currency),
        status=status,
    )


@st.composite
def open_bills(draw: st.DrawFn) -> list[Bill]:
    numbers = draw(st.lists(st.integers(1, 999), max_size=5, unique=True))
    result = []
    for n in numbers:
        surcharge = draw(st.integers(0, 5_000))
        arrears = draw(st.integers(-50_000, 200_000))
        current = draw(st.integers(0, 300_000))
        net = surcharge + arrears + current
        result.append(
            bill(
                f"B{n:04d}",
                on=draw(st.dates(date(2023, 1, 1), date(2024, 12, 31))),
                surcharge=surcharge,
                arrears=arrears,
                current=current,
                paid=draw(st.integers(0, max(net, 0) + 1_000)),
                late=draw(st.integers(0, 10_000)),
                status=draw(st.sampled_from(list(BillStatus))),
            )
        )
    return result


amounts = st.integers(1, 2_000_000).map(Money)


def position(
    keys: dict[str, tuple[date, str]], bill_no: str, c: Component
) -> tuple[date, str, int]:
    """Where a (bill, component) stands in the documented payment order."""
    bill_date, number = keys[bill_no]
    return (bill_date, number, ORDER.index(c))


# -- the worked example of docs/domain-core.md --------------------------------------------------


def test_worked_example() -> None:
    older = bill("B1", on=date(2024, 1, 5), surcharge=5_000, arrears=20_000, current=100_000)
    newer = bill("B2", on=date(2024, 2, 5), current=80_000)
    plan = allocate([newer, older], Money(150_000), policy=ExactnessPolicy.ANY)
    assert [(line.bill_no, line.component, line.amount.minor) for line in plan.lines] == [
        ("B1", Component.SURCHARGE, 5_000),
        ("B1", Component.ARREARS, 20_000),
        ("B1", Component.CURRENT, 100_000),
        ("B2", Component.CURRENT, 25_000),
    ]
    assert plan.advance == Money(0)
    assert plan.balance_before == Money(205_000)
    assert plan.balance_after == Money(55_000)
    assert plan.to_component(Component.CURRENT) == Money(125_000)


def test_overpayment_becomes_advance() -> None:
    plan = allocate([bill("B1", current=10_000)], Money(25_000), policy=ExactnessPolicy.ANY)
    assert plan.allocated == Money(10_000)
    assert plan.advance == Money(15_000)
    assert plan.balance_after == Money(0)


def test_no_open_bills_everything_is_advance() -> None:
    paid = bill("B1", current=10_000, paid=10_000, status=BillStatus.PAID)
    plan = allocate([paid], Money(500), policy=ExactnessPolicy.ANY)
    assert plan.lines == ()
    assert plan.advance == Money(500)
    assert plan.balance_before == Money(0)


def test_same_date_bills_go_by_bill_number() -> None:
    bills = [bill("B9", current=100), bill("B1", current=100)]
    plan = allocate(bills, Money(150), policy=ExactnessPolicy.ANY)
    assert [(line.bill_no, line.amount.minor) for line in plan.lines] == [("B1", 100), ("B9", 50)]


# -- what a bill still owes ------------------------------------------------------------------


def test_amount_paid_is_taken_off_in_the_same_order() -> None:
    owed = outstanding_on_bill(bill("B1", surcharge=100, arrears=1_000, current=5_000, paid=600))
    assert (owed.surcharge.minor, owed.arrears.minor, owed.current.minor) == (0, 500, 5_000)
    owed = outstanding_on_bill(bill("B1", surcharge=100, arrears=1_000, current=5_000, paid=1_150))
    assert (owed.surcharge.minor, owed.arrears.minor, owed.current.minor) == (0, 0, 4_950)


def test_paid_and_cancelled_bills_owe_nothing() -> None:
    for status in (BillStatus.PAID, BillStatus.CANCELLED):
        assert outstanding_on_bill(bill("B1", current=5_000, status=status)).total == Money(0)


def test_late_payment_adds_the_late_surcharge() -> None:
    late_bill = bill("B1", surcharge=100, current=5_000, late=250)
    on_time = outstanding_on_bill(late_bill, paid_on=late_bill.due_date)
    after = outstanding_on_bill(late_bill, paid_on=late_bill.due_date + timedelta(days=1))
    assert on_time.surcharge == Money(100)
    assert after.surcharge == Money(350)
    assert after.total == late_bill.payable_after_due
    assert outstanding_on_bill(late_bill).surcharge == Money(100)


def test_credit_arrears_pay_the_other_components() -> None:
    owed = outstanding_on_bill(bill("B1", surcharge=100, arrears=-300, current=1_000))
    assert (owed.surcharge.minor, owed.arrears.minor, owed.current.minor) == (0, 0, 800)


def test_negative_amount_paid_is_refused() -> None:
    with pytest.raises(ValueError, match="negative amount paid"):
        outstanding_on_bill(bill("B1", current=100, paid=-1))


@given(open_bills())
def test_outstanding_total_is_what_the_bill_says_is_outstanding(bills: list[Bill]) -> None:
    for b in bills:
        owed = outstanding_on_bill(b)
        is_open = b.status in (BillStatus.OPEN, BillStatus.PART_PAID)
        expected = max(b.outstanding, Money(0)) if is_open else Money(0)
        assert owed.total == expected
        assert min(owed.surcharge, owed.arrears, owed.current) >= Money(0)


# -- properties of every plan --------------------------------------------------------------------


@given(open_bills(), amounts)
def test_plan_properties(bills: list[Bill], amount: Money) -> None:
    plan = allocate(bills, amount, policy=ExactnessPolicy.ANY)
    owed = {o.bill_no: o for o in outstanding(bills)}
    keys = {o.bill_no: (o.bill_date, o.bill_no) for o in owed.values()}

    # Every paisa is accounted for, and the balance moves by what paid bills.
    assert total([line.amount for line in plan.lines]) + plan.advance == amount
    assert plan.balance_before == total([o.total for o in owed.values()])
    assert plan.balance_after == plan.balance_before - plan.allocated
    assert plan.advance >= Money(0) and plan.balance_after >= Money(0)
    assert not (plan.advance and plan.balance_after), "advance only once every bill is paid"

    # No line is empty or more than was owed on its component.
    for line in plan.lines:
        assert Money(0) < line.amount <= owed[line.bill_no].component(line.component)

    # Order: strictly by (bill date, bill no, component), and greedy: everything before the last
    # line is paid in full.
    positions = [position(keys, line.bill_no, line.component) for line in plan.lines]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    if plan.lines:
        last = positions[-1]
        paid = {(line.bill_no, line.component): line.amount for line in plan.lines}
        for o in owed.values():
            for c in Component:
                if position(keys, o.bill_no, c) < last and o.component(c):
                    assert paid.get((o.bill_no, c)) == o.component(c)


@given(open_bills(), amounts, st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_the_order_bills_arrive(
    bills: list[Bill], amount: Money, rng: random.Random
) -> None:
    shuffled = list(bills)
    rng.shuffle(shuffled)
    first = allocate(bills, amount, policy=ExactnessPolicy.ANY)
    assert allocate(shuffled, amount, policy=ExactnessPolicy.ANY) == first
    assert isinstance(first, AllocationPlan)


@given(open_bills(), amounts, st.sampled_from(list(ExactnessPolicy)))
def test_policies_hold_for_every_plan(
    bills: list[Bill], amount: Money, policy: ExactnessPolicy
) -> None:
    due = total([o.total for o in outstanding(bills)])
    try:
        plan = allocate(bills, amount, policy=policy)
    except AmountNotAllowed:
        refused = True
    else:
        refused = False
        assert plan.balance_before == due
    allowed = {
        ExactnessPolicy.EXACT: amount == due,
        ExactnessPolicy.AT_LEAST: amount >= due,
        ExactnessPolicy.AT_MOST: amount <= due,
        ExactnessPolicy.ANY: True,
    }[policy]
    assert refused is not allowed


# -- the exactness policies, as the cashier reads them -------------------------------------------


def test_policy_messages() -> None:
    due = Money(123_400)
    with pytest.raises(AmountNotAllowed) as caught:
        check_amount(ExactnessPolicy.EXACT, due, Money(100_000))
    assert caught.value.message == "This category must pay exactly ₹1,234.00."
    with pytest.raises(AmountNotAllowed, match=r"at least ₹1,234\.00"):
        check_amount(ExactnessPolicy.AT_LEAST, due, Money(123_399))
    with pytest.raises(AmountNotAllowed, match=r"at most ₹1,234\.00"):
        check_amount(ExactnessPolicy.AT_MOST, due, Money(123_401))
    with pytest.raises(AmountNotAllowed, match="cannot pay in advance"):
        check_amount(ExactnessPolicy.AT_MOST, Money(0), Money(1))
    with pytest.raises(AmountNotAllowed, match="cannot pay in advance"):
        check_amount(ExactnessPolicy.EXACT, Money(0), Money(1))
    check_amount(ExactnessPolicy.EXACT, due, due)
    check_amount(ExactnessPolicy.AT_LEAST, due, Money(200_000))
    check_amount(ExactnessPolicy.AT_MOST, due, Money(1))
    check_amount(ExactnessPolicy.ANY, Money(0), Money(1))


@pytest.mark.parametrize("policy", list(ExactnessPolicy))
@pytest.mark.parametrize("minor", [0, -1, -100_000])
def test_zero_and_negative_amounts_are_refused(policy: ExactnessPolicy, minor: int) -> None:
    with pytest.raises(AmountNotAllowed, match="greater than zero"):
        check_amount(policy, Money(0), Money(minor))
    with pytest.raises(AmountNotAllowed, match="greater than zero"):
        allocate([bill("B1", current=100)], Money(minor), policy=policy)


def test_currency_mismatch_is_refused() -> None:
    with pytest.raises(CurrencyMismatchError):
        check_amount(ExactnessPolicy.ANY, Money(100, "INR"), Money(100, "USD"))
    with pytest.raises(CurrencyMismatchError, match="B1 is in INR"):
        allocate([bill("B1", current=100)], Money(100, "USD"), policy=ExactnessPolicy.ANY)


def test_negative_due_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        check_amount(ExactnessPolicy.ANY, Money(-1), Money(1))


def test_bills_of_several_accounts_or_repeated_bills_are_refused() -> None:
    a = bill("B1", current=100)
    b = bill("B2", current=100, account_no="999999999999")
    with pytest.raises(ValueError, match="several accounts"):
        allocate([a, b], Money(100), policy=ExactnessPolicy.ANY)
    with pytest.raises(ValueError, match="twice"):
        allocate([a, a], Money(100), policy=ExactnessPolicy.ANY)


def test_late_payment_changes_what_exact_means() -> None:
    b = bill("B1", current=10_000, late=200)
    after_due = b.due_date + timedelta(days=3)
    with pytest.raises(AmountNotAllowed, match=r"exactly ₹102\.00"):
        allocate([b], Money(10_000), policy=ExactnessPolicy.EXACT, paid_on=after_due)
    plan = allocate([b], Money(10_200), policy=ExactnessPolicy.EXACT, paid_on=after_due)
    assert plan.lines[0].component is Component.SURCHARGE
    assert plan.lines[0].amount == Money(200)
    assert plan.balance_after == Money(0)
