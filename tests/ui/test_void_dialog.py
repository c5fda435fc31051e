"""Ctrl+D on a receipt: the void dialog, the supervisor's approval, the VOID slip.

The real window, payment and void services over a copy of the demo cache, the real approval
check (argon2) and the loopback printer. What the service refuses is shown and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_core.cash_count import CashCount
from ebill_core.demo.catalogue import OPERATORS
from ebill_desktop.printing.receipt_escpos import render_receipt
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.ui.approval_dialog import ApprovalDialog
from ebill_desktop.ui.data_label import DataLabel
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.receipt_view import ReceiptView
from ebill_desktop.ui.void_dialog import VoidDialog
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.ui.test_payment_flow import (
    Till,
    cards,  # noqa: F401 - fixture (no payment terminal)
    key,
    till_fixture,  # noqa: F401 - the "till" fixture, given this module's printer
)
from tests.ui.test_receipt_view import pay_exact_cash

SUPERVISOR = next(o for o in OPERATORS if o.role.value == "supervisor")


@pytest.fixture
def printer() -> Iterator[FakeNetworkPrinter]:
    made = FakeNetworkPrinter()
    yield made
    made.close()


def open_shift(till: Till) -> None:
    """The logged-in cashier's shift, opened through the shift service (F9 is tested elsewhere)."""
    db, operator = till.terminal.db, till.window.operator()
    assert operator is not None
    shifts = ShiftService(
        db, terminal=till.terminal.settings.terminal_id, rules=ShiftRules(currency=db.currency())
    )
    shifts.open(operator, CashCount.of(db.currency(), {10_000: 10}))


def payment_state(till: Till, receipt_no: str) -> str:
    row = (
        till.terminal.db.reader()
        .execute("SELECT state FROM payments WHERE receipt_no = ?", (receipt_no,))
        .fetchone()
    )
    return str(row[0])


def void_dialog(qtbot: QtBot, till: Till) -> tuple[ReceiptView, VoidDialog]:
    """Ctrl+D on the receipt view: the void dialog, shown."""
    view = till.window.payments.receipt_view
    key(qtbot, till, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.void_dialog is not None, timeout=5_000)
    dialog = view.void_dialog
    assert dialog is not None and dialog.isVisible()
    return view, dialog


def ask_supervisor(qtbot: QtBot, dialog: VoidDialog, reason: VoidReason) -> ApprovalDialog:
    dialog.reason.setCurrentIndex(dialog.reason.findData(reason.value))
    dialog.void_button.click()
    asking = dialog.approval_dialog
    assert asking is not None and asking.isVisible()
    return asking


def approve(qtbot: QtBot, asking: ApprovalDialog) -> None:
    asking.login_field.setText(SUPERVISOR.login)
    asking.password_field.setText(SUPERVISOR.password)
    asking.approve_button.click()


def test_void_with_approval_marks_it_void_and_prints_the_void_slip(
    qtbot: QtBot, till: Till, printer: FakeNetworkPrinter
) -> None:
    open_shift(till)
    done = pay_exact_cash(qtbot, till)
    number = done.receipt.receipt_no
    view, dialog = void_dialog(qtbot, till)
    texts = {label.objectName(): label.text() for label in dialog.findChildren(DataLabel)}
    assert texts["voidReceiptNo"] == number
    assert texts["voidAmount"] == amount_text(done.receipt.amount_paid)

    # No reason chosen: refused before any supervisor is asked.
    with qtbot.waitSignal(dialog.refused) as refused:
        dialog.void_button.click()
    assert refused.args == ["Choose the reason for the void."]
    assert dialog.approval_dialog is None

    dialog.note.setText("typed 500 for 50")
    asking = ask_supervisor(qtbot, dialog, VoidReason.WRONG_AMOUNT)
    with qtbot.waitSignal(dialog.voided, timeout=15_000) as voided:
        approve(qtbot, asking)
    record = voided.args[0]
    assert record.approved_by == SUPERVISOR.login and record.note == "typed 500 for 50"
    assert payment_state(till, number) == "void"
    found = VoidService(till.terminal.db).find(number)
    assert found is not None and found.reason is VoidReason.WRONG_AMOUNT

    # The view shows the receipt marked VOID and offers its slip.
    qtbot.waitUntil(lambda: view.void_print_button.isVisible(), timeout=10_000)
    shown = view.receipt()
    assert shown is not None and shown.copy.void
    assert "VOID" in view.text.toPlainText() and "VOID" in view.void_state.text()
    before = len(printer.job_bytes())
    view.void_print_button.click()
    qtbot.waitUntil(lambda: view.print_state() == "printed", timeout=15_000)
    sent = printer.job_bytes()[before:]
    assert sent == render_receipt(shown) and b"VOID" in sent

    # Ctrl+D again: void already, no dialog.
    qtbot.waitUntil(lambda: view.void_dialog is None, timeout=5_000)
    till.window.activateWindow()
    view.ask_to_void()
    assert view.void_dialog is None
    assert view.void_state.text() == f"Receipt {number} is void already."


def test_cancel_at_the_approval_changes_nothing(qtbot: QtBot, till: Till) -> None:
    open_shift(till)
    done = pay_exact_cash(qtbot, till)
    number = done.receipt.receipt_no
    view, dialog = void_dialog(qtbot, till)
    asking = ask_supervisor(qtbot, dialog, VoidReason.DUPLICATE)
    with qtbot.waitSignal(dialog.refused) as refused:
        asking.reject()
    assert refused.args == ["Not voided: no supervisor approved it."]
    assert dialog.isVisible() and dialog.message.text() == refused.args[0]
    assert payment_state(till, number) == "taken"
    assert VoidService(till.terminal.db).find(number) is None
    shown = view.receipt()
    assert shown is not None and not shown.copy.void
    assert not view.void_print_button.isVisible()


def test_a_payment_outside_the_open_shift_is_refused_with_the_reason(
    qtbot: QtBot, till: Till
) -> None:
    done = pay_exact_cash(qtbot, till)  # no shift open: the payment belongs to none
    number = done.receipt.receipt_no
    view, dialog = void_dialog(qtbot, till)
    asking = ask_supervisor(qtbot, dialog, VoidReason.WRONG_ACCOUNT)
    with qtbot.waitSignal(dialog.refused, timeout=15_000) as refused:
        approve(qtbot, asking)
    assert refused.args == ["Not voided: Only a payment of the shift now open can be voided."]
    assert dialog.isVisible() and dialog.void_button.isEnabled()
    assert payment_state(till, number) == "taken"
    assert VoidService(till.terminal.db).find(number) is None
    assert not view.void_print_button.isVisible()
