"""Voids on a real cache file: approval, same shift only, allocations and drawer reversed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ebill_core.protocol.cash_control import reversal_to_wire
from ebill_desktop.printing.receipt_text import receipt_text
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.roles import Action
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidError, VoidReason, VoidService, reversal_message
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.security_support import CASHIER, OTHER_CASHIER, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import DUE, Clock, cash, make_cache, make_service
from tests.desktop.test_shifts import ACCOUNT, approve, count, pay, rows

TABLES = ("payments", "payment_voids", "audit_log")


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
    return ShiftService(db, terminal="012", rules=ShiftRules(blind_close=False), clock=clock)


def state(db: CacheDatabase) -> dict[str, object]:
    taken = db.reader().execute("SELECT state FROM payments ORDER BY terminal_seq").fetchall()
    return {"states": taken, **{t: rows(db, t) for t in TABLES}}


def test_a_void_reverses_allocations_drawer_and_receipt(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, count({10_000: 1}))
    payments = make_service(db, clock)
    done = pay(payments, cash(300_00))
    assert payments.open(ACCOUNT, "asha", online=True).total_due.minor == DUE - 300_00
    voids = VoidService(db, clock=clock)
    record = voids.void(
        done.payment.receipt_no,
        CASHIER,
        VoidReason.DUPLICATE,
        approve(db, clock, Action.VOID),
        note=" typed twice ",
    )
    assert (record.reason, record.note, record.approved_by) == (
        VoidReason.DUPLICATE,
        "typed twice",
        "ravi",
    )
    # The bills owe again what the voided payment had paid; the drawer expects its cash gone.
    assert payments.open(ACCOUNT, "asha", online=True).total_due.minor == DUE
    assert shifts.x_report(shift.shift_id).expected.minor == 100_00
    voided = payments.find_receipt(done.payment.receipt_no)
    assert voided is not None and voided.payment.state == "void"
    slip = voids.void_receipt(done.payment.receipt_no)
    assert slip.copy.void and "*** VOID ***" in receipt_text(slip)
    reprinted = payments.reprint(done.payment.receipt_no, CASHIER)
    assert reprinted.copy.void and reprinted.copy.duplicate  # a reprint says VOID too
    assert voids.of_shift(shift.shift_id) == [record]
    message = reversal_message(record)
    assert reversal_to_wire(message)["payment_id"] == done.payment.payment_id
    assert message.approver == "ravi" and message.reason_code == "duplicate"
    *_, last, reprint = audit.entries(db)
    assert last.action == "void" and last.detail["approved_by"] == "ravi"
    assert reprint.action == "reprint" and reprint.actor == "asha"


def test_a_void_without_approval_is_refused_and_changes_nothing(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    shifts.open(CASHIER, count({10_000: 1}))
    done = pay(make_service(db, clock), cash(300_00))
    voids = VoidService(db, clock=clock)
    before = state(db)
    with pytest.raises(NotPermittedError, match="supervisor must approve"):
        voids.void(done.payment.receipt_no, CASHIER, VoidReason.WRONG_AMOUNT)
    other = approve(db, clock, Action.REPRINT_SECOND)
    with pytest.raises(NotPermittedError, match="not for this"):
        voids.void(done.payment.receipt_no, CASHIER, VoidReason.WRONG_AMOUNT, other)
    forged = replace(approve(db, clock, Action.VOID), approver="someone")
    with pytest.raises(NotPermittedError, match="not for this"):
        voids.void(done.payment.receipt_no, CASHIER, VoidReason.WRONG_AMOUNT, forged)
    assert state(db) | {"audit_log": before["audit_log"]} == before  # approvals are audited
    assert voids.find(done.payment.receipt_no) is None


def test_only_a_payment_of_the_open_shift_can_be_voided_once(
    db: CacheDatabase, clock: Clock, shifts: ShiftService
) -> None:
    payments = make_service(db, clock)
    voids = VoidService(db, clock=clock)
    before_shift = pay(payments, cash(10_00))
    with pytest.raises(VoidError, match="shift now open"):
        voids.void(before_shift.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE)
    shift = shifts.open(CASHIER, count({10_000: 1}))
    done = pay(payments, cash(20_00))
    with pytest.raises(VoidError, match="asha's shift"):
        voids.void(
            done.payment.receipt_no,
            OTHER_CASHIER,
            VoidReason.DUPLICATE,
            approve(db, clock, Action.VOID, cashier="bina"),
        )
    with pytest.raises(VoidError, match="not a receipt number"):
        voids.void("12", SUPERVISOR, VoidReason.DUPLICATE)
    with pytest.raises(VoidError, match="reason"):
        voids.void(done.payment.receipt_no, SUPERVISOR, "typo")
    assert voids.void(done.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE).approved_by is None
    with pytest.raises(VoidError, match="void already"):
        voids.void(done.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE)
    later = pay(payments, cash(30_00))
    shifts.record_count(shift.shift_id, SUPERVISOR, count({10_000: 1, 2_000: 1, 1_000: 1}))
    shifts.close(
        shift.shift_id,
        CASHIER,
        unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED),
    )
    with pytest.raises(VoidError, match="shift now open"):
        voids.void(later.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE)
