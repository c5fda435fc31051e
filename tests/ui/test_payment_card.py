"""Card and UPI through the payment terminal simulator on loopback, from the payment view.

Enter sends the card row to the terminal; the Enter after its approval takes the payment. A
declined card takes nothing; removing it and paying cash works; leaving the view reverses an
approval that no payment used. The simulator's own list of sales is the check for double
charges.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_core.protocol.payments import TenderKind
from ebill_desktop.app import Terminal
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.payment_terminals.simulator import TerminalSimulator
from ebill_desktop.ui.tender_card import CardTender
from tests.ui.test_payment_flow import (
    Till,
    account_with,
    assert_printed,
    enter_and_print,
    f8,
    key,
    open_consumer,
    printer,  # noqa: F401 - fixture
    settle_preview,
    till_fixture,  # noqa: F401 - the "till" fixture, given this module's terminal
)

DEVICE = "SIM-UI"


@pytest.fixture
def simulator() -> Iterator[TerminalSimulator]:
    with TerminalSimulator(0, device_id=DEVICE) as running:
        yield running


@pytest.fixture
def cards(terminal: Terminal, simulator: TerminalSimulator) -> CardTenderService:
    reader = HttpPaymentTerminal(simulator.url, DEVICE, timeout=(1.0, 1.5))
    return CardTenderService(terminal.db, reader, poll_interval_s=0.05)


def next_outcomes(simulator: TerminalSimulator, *outcomes: dict[str, object]) -> None:
    response = requests.post(
        f"{simulator.url}/v1/control/script", json={"outcomes": list(outcomes)}, timeout=5
    )
    assert response.status_code == 200, response.text


def sales(simulator: TerminalSimulator) -> list[dict[str, object]]:
    response = requests.get(f"{simulator.url}/v1/control/sales", timeout=5)
    assert response.status_code == 200, response.text
    body = response.json()
    found = body["sales"] if isinstance(body, dict) else body
    assert isinstance(found, list)
    return found


def card_row(qtbot: QtBot, till: Till) -> CardTender:
    key(qtbot, till, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    row = till.pay.tenders[-1]
    assert isinstance(row, CardTender) and row.kind is TenderKind.CARD
    return row


def send(qtbot: QtBot, till: Till, row: CardTender) -> None:
    key(qtbot, till, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not row.busy, timeout=15_000)
    qtbot.waitUntil(lambda: not till.runner.is_busy("payment-preview"), timeout=10_000)


def test_card_approved_on_the_terminal_then_enter_takes_it(
    qtbot: QtBot, till: Till, simulator: TerminalSimulator
) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert till.pay.add_buttons[TenderKind.CARD].isEnabled()
    row = card_row(qtbot, till)
    assert row.amount.text() == draft.total_due.plain()  # the rest; the cash row is left out
    assert "not approved on the terminal yet" in till.pay.problems.text()
    assert not till.pay.confirm_button.isEnabled()
    send(qtbot, till, row)
    assert row.approved(), row.terminal.text()
    assert row.amount.isReadOnly()
    assert "Approved" in row.terminal.text()
    done = enter_and_print(qtbot, till)
    (tender,) = done.receipt.tenders
    assert tender.kind is TenderKind.CARD and tender.amount == draft.total_due
    assert tender.card_last4 and tender.reference  # from the terminal's answer
    received = assert_printed(till, done.receipt)
    assert not received.startswith(b"\x1bp")  # no cash: the drawer stays shut
    assert tender.reference is not None and tender.reference.encode() in received
    assert len(sales(simulator)) == 1


def test_declined_card_takes_nothing_and_cash_pays_instead(
    qtbot: QtBot, till: Till, simulator: TerminalSimulator
) -> None:
    next_outcomes(simulator, {"action": "decline", "reason": "insufficient funds"})
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    row = card_row(qtbot, till)
    send(qtbot, till, row)
    assert not row.approved() and "Declined" in row.terminal.text()
    assert till.window.current_view_name() == "payment"
    row.amount.setFocus()
    key(qtbot, till, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert row not in till.pay.tenders
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    done = enter_and_print(qtbot, till)
    assert [t.kind for t in done.receipt.tenders] == [TenderKind.CASH]
    assert done.receipt.amount_paid == draft.total_due
    assert [s.get("state") for s in sales(simulator)] == ["declined"]


def test_leaving_the_view_reverses_an_unused_approval(
    qtbot: QtBot, till: Till, simulator: TerminalSimulator
) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    f8(qtbot, till)
    row = card_row(qtbot, till)
    send(qtbot, till, row)
    assert row.approved()
    key(qtbot, till, Qt.Key.Key_Escape)
    assert till.window.current_view_name() == "consumer"
    qtbot.waitUntil(
        lambda: [s.get("state") for s in sales(simulator)] == ["reversed"], timeout=15_000
    )
    assert till.terminal.db.reader().execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0
