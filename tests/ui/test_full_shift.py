"""A whole shift at the real counter window: F9, F8, the approval dialog, the Z report printed.

One test, driven through the real widgets over the real services and a copy of the demo cache:
log in, open a shift with a float counted by denomination, three payments (cash with change,
cheque, cash + cheque), a cash drop, a void approved by a supervisor, an X report, a blind close
₹10 short approved by a supervisor, and the Z report as the loopback printer received it and as
a PDF. The void goes through its screen: Ctrl+D on the receipt, the reason, the supervisor's
approval dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_core.money import Money
from ebill_core.protocol.cash_control import TenderTotal
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.app import RECEIPT_UTILITY_NAME, Terminal, build_services, printer_connection
from ebill_desktop.printing.z_report import render_shift_report
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import ApprovalService
from ebill_desktop.services.payment_setup import counter_setup
from ebill_desktop.services.shift_reports import ReportKind, ShiftReport
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.ui.approval_dialog import ApprovalDialog
from ebill_desktop.ui.counter_app import apply_look
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.shift_dialogs import (
    CashMovementDialog,
    CloseShiftDialog,
    OpenShiftDialog,
    ShiftTools,
)
from ebill_desktop.ui.shift_report_view import ShiftReportView, printer_sender
from ebill_desktop.ui.tasks import TaskRunner
from ebill_desktop.ui.tender_cash import CashTender
from ebill_desktop.ui.tender_instrument import InstrumentTender
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.ui.conftest import FakeClock
from tests.ui.test_payment_flow import Till, enter_and_print, f8, key, open_consumer, settle_preview

CASHIER = next(o for o in OPERATORS if o.role.value == "cashier")
SUPERVISOR = next(o for o in OPERATORS if o.role.value == "supervisor")
FLOAT = {50_000: 2, 10_000: 5, 1_000: 10}  # ₹1,000 + ₹500 + ₹100 = ₹1,600.00
CLOSING = {50_000: 3, 10_000: 1, 5_000: 1, 2_000: 2}  # ₹1,690.00: ₹10 short of ₹1,700


@dataclass
class ShiftTill(Till):
    """The payment tests' till, with the shift menu's services."""

    tools: ShiftTools


def inr(minor: int) -> Money:
    return Money(minor, "INR")


@pytest.fixture
def printer() -> Iterator[FakeNetworkPrinter]:
    made = FakeNetworkPrinter()
    yield made
    made.close()


@pytest.fixture
def till(
    qtbot: QtBot, terminal: Terminal, printer: FakeNetworkPrinter, tmp_path: Path
) -> Iterator[ShiftTill]:
    """The real window with the F9 shift menu (as ``app.shift_tools`` builds it), not logged in."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, terminal.settings)
    db, settings = terminal.db, terminal.settings
    runner = TaskRunner()
    clock = FakeClock()
    services = build_services(db, settings=settings, printer_uri=printer.uri)
    services = replace(services, cards=None, approvals=ApprovalService(db))
    setup = counter_setup(settings, db, utility_name=RECEIPT_UTILITY_NAME)
    tools = ShiftTools(
        shifts=ShiftService(
            db, terminal=settings.terminal_id, rules=ShiftRules(currency=db.currency())
        ),
        approvals=ApprovalService(db),
        header=setup.header,
        tz=setup.tz,
        send=printer_sender(printer_connection(printer.uri)),
        pdf_folder=tmp_path / "z-reports",
    )
    window = MainWindow(services, runner, settings, clock=clock, shift_tools=tools)
    window.payments.online = lambda: True
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield ShiftTill(window, runner, clock, terminal, printer, services.payments, tools)
    window.close()
    assert runner.shutdown(10_000)
    window.deleteLater()
    runner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- helpers ----------


def accounts(till: Till, n: int) -> list[str]:
    """``n`` active accounts that take part payments and owe at least ₹1,000."""
    rows = (
        till.terminal.db.reader()
        .execute(
            "SELECT a.account_no FROM accounts a JOIN categories c ON c.code = a.category_code "
            "JOIN bills b ON b.account_id = a.id AND b.status IN ('open', 'part_paid') "
            "WHERE c.exactness = 'any' AND a.status = 'active' GROUP BY a.id "
            "HAVING SUM(b.net_payable_minor) >= 100000 ORDER BY a.account_no LIMIT ?",
            (n,),
        )
        .fetchall()
    )
    assert len(rows) == n, "the demo cache has too few accounts that owe ₹1,000"
    return [str(r[0]) for r in rows]


def activate(qtbot: QtBot, till: Till) -> None:
    """The counter's keys go to the counter again (a dialog or menu was the active window)."""
    till.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is till.window, timeout=5_000)


