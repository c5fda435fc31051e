"""Shifts on a real cache file: a full shift through the real payment service, and the rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebill_core.cash_count import CashCount
from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_core.protocol.cash_control import CountTotal, TenderTotal
from ebill_desktop.documents.z_report_pdf import shift_report_pdf
from ebill_desktop.printing.z_report import render_shift_report
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, ApprovalService, NotPermittedError
from ebill_desktop.security.roles import Action
from ebill_desktop.services.payment_types import CommittedPayment, PaymentRequest, TenderInput
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.services.shift_reports import ReportKind, shift_close_message
from ebill_desktop.services.shifts import ShiftError, ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.outbox import Answer, OutboxState, record_answers
from tests.desktop.factories import account_no, inr
from tests.desktop.security_support import (
    CASHIER,
    OTHER_CASHIER,
    PASSWORD,
    SUPERVISOR,
    add_staff,
)
from tests.desktop.test_payment_helpers import (
    HEADER,
    IST,
    NOW,
    Clock,
    cash,
    cheque,
    make_cache,
    make_service,
)

ACCOUNT = account_no(1)
FLOAT = {50_000: 2, 10_000: 5, 1_000: 10}  # ₹1,000 + ₹500 + ₹100 = ₹1,600.00
TOLERANCE = 5_00


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    yield cache
    cache.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shifts(db: CacheDatabase, clock: Clock) -> ShiftService:
    return ShiftService(
        db, terminal="012", rules=ShiftRules(tolerance_minor=TOLERANCE), clock=clock
    )


def count(pieces: dict[int, int]) -> CashCount:
    return CashCount.of("INR", pieces)


def pay(service: PaymentService, *tenders: TenderInput) -> CommittedPayment:
    amount = sum((t.amount for t in tenders), inr(0))
    draft = service.open(ACCOUNT, CASHIER.login, online=True)
    return service.confirm(draft, PaymentRequest(amount, tuple(tenders)))


def approve(db: CacheDatabase, clock: Clock, action: Action, cashier: str = "asha") -> Approval:
    return ApprovalService(db, clock=clock).approve(
        action, SUPERVISOR.login, PASSWORD, cashier=cashier
    )


def answered(db: CacheDatabase, *done: CommittedPayment) -> None:
    """Head office posted these payments."""
    answers = [
        Answer(d.payment.payment_id, OutboxState.DONE, json.dumps({"status": "posted"}))
        for d in done
    ]
    with db.write_transaction() as connection:
        record_answers(connection, answers, NOW)


def rows(db: CacheDatabase, table: str) -> int:
    return int(db.reader().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_full_shift_balances_from_float_to_z_report(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count(FLOAT))
    assert shift.opening_float == inr(1_600_00) and shift.blind and shift.is_open
    payments = make_service(db, clock)
    first = pay(payments, cash(300_00, tendered=500_00))
    second = pay(payments, cheque(200_00))
    mixed = pay(payments, cash(100_00), cheque(50_00, number="654321"))
    stored = db.reader().execute("SELECT DISTINCT shift_id FROM payments").fetchall()
    assert stored == [(shift.shift_id,)]

    shifts.drop(shift.shift_id, CASHIER, inr(200_00), "to head cashier")
    voids = VoidService(db, clock=clock)
    voided = voids.void(
        mixed.payment.receipt_no,
        CASHIER,
        VoidReason.WRONG_ACCOUNT,
        approve(db, clock, Action.VOID),
    )
    assert voided.approved_by == SUPERVISOR.login and voided.cash == inr(100_00)

    x = shifts.x_report(shift.shift_id)
    assert x.kind is ReportKind.X
    # ₹1,600 float + ₹400 cash kept - ₹100 cash voided - ₹200 dropped
    assert x.expected == inr(1_700_00)
    assert x.drawer.cash_payments == inr(400_00) and x.drawer.voids == inr(100_00)

    closing = count({50_000: 3, 10_000: 1, 5_000: 1, 2_000: 2})
    check = shifts.record_count(shift.shift_id, CASHIER, closing)
    assert check.over_short.difference == inr(-10_00)  # ₹1,690 counted: ₹10 short
    assert check.needs_over_short_approval and check.unsynced == 3
    with pytest.raises(NotPermittedError):
        shifts.close(shift.shift_id, CASHIER)
    answered(db, first, second, mixed)
    z = shifts.close(
        shift.shift_id,
        CASHIER,
        over_short_approval=approve(db, clock, Action.OVER_SHORT_BEYOND_TOLERANCE),
    )

    assert z.kind is ReportKind.Z and z.expected == x.expected and z.drawer == x.drawer
    assert z.over_short == inr(-10_00) and z.over_short_approved_by == SUPERVISOR.login
    assert z.tenders == (
        TenderTotal(TenderKind.CASH, 2, inr(400_00)),
        TenderTotal(TenderKind.CHEQUE, 2, inr(250_00)),
    )
    assert (z.receipts, z.first_receipt_no, z.last_receipt_no) == (
        3,
        first.payment.receipt_no,
        mixed.payment.receipt_no,
    )
    assert z.voids == CountTotal(1, inr(150_00)) and z.drops == CountTotal(1, inr(200_00))
    assert z.unsynced == 0 and z.closing_count == closing
    printed = render_shift_report(z, HEADER, IST)
    assert b"Z REPORT" in printed and b"Short" in printed and b"Rs. 1,700.00" in printed
    assert shift_report_pdf(z, HEADER, IST).startswith(b"%PDF-")
    message = shift_close_message(z, terminal_id=7, branch_code="0140")
    assert message.over_short == inr(-10_00) and message.receipts == 3
    assert shifts.current() is None
    actions = [e.action for e in audit.entries(db)]
    for action in ("shift_open", "drop", "void", "shift_count", "shift_close"):
        assert action in actions
    assert audit.verify(db) is None


def test_expected_cash_is_the_same_in_x_and_z(db: CacheDatabase, clock: Clock) -> None:
    service = ShiftService(db, terminal="012", rules=ShiftRules(blind_close=False), clock=clock)
    shift = service.open(CASHIER, count({10_000: 10}))
    done = pay(make_service(db, clock), cash(250_00))
    answered(db, done)
    x = service.x_report(shift.shift_id)
    service.record_count(shift.shift_id, CASHIER, count({10_000: 12, 1_000: 5}))
    z = service.close(shift.shift_id, CASHIER)
    assert x.expected == z.expected == inr(1_250_00) and z.over_short == inr(0)


def test_a_shift_with_unsynced_payments_needs_approval_to_close(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count({10_000: 1}))
    pay(make_service(db, clock), cash(100_00))
    shifts.record_count(shift.shift_id, CASHIER, count({10_000: 2}))
    with pytest.raises(NotPermittedError, match="supervisor must approve"):
        shifts.close(shift.shift_id, CASHIER)
    assert shifts.current() is not None  # refused: still open
    wrong = approve(db, clock, Action.VOID)
    with pytest.raises(NotPermittedError, match="not for this"):
        shifts.close(shift.shift_id, CASHIER, unsynced_approval=wrong)
    z = shifts.close(
        shift.shift_id, CASHIER, unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED)
    )
    assert z.unsynced == 1 and z.unsynced_approved_by == SUPERVISOR.login
    # A supervisor closing their own shift needs nobody else.
    second = shifts.open(SUPERVISOR, count({10_000: 1}))
    shifts.record_count(second.shift_id, SUPERVISOR, count({10_000: 1}))
    assert shifts.close(second.shift_id, SUPERVISOR).unsynced == 0


def test_over_short_beyond_tolerance_needs_approval_within_it_does_not(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count({10_000: 1}))
    check = shifts.record_count(shift.shift_id, CASHIER, count({10_000: 1, 500: 1}))
    assert check.over_short.difference == inr(5_00) and not check.needs_over_short_approval
    assert shifts.close(shift.shift_id, CASHIER).over_short == inr(5_00)

    shift = shifts.open(CASHIER, count({10_000: 1}))
    check = shifts.record_count(shift.shift_id, CASHIER, count({10_000: 1, 500: 1, 100: 1}))
    assert check.needs_over_short_approval  # ₹6 over, tolerance ₹5
    with pytest.raises(NotPermittedError, match="supervisor must approve"):
        shifts.close(shift.shift_id, CASHIER)
    approval = approve(db, clock, Action.OVER_SHORT_BEYOND_TOLERANCE)
    assert shifts.close(shift.shift_id, CASHIER, over_short_approval=approval).over_short == inr(
        6_00
    )


def test_a_blind_count_is_final_and_a_close_needs_a_count(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count({10_000: 1}))
    with pytest.raises(ShiftError, match="Count the drawer"):
        shifts.close(shift.shift_id, CASHIER)
    shifts.record_count(shift.shift_id, CASHIER, count({10_000: 1}))
    with pytest.raises(ShiftError, match="cannot be redone"):
        shifts.record_count(shift.shift_id, CASHIER, count({10_000: 2}))
    open_count = ShiftService(db, terminal="012", rules=ShiftRules(blind_close=False), clock=clock)
    shifts.close(shift.shift_id, CASHIER)
    other = open_count.open(CASHIER, count({10_000: 1}))
    open_count.record_count(other.shift_id, CASHIER, count({10_000: 3}))
    again = open_count.record_count(other.shift_id, CASHIER, count({10_000: 1}))
    assert again.over_short.difference == inr(0)


def test_bad_input_is_refused_and_changes_nothing(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    with pytest.raises(ShiftError, match="holds INR"):
        shifts.open(CASHIER, CashCount.of("USD", {100: 1}))
    with pytest.raises(ShiftError, match="not a INR denomination"):
        shifts.open(CASHIER, CashCount("INR", {300: 1}))
    shift = shifts.open(CASHIER, count({10_000: 1}))
    before = {t: rows(db, t) for t in ("shifts", "cash_movements", "audit_log")}
    with pytest.raises(ShiftError, match="still open"):
        shifts.open(OTHER_CASHIER, count({10_000: 1}))
    with pytest.raises(ShiftError, match="more cash than the drawer"):
        shifts.drop(shift.shift_id, CASHIER, inr(100_01))
    with pytest.raises(ShiftError, match="more than zero"):
        shifts.drop(shift.shift_id, CASHIER, inr(0))
    with pytest.raises(ShiftError, match="in INR"):
        shifts.drop(shift.shift_id, CASHIER, Money(1, "USD"))
    with pytest.raises(ShiftError, match="asha's shift"):
        shifts.drop(shift.shift_id, OTHER_CASHIER, inr(1_00))
    with pytest.raises(NotPermittedError):
        shifts.pay_out(shift.shift_id, CASHIER, inr(10_00), "courier")
    with pytest.raises(ShiftError, match="Say why"):
        shifts.pay_out(shift.shift_id, SUPERVISOR, inr(10_00), "  ")
    with pytest.raises(NotPermittedError):
        shifts.no_sale(shift.shift_id, CASHIER, "change")
    with pytest.raises(ShiftError, match="No shift"):
        shifts.drop("nope", CASHIER, inr(1_00))
    assert {t: rows(db, t) for t in before} == before


def test_pay_out_and_no_sale_with_approval_are_recorded(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count({10_000: 5}))
    shifts.pay_out(
        shift.shift_id, CASHIER, inr(40_00), "courier", approve(db, clock, Action.PAY_OUT)
    )
    shifts.no_sale(shift.shift_id, CASHIER, "change", approve(db, clock, Action.NO_SALE_OPEN))
    x = shifts.x_report(shift.shift_id)
    assert x.pay_outs == CountTotal(1, inr(40_00)) and x.no_sales == 1
    assert x.expected == inr(460_00)
    stored = db.reader().execute("SELECT kind, approved_by FROM cash_movements ORDER BY id")
    assert stored.fetchall() == [("pay_out", "ravi"), ("no_sale", "ravi")]
    assert [e.action for e in audit.entries(db)][-2:] == ["approve", "drawer_open"]


def test_a_payment_with_no_shift_open_has_no_shift(db: CacheDatabase, clock: Clock) -> None:
    done = pay(make_service(db, clock), cash(10_00))
    row = db.reader().execute(
        "SELECT shift_id FROM payments WHERE payment_id = ?", (done.payment.payment_id,)
    )
    assert row.fetchone() == (None,)
