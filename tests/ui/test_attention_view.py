"""F6: the attention list in the real window, resolved through the real coordinator and outbox."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_core.protocol import PaymentMessage
from ebill_desktop.app import Terminal, build_services
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.sync.coordinator import SyncCoordinator
from ebill_desktop.sync.outbox import (
    Answer,
    OutboxState,
    Resolution,
    attention_items,
    find_item,
    record_answers,
)
from ebill_desktop.ui.attention_view import AttentionView
from ebill_desktop.ui.counter_app import apply_look
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner
from tests.sync.soak_sender import OpenBill, enqueue_payments, make_payments

CASHIER = next(o for o in OPERATORS if o.login == "cashier")
SUPERVISOR = next(o for o in OPERATORS if o.login == "supervisor")
REASON = "rejected: bill_unknown <b>not bold</b>"


@dataclass
class Counter:
    window: MainWindow
    payments: list[PaymentMessage]
    terminal: Terminal


def _no_keyring() -> CredentialStore:
    raise AssertionError("the attention list never reads the keyring")


@pytest.fixture
def counter(qtbot: QtBot, terminal: Terminal) -> Iterator[Counter]:
    """The window over the demo cache, with two payments on the attention list."""
    bills = [OpenBill("014000000001", "2610000000001", 1, 120_000)]
    taken = make_payments(bills, [1, 2, 3], random.Random(3), terminal_id=7)
    enqueue_payments(terminal.db, taken)
    with terminal.db.write_transaction() as connection:
        record_answers(
            connection,
            [Answer(p.payment_id, OutboxState.ATTENTION, None, REASON) for p in taken[:2]],
            datetime.now(UTC),
        )
    # Not enrolled: its worker only reads the local counts; the list works all the same.
    coordinator = SyncCoordinator(
        terminal.db, terminal.paths.data_dir, terminal.settings, _no_keyring
    )
    coordinator.start()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, terminal.settings)
    runner = TaskRunner()
    window = MainWindow(build_services(terminal.db, sync=coordinator), runner, terminal.settings)
    window.resize(1280, 800)
    window.show()
    assert window.sync_ui is not None
    bar = window.sync_ui.bar
    qtbot.waitUntil(lambda: bar.attention_button.text() == "2 need attention (F6)", timeout=5_000)
    yield Counter(window, taken, terminal)
    window.close()
    assert coordinator.stop(5)
    assert runner.shutdown(10_000)
    window.deleteLater()
    runner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def log_in(qtbot: QtBot, window: MainWindow, login: str, password: str) -> None:
    view = window.login_view
    view.operator_field.setText(login)
    view.password_field.setText(password)
    with qtbot.waitSignal(view.logged_in, timeout=10_000):
        view.submit()


def open_list(qtbot: QtBot, window: MainWindow) -> AttentionView:
    sync_ui = window.sync_ui
    assert sync_ui is not None
    if sync_ui.attention is None:
        sync_ui.open_attention()  # the first time: the view is made, then loads
        assert sync_ui.attention is not None
        with qtbot.waitSignal(sync_ui.attention.loaded, timeout=5_000):
            pass
    else:
        with qtbot.waitSignal(sync_ui.attention.loaded, timeout=5_000):
            qtbot.keyClick(window, Qt.Key.Key_F6)
    assert sync_ui.attention.isVisible()
    return sync_ui.attention


def cell_texts(view: AttentionView) -> list[list[str]]:
    model = view.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_f6_needs_a_log_in_and_shows_what_why_and_when(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    assert window.sync_ui is not None
    qtbot.keyClick(window, Qt.Key.Key_F6)  # nobody logged in: nothing opens
    assert window.sync_ui.attention is None
    log_in(qtbot, window, CASHIER.login, CASHIER.password)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    view = window.sync_ui.attention
    assert view is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5_000)
    rows = cell_texts(view)
    first = counter.payments[0]
    assert rows[0][1:] == [first.receipt_no, first.account_no, amount_text(first.amount), REASON]
    assert {r[1] for r in rows} == {p.receipt_no for p in counter.payments[:2]}
    assert window.sync_ui.bar.attention_button.text() == "2 need attention (F6)"
    # A cashier may retry but not set aside.
    assert view.retry_button.isEnabled() and not view.set_aside_button.isEnabled()
    with qtbot.waitSignal(view.refused) as refused:
        view.resolve_chosen(Resolution.SET_ASIDE)
    assert refused.args == ["Only a supervisor can set a payment aside."]
    assert len(attention_items(counter.terminal.db)) == 2
    # Locking the counter (the idle lock, while the list is open) closes the list.
    window.lock()
    assert window.current_view_name() == "login" and not view.isVisible()


def test_set_aside_needs_a_note_then_keeps_it(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    log_in(qtbot, window, SUPERVISOR.login, SUPERVISOR.password)
    view = open_list(qtbot, window)
    assert view.set_aside_button.isEnabled()
    chosen = view.chosen()
    assert chosen is not None
    with qtbot.waitSignal(view.refused) as refused:
        qtbot.mouseClick(view.set_aside_button, Qt.MouseButton.LeftButton)
    assert refused.args == ["Write a note first: who decided to set it aside, and why."]
    assert view.message.text() == refused.args[0]
    assert find_item(counter.terminal.db, chosen.item_id).state is OutboxState.ATTENTION  # type: ignore[union-attr]

    view.note_field.setText("posted by hand at head office, ticket 4411")
    with qtbot.waitSignal(view.resolved, timeout=5_000):
        qtbot.mouseClick(view.set_aside_button, Qt.MouseButton.LeftButton)
    item = find_item(counter.terminal.db, chosen.item_id)
    assert item is not None and item.state is OutboxState.DONE
    assert item.resolution == "set_aside: supervisor: posted by hand at head office, ticket 4411"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5_000)
    assert view.message.text() == f"Receipt {chosen.receipt_no} was set aside."
    bar = window.sync_ui.bar  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bar.attention_button.text() == "1 need attention (F6)", timeout=5_000)
    assert view.note_field.text() == ""


def test_retry_sends_the_item_again(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    log_in(qtbot, window, CASHIER.login, CASHIER.password)
    view = open_list(qtbot, window)
    chosen = view.chosen()
    assert chosen is not None
    with qtbot.waitSignal(view.resolved, timeout=5_000) as resolved:
        qtbot.keyClick(view.retry_button, Qt.Key.Key_Space)
    assert resolved.args == [chosen.item_id, "retry"]
    item = find_item(counter.terminal.db, chosen.item_id)
    assert item is not None and item.state is OutboxState.PENDING
    assert item.resolution == "retry: cashier: retried from the counter"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5_000)
    bar = window.sync_ui.bar  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bar.status().pending == 2, timeout=5_000)  # type: ignore[union-attr]
    assert bar.attention_button.text() == "1 need attention (F6)"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