def shift_menu_item(qtbot: QtBot, till: Till, text: str) -> None:
    """F9, then the menu item ``text`` (the menu is filled on a worker first)."""
    menu = till.window.shift_menu
    assert menu is not None
    menu.menu.clear()
    activate(qtbot, till)
    key(qtbot, till, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: text in [a.text() for a in menu.menu.actions()], timeout=10_000)
    action = next(a for a in menu.menu.actions() if a.text() == text)
    menu.menu.close()
    action.trigger()


def shown_dialog(qtbot: QtBot, till: Till, before: QDialog | None) -> QDialog:
    menu = till.window.shift_menu
    assert menu is not None
    qtbot.waitUntil(lambda: menu.dialog is not None and menu.dialog is not before, timeout=10_000)
    assert menu.dialog is not None
    return menu.dialog


def pay(qtbot: QtBot, till: Till, account_no: str, amount: str) -> CashTender:
    """F8 on ``account_no``, the amount to pay set; the caller adds tenders and presses Enter."""
    open_consumer(qtbot, till, account_no)
    activate(qtbot, till)
    f8(qtbot, till)
    till.pay.amount.setText(amount)
    preview = settle_preview(qtbot, till)
    assert preview.amount == inr(int(amount) * 100)
    cash = till.pay.tenders[0]
    assert isinstance(cash, CashTender)
    return cash


