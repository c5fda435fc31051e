"""Money always adds up: tenders, allocations, change and balances, in the preview and as stored."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebill_core.allocation import outstanding
from ebill_core.money import Money
from ebill_core.protocol import TenderKind, payment_from_wire
from ebill_core.records import Bill, BillStatus, ExactnessPolicy
from ebill_desktop.services.payment_preview import make_preview
from ebill_desktop.services.payment_types import (
    DraftBill,
    PaymentDraft,
    PaymentRequest,
    PaymentRules,
    TenderInput,
)
from ebill_desktop.sync.outbox import pending_items
from tests.desktop.factories import account_no, inr, make_bill
from tests.desktop.test_payment_helpers import (
    NOW,
    TODAY,
    Clock,
    cheque,
    make_cache,
    make_service,
)

ACCOUNT = account_no(1)


@st.composite
def bills(draw: st.DrawFn) -> list[Bill]:
    """1-4 open or part-paid bills with arrears and surcharges, some past their due date."""
    made = []
    for k in range(draw(st.integers(1, 4))):
        current = draw(st.integers(1, 5_000_00))
        arrears = draw(st.integers(0, 2_000_00))
        surcharge = draw(st.integers(0, 500_00))
        net = current + arrears + surcharge
        paid = draw(st.integers(0, net - 1))
        bill = make_bill(1, k, status=BillStatus.PART_PAID if paid else BillStatus.OPEN)
        made.append(
            replace(
                bill,
                current_charges=inr(current),
                arrears=inr(arrears),
                surcharge=inr(surcharge),
                net_payable=inr(net),
                payable_after_due=inr(net + draw(st.integers(0, 100_00))),
                amount_paid=inr(paid),
                due_date=TODAY + timedelta(days=draw(st.integers(-40, 40))),
            )
        )
    return made


def draft_of(open_bills: list[Bill], policy: ExactnessPolicy = ExactnessPolicy.ANY) -> PaymentDraft:
    owed = outstanding(open_bills, paid_on=TODAY)
    by_no = {b.bill_no: b for b in open_bills}
    return PaymentDraft(
        payment_id="6f1c2a4e-0000-4000-8000-000000000001",
        opened_at=NOW,
        business_date=TODAY,
        operator="asha",
        account_no=ACCOUNT,
        consumer_name="Ravi Kumar",
        masked_mobile="",
        category_name="Domestic",
        policy=policy,
        currency="INR",
        bills=tuple(DraftBill(by_no[o.bill_no], o) for o in owed),
        total_due=Money(sum(o.total.minor for o in owed), "INR"),
        offline=False,
    )


@st.composite
def tender_split(draw: st.DrawFn, amount: int) -> tuple[TenderInput, ...]:
    """``amount`` split into up to 4 tenders: cheques and cash (cash with change)."""
    cuts = (
        sorted(draw(st.lists(st.integers(1, amount - 1), max_size=3, unique=True)))
        if amount > 1
        else []
    )
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)]
    tenders = []
    for part in parts:
        if draw(st.booleans()):
            tenders.append(cheque(part))
        else:
            extra = draw(st.integers(0, 2_000_00))
            tenders.append(TenderInput(TenderKind.CASH, inr(part), tendered=inr(part + extra)))
    return tuple(tenders)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_preview_always_adds_up(data: st.DataObject) -> None:
    open_bills = data.draw(bills())
    draft = draft_of(open_bills)
    amount = data.draw(st.integers(1, draft.total_due.minor + 3_000_00))
    tenders = data.draw(tender_split(amount))
    rules = PaymentRules(cash_ceiling=inr(10**12))
    preview = make_preview(draft, PaymentRequest(inr(amount), tenders), rules, TODAY)

    assert preview.ok, preview.problems
    plan = preview.plan
    assert plan is not None
    # Allocations and advance are the amount; the tenders are the amount.
    assert sum(line.amount.minor for line in plan.lines) + plan.advance.minor == amount
    assert sum(t.amount.minor for t in preview.tenders) == amount == preview.tendered.minor
    # Change is what cash handed over exceeds what it pays.
    cash = [t for t in preview.tenders if t.kind is TenderKind.CASH]
    assert preview.change.minor == sum(
        (t.tendered or t.amount).minor - t.amount.minor for t in cash
    )
    # No component gets more than it owes; advance only once every bill is paid.
    for bill in draft.bills:
        for component in ("surcharge", "arrears", "current"):
            given_to = sum(
                line.amount.minor
                for line in plan.lines
                if line.bill_no == bill.bill_no and line.component.value == component
            )
            assert 0 <= given_to <= getattr(bill.outstanding, component).minor
    assert plan.advance.minor == max(0, amount - draft.total_due.minor)
    assert preview.balance_after.minor == draft.total_due.minor - amount


def test_the_receipt_date_is_local(tmp_path: Path) -> None:
    db = make_cache(tmp_path / "cache.sqlite3")
    try:
        late = NOW.replace(hour=20)  # 01:30 the next day at the counter
        service = make_service(db, Clock(late))
        draft = service.open(ACCOUNT, "asha", online=True)
        assert draft.business_date == date(2024, 3, 11)
        done = service.confirm(draft, PaymentRequest(inr(100), (cheque(100, dated="11-03-2024"),)))
        assert done.receipt.taken_at.date() == date(2024, 3, 11)
        assert done.payment.taken_at == late
    finally:
        db.close()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_what_is_stored_adds_up(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("pay") / "cache.sqlite3"
    db = make_cache(path)
    try:
        service = make_service(db)
        draft = service.open(ACCOUNT, "asha", online=True)
        amount = data.draw(st.integers(1, draft.total_due.minor + 1_000_00))
        tenders = data.draw(tender_split(amount))
        done = service.confirm(draft, PaymentRequest(inr(amount), tenders))
        payment, receipt = done.payment, done.receipt

        assert sum(t.amount.minor for t in payment.tenders) == amount == payment.amount.minor
        assert sum(a.amount.minor for a in payment.allocations) == amount
        assert receipt.amount_paid.minor == amount
        assert sum(a.amount.minor for a in receipt.allocations) == amount
        assert sum(t.amount.minor for t in receipt.tenders) == amount
        assert (receipt.change or inr(0)).minor == payment.change.minor
        assert receipt.balance_after.minor == draft.total_due.minor - amount
        assert payment.balance_after == receipt.balance_after
        (item,) = pending_items(db)
        message = payment_from_wire(item.body())
        advance = sum(a.amount.minor for a in payment.allocations if a.bill_no is None)
        assert sum(a.amount.minor for a in message.allocations) + advance == amount
        assert message.amount.minor == amount
        with sqlite3.connect(path) as raw:
            stored = raw.execute(
                "SELECT SUM(amount_minor) FROM payment_allocations WHERE payment_id = ?",
                (payment.payment_id,),
            ).fetchone()[0]
        raw.close()
        assert stored == amount
    finally:
        db.close()


def test_a_late_bill_owes_its_surcharge_on_the_day() -> None:
    late_bill = replace(make_bill(1, 1, status=BillStatus.OPEN), due_date=TODAY - timedelta(days=1))
    draft = draft_of([late_bill])
    late = late_bill.payable_after_due.minor - late_bill.net_payable.minor
    assert draft.total_due.minor == late_bill.net_payable.minor + late
    preview = make_preview(
        draft,
        PaymentRequest(draft.total_due, (cheque(draft.total_due.minor),)),
        PaymentRules(),
        TODAY,
    )
    assert preview.plan is not None
    assert preview.plan.lines[0].component.value == "surcharge"
    assert preview.plan.lines[0].amount.minor == late
