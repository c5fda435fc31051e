"""The shift dialogs on real widgets (offscreen) over a real cache and the real services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ebill_core.cash_count import CashCount
from ebill_core.money import Money
from ebill_desktop.security.approvals import ApprovalService
from ebill_desktop.services.shift_reports import ReportKind, ShiftReport
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.ui.shift_dialogs import (
    CashMovementDialog,
    CloseShiftDialog,
    OpenShiftDialog,
    ShiftMenu,
    ShiftTools,
)
from ebill_desktop.ui.shift_report_view import ShiftReportView
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop.security_support import CASHIER, PASSWORD, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import HEADER, IST, Clock, make_cache


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    yield cache
    cache.close()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def shifts(db: CacheDatabase) -> ShiftService:
    return ShiftService(db, terminal="012", rules=ShiftRules(tolerance_minor=5_00), clock=Clock())


def test_open_drop_and_blind_close_with_a_shortage(
    qtbot: QtBot, db: CacheDatabase, runner: TaskRunner, shifts: ShiftService, tmp_path: Path
) -> None:
    opening = OpenShiftDialog(shifts, runner, CASHIER)
    qtbot.addWidget(opening)
    opening.grid.set_pieces({50_000: 2, 10_000: 5})
    assert opening.grid.total_label.text() == "₹1,500.00"
    with qtbot.waitSignal(opening.opened, timeout=10_000) as opened:
        opening.open_button.click()
    shift = opened.args[0]
    assert shifts.current() == shift

    drop = CashMovementDialog("drop", shifts, ApprovalService(db), runner, CASHIER, shift)
    qtbot.addWidget(drop)
    assert not drop.supervisor.isVisibleTo(drop)
    drop.amount.setText("abc")
    drop.ok_button.click()
    assert drop.message.text()  # a clear error, nothing sent
    drop.amount.setText("200")
    drop.reason.setText("to head cashier")
    with qtbot.waitSignal(drop.recorded, timeout=10_000):
        drop.ok_button.click()

    closing = CloseShiftDialog(shifts, ApprovalService(db), runner, CASHIER, shift)
    qtbot.addWidget(closing)
    closing.show()
    assert closing.outcome.text() == "" and not closing.close_button.isEnabled()
    closing.grid.set_pieces({50_000: 2, 10_000: 2, 1_000: 9})  # ₹1,290: ₹10 short
    closing.count_button.click()
    qtbot.waitUntil(lambda: closing.check is not None, timeout=10_000)
    assert "Expected: ₹1,300.00" in closing.outcome.text()
    assert "Short: ₹10.00" in closing.outcome.text()
    assert closing.supervisor.isVisible() and not closing.grid.isEnabled()
    closing.supervisor.login.setText(SUPERVISOR.login)
    closing.supervisor.password.setText("wrong password!")
    closing.close_button.click()
    qtbot.waitUntil(lambda: closing.close_button.isEnabled(), timeout=10_000)
    assert closing.message.text() and shifts.current() is not None
    closing.supervisor.password.setText(PASSWORD)
    with qtbot.waitSignal(closing.closed, timeout=10_000) as closed:
        closing.close_button.click()
    report = closed.args[0]
    assert isinstance(report, ShiftReport) and report.kind is ReportKind.Z
    assert report.over_short == Money(-10_00, "INR") and shifts.current() is None

    view = ShiftReportView(report, HEADER, IST, runner)
    qtbot.addWidget(view)
    assert "Z REPORT" in view.text.toPlainText() and not view.print_button.isEnabled()
    target = tmp_path / "z.pdf"
    view.save_pdf(target)
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10_000)
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_cashiers_pay_out_asks_for_a_supervisor(
    qtbot: QtBot, db: CacheDatabase, runner: TaskRunner, shifts: ShiftService
) -> None:
    shift = shifts.open(CASHIER, CashCount.of("INR", {10_000: 1}))
    dialog = CashMovementDialog("pay_out", shifts, ApprovalService(db), runner, CASHIER, shift)
    qtbot.addWidget(dialog)
    assert dialog.supervisor.isVisibleTo(dialog)
    dialog.amount.setText("40")
    dialog.reason.setText("courier")
    dialog.supervisor.login.setText(SUPERVISOR.login)
    dialog.supervisor.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        dialog.ok_button.click()
    assert shifts.x_report(shift.shift_id).pay_outs.total == Money(40_00, "INR")


def test_the_shift_menu_offers_what_the_shift_allows_and_keeps_the_z_report(
    qtbot: QtBot, db: CacheDatabase, runner: TaskRunner, shifts: ShiftService, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    sent: list[bytes] = []
    tools = ShiftTools(shifts, ApprovalService(db), HEADER, IST, sent.append, tmp_path / "z")
    menu = ShiftMenu(window, tools, runner, lambda: SUPERVISOR)
    menu.show_menu()
    qtbot.waitUntil(lambda: bool(menu.menu.actions()), timeout=10_000)
    assert [a.text() for a in menu.menu.actions()] == ["Open shift…"]
    shift = shifts.open(SUPERVISOR, CashCount.of("INR", {10_000: 1}))
    menu.show_menu()
    qtbot.waitUntil(lambda: len(menu.menu.actions()) == 5, timeout=10_000)
    menu.x_report(shift)
    qtbot.waitUntil(lambda: isinstance(menu.dialog, ShiftReportView), timeout=10_000)
    menu.movement("no_sale", SUPERVISOR, shift)
    no_sale = menu.dialog
    assert isinstance(no_sale, CashMovementDialog) and not no_sale.supervisor.isVisible()
    no_sale.reason.setText("change for a customer")
    no_sale.ok_button.click()
    qtbot.waitUntil(lambda: sent == [b"\x1bp\x0022"], timeout=10_000)  # the drawer kick
    assert shifts.x_report(shift.shift_id).no_sales == 1
    menu.close_shift(SUPERVISOR, shift)
    closing = menu.dialog
    assert isinstance(closing, CloseShiftDialog)
    closing.grid.set_pieces({10_000: 1})
    closing.count_button.click()
    qtbot.waitUntil(lambda: closing.close_button.isEnabled(), timeout=10_000)
    assert not closing.supervisor.isVisible()  # a supervisor closes alone
    closing.close_button.click()
    qtbot.waitUntil(lambda: len(sent) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: any((tmp_path / "z").glob("Z-report-*.pdf")), timeout=10_000)
    assert b"Z REPORT" in sent[1]