def add_cheque(qtbot: QtBot, till: Till, number: str) -> InstrumentTender:
    key(qtbot, till, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    cheque = till.pay.tenders[-1]
    assert isinstance(cheque, InstrumentTender) and cheque.kind is TenderKind.CHEQUE
    cheque.number.setText(number)
    cheque.day.setText(date.today().strftime("%d/%m/%Y"))
    cheque.bank.setText("State Bank of India")
    cheque.branch.setText("MG Road")
    cheque.ifsc.setText("SBIN0001234")
    return cheque


# -- the shift ----------


def test_a_full_shift_at_the_counter(
    qtbot: QtBot, till: ShiftTill, printer: FakeNetworkPrinter, tmp_path: Path
) -> None:
    window, db = till.window, till.terminal.db
    # Log in through the login view (the real password check).
    window.login_view.operator_field.setText(CASHIER.login)
    window.login_view.password_field.setText(CASHIER.password)
    with qtbot.waitSignal(window.login_view.logged_in, timeout=10_000):
        window.login_view.submit()
    cashier = window.operator()
    assert cashier is not None and cashier.login == CASHIER.login

    # F9 → Open shift: the float counted by denomination.
    shift_menu_item(qtbot, till, "Open shift…")
    opening = shown_dialog(qtbot, till, None)
    assert isinstance(opening, OpenShiftDialog)
    opening.grid.set_pieces(FLOAT)
    assert opening.grid.total_label.text() == "₹1,600.00"
    with qtbot.waitSignal(opening.opened, timeout=10_000) as opened:
        opening.open_button.click()
    shift = opened.args[0]
    assert shift.opening_float == inr(1_600_00) and shift.blind

    # Three payments through F8.
    first_account, second_account, third_account = accounts(till, 3)
    pay(qtbot, till, first_account, "300")  # cash, a ₹2,000 note handed: ₹1,700 change
    key(qtbot, till, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert settle_preview(qtbot, till).change == inr(1_700_00)
    first = enter_and_print(qtbot, till)
    assert [t.kind for t in first.receipt.tenders] == [TenderKind.CASH]

    pay(qtbot, till, second_account, "250")  # all by cheque: the cash row stays empty
    add_cheque(qtbot, till, "100201")
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    second = enter_and_print(qtbot, till)
    assert [(t.kind, t.amount) for t in second.receipt.tenders] == [
        (TenderKind.CHEQUE, inr(250_00))
    ]

    cash = pay(qtbot, till, third_account, "150")  # ₹50 by cheque, the rest in cash
    cheque = add_cheque(qtbot, till, "100202")
    cheque.amount.setText("50")
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    assert cash.amount.text().startswith("100")
    third = enter_and_print(qtbot, till)
    assert {t.kind: t.amount for t in third.receipt.tenders} == {
        TenderKind.CASH: inr(100_00),
        TenderKind.CHEQUE: inr(50_00),
    }

    # F9 → Cash drop of ₹200.
    menu = window.shift_menu
    assert menu is not None
    shift_menu_item(qtbot, till, "Cash drop…")
    drop = shown_dialog(qtbot, till, opening)
    assert isinstance(drop, CashMovementDialog)
    drop.amount.setText("200")
    drop.reason.setText("to head cashier")
    with qtbot.waitSignal(drop.recorded, timeout=10_000):
        drop.ok_button.click()

    # The void of the third payment: Ctrl+D on its receipt, the reason, the supervisor approves.
    receipt_view = window.payments.receipt_view
    assert window.current_view_name() == "receipt"
    assert receipt_view.receipt() == third.receipt
    activate(qtbot, till)
    key(qtbot, till, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: receipt_view.void_dialog is not None, timeout=5_000)
    voiding = receipt_view.void_dialog
    assert voiding is not None
    voiding.reason.setCurrentIndex(voiding.reason.findData(VoidReason.WRONG_AMOUNT.value))
    voiding.void_button.click()
    asking = voiding.approval_dialog
    assert isinstance(asking, ApprovalDialog)
    asking.login_field.setText(SUPERVISOR.login)
    asking.password_field.setText(SUPERVISOR.password)
    with qtbot.waitSignal(voiding.voided, timeout=10_000) as approved:
        asking.approve_button.click()
    voided = approved.args[0]
    assert voided.approved_by == SUPERVISOR.login and voided.cash == inr(100_00)
    assert VoidService(db).find(third.receipt.receipt_no) == voided
    qtbot.waitUntil(lambda: receipt_view.void_print_button.isVisible(), timeout=10_000)

    # F9 → X report: ₹1,600 float + ₹400 cash kept - ₹100 voided - ₹200 dropped.
    shift_menu_item(qtbot, till, "X report")
    x_view = shown_dialog(qtbot, till, drop)
    assert isinstance(x_view, ShiftReportView)
    assert "X REPORT" in x_view.text.toPlainText()
    assert "₹1,700.00" in x_view.text.toPlainText()
    x = till.tools.shifts.x_report(shift.shift_id)
    assert x.kind is ReportKind.X and x.expected == inr(1_700_00)
    x_view.accept()

    # F9 → Close shift: blind, ₹10 short, unsynced payments: the supervisor approves both.
    shift_menu_item(qtbot, till, "Close shift…")
    closing = shown_dialog(qtbot, till, x_view)
    assert isinstance(closing, CloseShiftDialog)
    assert closing.outcome.text() == ""  # blind: nothing expected shown before the count
    closing.grid.set_pieces(CLOSING)
    closing.count_button.click()
    qtbot.waitUntil(lambda: closing.check is not None, timeout=10_000)
    assert "Short: ₹10.00" in closing.outcome.text()
    assert closing.supervisor.isVisible()
    closing.supervisor.login.setText(SUPERVISOR.login)
    closing.supervisor.password.setText(SUPERVISOR.password)
    with qtbot.waitSignal(closing.closed, timeout=10_000) as closed:
        closing.close_button.click()
    z = closed.args[0]
    assert isinstance(z, ShiftReport) and z.kind is ReportKind.Z

    # The Z report: the same drawer as the X report, and what the printer received.
    assert z.expected == x.expected and z.drawer == x.drawer
    assert z.over_short == inr(-10_00) and z.over_short_approved_by == SUPERVISOR.login
    assert z.tenders == (
        TenderTotal(TenderKind.CASH, 2, inr(400_00)),
        TenderTotal(TenderKind.CHEQUE, 2, inr(300_00)),
    )
    assert (z.receipts, z.first_receipt_no, z.last_receipt_no) == (
        3,
        first.receipt.receipt_no,
        third.receipt.receipt_no,
    )
    assert z.voids.count == 1 and z.drops.count == 1
    z_bytes = render_shift_report(z, till.tools.header, till.tools.tz)
    qtbot.waitUntil(lambda: z_bytes in printer.job_bytes(), timeout=10_000)
    for expected in (
        b"Z REPORT",
        b"Cash x2",
        b"Cheque x2",
        b"Voids x1",
        b"Drops x1",
        b"1,700.00",  # expected cash
        b"1,690.00",  # counted
        first.receipt.receipt_no.encode(),
        third.receipt.receipt_no.encode(),
    ):
        assert expected in z_bytes, expected
    assert b"Short" in z_bytes
    folder = tmp_path / "z-reports"
    # Written atomically (temporary file, then renamed): there once whole.
    qtbot.waitUntil(lambda: any(folder.glob("Z-report-*.pdf")), timeout=10_000)
    assert next(folder.glob("Z-report-*.pdf")).read_bytes().startswith(b"%PDF-")
    assert till.tools.shifts.current() is None

    # Every act of the shift is in the audit trail, and the chain holds.
    recorded = [entry.action for entry in audit.entries(db)]
    for act in ("login", "shift_open", "drop", "approve", "void", "shift_count", "shift_close"):
        assert act in recorded, act
    assert audit.verify(db) is None
