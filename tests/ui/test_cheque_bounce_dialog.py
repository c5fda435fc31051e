"""Ctrl+B on a receipt: a supervisor reports a cheque bounced (NSF); anyone else is refused.

The real receipt view and dialog over a real cache file, payments taken by the real payment
service, the real ChequeBounceService on the TaskRunner's worker. What the service refuses is
shown, and nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.receipt import Receipt
from ebill_core.records import Operator
from ebill_desktop.services.cheque_bounce import ChequeBounceService
from ebill_desktop.services.payment_types import CommittedPayment
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.ui.cheque_bounce_dialog import ChequeBounceDialog
from ebill_desktop.ui.receipt_printing import ReceiptPrinting
from ebill_desktop.ui.receipt_view import ReceiptView
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop.security_support import ADMIN, CASHIER, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import cash, cheque, make_cache, make_service
from tests.desktop.test_shifts import answered, pay


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    yield cache
    cache.close()


@pytest.fixture
def payments(db: CacheDatabase) -> PaymentService:
    return make_service(db)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(10_000)
    tasks.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def view(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, runner: TaskRunner
) -> ReceiptView:
    shown = ReceiptView(payments, runner, ReceiptPrinting(None, payments, runner))
    shown.set_cheque_bounces(ChequeBounceService(db))
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    shown.show()
    return shown


def show(view: ReceiptView, receipt: Receipt, operator: Operator) -> None:
    view.set_operator(operator)
    view.show_receipt(receipt, printed=True, print_now=False)


def ctrl_b(qtbot: QtBot, view: ReceiptView) -> None:
    view.activateWindow()
    view.setFocus()
    qtbot.keyClick(view.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)


def opened(qtbot: QtBot, view: ReceiptView) -> ChequeBounceDialog:
    ctrl_b(qtbot, view)
    qtbot.waitUntil(lambda: view.bounce_dialog is not None, timeout=5_000)
    dialog = view.bounce_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def bounces(db: CacheDatabase) -> list[dict[str, object]]:
    rows = db.reader().execute(
        "SELECT body_json FROM outbox WHERE kind = 'cheque_bounce' ORDER BY terminal_seq"
    )
    return [json.loads(body) for (body,) in rows.fetchall()]


def bounce_audit(db: CacheDatabase) -> list[tuple[str, dict[str, object]]]:
    rows = db.reader().execute(
        "SELECT actor, detail_json FROM audit_log WHERE action = 'cheque_bounce' ORDER BY seq"
    )
    return [(actor, json.loads(detail)) for actor, detail in rows.fetchall()]


def two_cheques(db: CacheDatabase, payments: PaymentService) -> CommittedPayment:
    """Cash, then two cheques; head office has posted the payment."""
    done = pay(
        payments,
        cash(100_00),
        cheque(200_00, number="700111", bank="Canara Bank"),
        cheque(300_00, number="700222"),
    )
    answered(db, done)
    return done


def test_a_supervisor_records_the_chosen_cheque_bounced(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, view: ReceiptView
) -> None:
    done = two_cheques(db, payments)
    show(view, done.receipt, SUPERVISOR)
    assert view.bounce_button.isVisible()
    dialog = opened(qtbot, view)
    # Two cheques: the choice is shown; the first cheque's details, as plain text.
    assert dialog.tender.isVisibleTo(dialog) and dialog.tender.count() == 2
    assert dialog.cheque_no.text() == "700111" and dialog.bank.text() == "Canara Bank, MG Road"
    assert dialog.cheque_no.textFormat() is Qt.TextFormat.PlainText
    dialog.tender.setCurrentIndex(1)
    assert dialog.cheque_no.text() == "700222" and "300.00" in dialog.amount.text()
    # Not confirmed: refused, nothing recorded.
    dialog.record_button.click()
    assert "confirm" in dialog.message.text() and bounces(db) == []
    dialog.confirm.setChecked(True)
    dialog.record_button.click()
    qtbot.waitUntil(lambda: view.bounce_dialog is None, timeout=10_000)
    assert "700222 recorded as bounced" in view.bounce_state.text()
    [body] = bounces(db)
    assert body["payment_id"] == done.payment.payment_id
    assert (body["tender_position"], body["cheque_no"], body["reason_code"]) == (2, "700222", "NSF")
    assert body["approver"] == SUPERVISOR.login
    [(actor, detail)] = bounce_audit(db)
    assert actor == SUPERVISOR.login and detail["tender"] == 3 and detail["cheque_no"] == "700222"
    # The same cheque again: the service refuses with its reason, nothing more is queued.
    again = opened(qtbot, view)
    again.tender.setCurrentIndex(1)
    again.confirm.setChecked(True)
    again.record_button.click()
    qtbot.waitUntil(lambda: "reported bounced before" in again.message.text(), timeout=10_000)
    assert again.isVisible() and len(bounces(db)) == 1
    again.reject()


def test_a_cashier_is_refused_with_the_reason(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, view: ReceiptView
) -> None:
    done = two_cheques(db, payments)
    show(view, done.receipt, CASHIER)
    ctrl_b(qtbot, view)
    assert view.bounce_dialog is None
    assert "Only a supervisor or an administrator" in view.bounce_state.text()
    assert bounces(db) == [] and bounce_audit(db) == []


def test_a_dialog_opened_for_a_cashier_refuses_before_the_service(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, runner: TaskRunner
) -> None:
    done = two_cheques(db, payments)
    dialog = ChequeBounceDialog(ChequeBounceService(db), runner, done.receipt, CASHIER)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(dialog.refused, timeout=2_000):
        dialog.record_button.click()
    assert "Only a supervisor" in dialog.message.text() and bounces(db) == []


def test_a_payment_head_office_does_not_hold_yet_is_refused(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, view: ReceiptView
) -> None:
    done = pay(payments, cheque(150_00, number="700333"))  # still in the outbox
    show(view, done.receipt, ADMIN)
    dialog = opened(qtbot, view)
    assert not dialog.tender.isVisibleTo(dialog)  # one cheque: nothing to choose
    assert dialog.cheque_no.text() == "700333"
    dialog.confirm.setChecked(True)
    dialog.record_button.click()
    qtbot.waitUntil(lambda: "Not recorded" in dialog.message.text(), timeout=10_000)
    assert "Head office has not taken receipt" in dialog.message.text()
    assert dialog.record_button.isEnabled() and bounces(db) == [] and bounce_audit(db) == []
    dialog.reject()


def test_a_receipt_without_a_cheque_offers_no_bounce(
    qtbot: QtBot, db: CacheDatabase, payments: PaymentService, view: ReceiptView
) -> None:
    done = pay(payments, cash(100_00))
    answered(db, done)
    show(view, done.receipt, SUPERVISOR)
    assert not view.bounce_button.isVisible()
    ctrl_b(qtbot, view)
    assert view.bounce_dialog is None and "no cheque" in view.bounce_state.text()
