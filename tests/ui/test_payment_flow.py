"""Taking payments through the real window: real services, real cache, a printer on loopback.

Every test drives the counter with keys (F8, Enter, Ctrl+Q ...) and ends at the bytes our own
network printer (tests/printing/fake_printer.py) received: the receipt the service committed,
rendered, on the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.bill_barcode import BillBarcode
from ebill_core.demo.catalogue import OPERATORS
from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import Receipt, ReceiptStatus
from ebill_core.records import Operator, OperatorRole
from ebill_desktop.app import Terminal, build_services
from ebill_desktop.printing.receipt_escpos import render_receipt
from ebill_desktop.security.approvals import ApprovalService
from ebill_desktop.services.account_summary import AccountSummary, AccountSummaryService
from ebill_desktop.services.payment_types import CommittedPayment, PaymentDraft, PaymentPreview
from ebill_desktop.ui.counter_app import apply_look
from ebill_desktop.ui.counter_services import CardTenders, Payments
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.payment_view import PaymentView, Stage
from ebill_desktop.ui.tasks import TaskRunner
from ebill_desktop.ui.tender_cash import CashTender
from ebill_desktop.ui.tender_instrument import InstrumentTender
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.ui.conftest import FakeClock

CASHIER = OPERATORS[0]


@dataclass
class Till:
    window: MainWindow
    runner: TaskRunner
    clock: FakeClock
    terminal: Terminal
    printer: FakeNetworkPrinter
    payments: Payments  # the real payment service the window uses

    @property
    def pay(self) -> PaymentView:
        return self.window.payments.payment_view


@pytest.fixture
def printer() -> Iterator[FakeNetworkPrinter]:
    made = FakeNetworkPrinter()
    yield made
    made.close()


@pytest.fixture
def cards() -> CardTenders | None:
    """The payment terminal (none here: card and UPI are off)."""
    return None


@pytest.fixture(name="till")
def till_fixture(
    qtbot: QtBot, terminal: Terminal, printer: FakeNetworkPrinter, cards: CardTenders | None
) -> Iterator[Till]:
    """The real window, logged in, printing to our loopback printer, online unless told."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, terminal.settings)
    runner = TaskRunner()
    clock = FakeClock()
    services = build_services(terminal.db, settings=terminal.settings, printer_uri=printer.uri)
    services = replace(services, cards=cards, approvals=ApprovalService(terminal.db))
    window = MainWindow(services, runner, terminal.settings, clock=clock)
    window.payments.online = lambda: True
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    # Logged in as the login view reports it (the password check itself is tested elsewhere;
    # argon2 per test would double the time of these tests).
    window.login_view.logged_in.emit(
        Operator(CASHIER.login, CASHIER.full_name, OperatorRole.CASHIER, "", "SD-001")
    )
    assert window.current_view_name() == "lookup"
    yield Till(window, runner, clock, terminal, printer, services.payments)
    window.close()
    assert runner.shutdown(10_000)
    window.deleteLater()
    runner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- helpers ----------


def account_with(till: Till, policy: str, *, bills: int = 1) -> AccountSummary:
    """An account of the demo cache whose category has ``policy`` and >= ``bills`` open bills."""
    rows = (
        till.terminal.db.reader()
        .execute(
            "SELECT a.account_no FROM accounts a JOIN categories c ON c.code = a.category_code "
            "JOIN bills b ON b.account_id = a.id AND b.status IN ('open', 'part_paid') "
            "WHERE c.exactness = ? AND a.status = 'active' GROUP BY a.id "
            "HAVING COUNT(*) >= ? ORDER BY a.account_no",
            (policy, bills),
        )
        .fetchall()
    )
    assert rows, f"no {policy} account with {bills} open bills in the demo cache"
    summary = AccountSummaryService(till.terminal.db).summary(rows[0][0])
    assert summary is not None
    return summary


def key(
    qtbot: QtBot, till: Till, which: Qt.Key, modifier: Qt.KeyboardModifier | None = None
) -> None:
    """One key, typed at whatever has the focus, slower than a scanner."""
    till.clock.advance_ms(150)
    target = QApplication.focusWidget() or till.window
    if modifier is None:
        qtbot.keyClick(target, which)
    else:
        qtbot.keyClick(target, which, modifier)


def type_text(qtbot: QtBot, till: Till, text: str) -> None:
    """Keys typed by a person; the scanner holds the last digit back until its gap passes."""
    for ch in text:
        till.clock.advance_ms(150)
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    till.clock.advance_ms(150)
    qtbot.waitUntil(lambda: not till.window.scanner.holding, timeout=2_000)


def open_consumer(qtbot: QtBot, till: Till, account_no: str) -> None:
    with qtbot.waitSignal(till.window.consumer_view.summary_shown, timeout=10_000):
        till.window.open_account(account_no)


def f8(qtbot: QtBot, till: Till) -> PaymentDraft:
    with qtbot.waitSignal(till.pay.draft_shown, timeout=10_000) as shown:
        key(qtbot, till, Qt.Key.Key_F8)
    settle_preview(qtbot, till)
    draft = shown.args[0]
    assert isinstance(draft, PaymentDraft)
    return draft


def settle_preview(qtbot: QtBot, till: Till) -> PaymentPreview:
    """Wait until no preview is on its way, and return the one shown."""
    qtbot.waitUntil(lambda: not till.runner.is_busy("payment-preview"), timeout=10_000)
    preview = till.pay.preview()
    assert preview is not None
    return preview


def enter_and_print(qtbot: QtBot, till: Till) -> CommittedPayment:
    with qtbot.waitSignal(till.pay.paid, timeout=10_000) as paid:
        key(qtbot, till, Qt.Key.Key_Return)
    view = till.window.payments.receipt_view
    qtbot.waitUntil(lambda: view.print_state() == "printed", timeout=10_000)
    done = paid.args[0]
    assert isinstance(done, CommittedPayment)
    return done


def assert_printed(till: Till, receipt: Receipt) -> bytes:
    """The printer got exactly this receipt's bytes (after the drawer kick, if any)."""
    received = till.printer.job_bytes()
    assert render_receipt(receipt) in received
    assert receipt.receipt_no.encode() in received
    return received


class KeyCounter(QObject):
    """Counts keystrokes anywhere in the application: a key press (or the shortcut override
    Qt sends for one) followed by its release is one keystroke, however far it propagates."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self._pressed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            self._pressed = True
        elif kind == QEvent.Type.KeyRelease and self._pressed:
            self._pressed = False
            self.count += 1
        return False


# -- the keyboard flow ----------


def test_scan_to_printed_receipt_for_exact_cash_in_at_most_4_keys(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any")
    bill = summary.open_bills[-1]
    code = BillBarcode(bill.account_no, bill.bill_no, bill.net_payable, bill.due_date).encode()
    window = till.window
    focus = window.lookup_view.search_field
    focus.setFocus()
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        for digit in code:
            till.clock.advance_ms(3)
            qtbot.keyClick(focus, digit)
        till.clock.advance_ms(3)
        qtbot.keyClick(focus, Qt.Key.Key_Return)

    counter = KeyCounter()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(counter)
    try:
        draft = f8(qtbot, till)
        done = enter_and_print(qtbot, till)
    finally:
        app.removeEventFilter(counter)
    assert counter.count <= 4, counter.count
    assert counter.count == 2  # F8, Enter
    receipt = done.receipt
    assert receipt.account_no == summary.account.account_no
    assert receipt.amount_paid == draft.total_due
    assert [t.kind for t in receipt.tenders] == [TenderKind.CASH]
    received = assert_printed(till, receipt)
    assert received.startswith(b"\x1bp")  # the drawer opened first: a cash payment
    assert window.current_view_name() == "receipt"
    assert done.payment.receipt.receipt_no == receipt.receipt_no

    # The next scan starts the next customer, from the receipt view.
    receipt_text_view = window.payments.receipt_view.text
    receipt_text_view.setFocus()
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        for digit in code:
            till.clock.advance_ms(3)
            qtbot.keyClick(receipt_text_view, digit)
        till.clock.advance_ms(3)
        qtbot.keyClick(receipt_text_view, Qt.Key.Key_Return)
    assert window.current_view_name() == "consumer"


def test_cash_with_change_from_the_note_keys(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    cash = till.pay.tenders[0]
    assert isinstance(cash, CashTender)
    notes = -(-draft.total_due.minor // 2000_00)  # enough ₹2,000 notes
    for _ in range(notes):
        key(qtbot, till, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    handed = notes * 2000_00
    preview = settle_preview(qtbot, till)
    assert preview.change.minor == handed - draft.total_due.minor
    assert till.pay.sums["change"].text().endswith(preview.change.plain().split(".")[1])
    done = enter_and_print(qtbot, till)
    tender = done.receipt.tenders[0]
    assert tender.tendered is not None and tender.tendered.minor == handed
    assert done.receipt.change is not None
    assert done.receipt.change.minor == handed - draft.total_due.minor
    received = assert_printed(till, done.receipt)
    assert b"Change given" in received
    # Taken online, not confirmed yet: provisional, but not "OFFLINE".
    assert b"PROVISIONAL" in received and b"OFFLINE" not in received


def test_split_cash_and_cheque(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    key(qtbot, till, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    cheque = till.pay.tenders[-1]
    assert isinstance(cheque, InstrumentTender) and cheque.kind is TenderKind.CHEQUE
    assert cheque.amount.hasFocus()
    type_text(qtbot, till, "1000")
    cheque.number.setText("004512")
    cheque.day.setText(date.today().strftime("%d/%m/%Y"))
    cheque.bank.setText("State Bank of India")
    cheque.branch.setText("MG Road")
    cheque.ifsc.setText("sbin0001234")
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    done = enter_and_print(qtbot, till)
    kinds = {t.kind: t for t in done.receipt.tenders}
    assert kinds[TenderKind.CHEQUE].amount.minor == 1000_00
    assert kinds[TenderKind.CHEQUE].reference == "004512"
    assert kinds[TenderKind.CASH].amount.minor == draft.total_due.minor - 1000_00
    assert (
        done.payment.tenders[[t.kind for t in done.payment.tenders].index(TenderKind.CHEQUE)].ifsc
        == "SBIN0001234"
    )
    received = assert_printed(till, done.receipt)
    assert b"004512" in received


def test_partial_payment_leaves_a_balance(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert till.pay.amount.hasFocus()
    type_text(qtbot, till, "500")  # the amount was selected: typing replaces it
    preview = settle_preview(qtbot, till)
    assert preview.ok and preview.amount.minor == 500_00
    assert preview.balance_after.minor == draft.total_due.minor - 500_00
    done = enter_and_print(qtbot, till)
    assert done.receipt.amount_paid.minor == 500_00
    assert done.receipt.balance_after.minor == draft.total_due.minor - 500_00
    assert_printed(till, done.receipt)


def test_advance_goes_to_credit(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "at_least")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    more = draft.total_due.minor + 1000_00
    till.pay.amount.selectAll()
    type_text(qtbot, till, f"{more // 100}.{more % 100:02d}")
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    assert preview.advance.minor == 1000_00
    assert till.pay.allocation.records()[-1].component == "advance"
    done = enter_and_print(qtbot, till)
    assert done.receipt.balance_after.minor == -1000_00
    assert any(a.bill_no is None and a.amount.minor == 1000_00 for a in done.receipt.allocations)
    assert_printed(till, done.receipt)


def test_exact_category_refuses_a_part_payment_in_words_and_esc_leaves(
    qtbot: QtBot, till: Till
) -> None:
    summary = account_with(till, "exact")
    open_consumer(qtbot, till, summary.account.account_no)
    f8(qtbot, till)
    till.pay.amount.selectAll()
    type_text(qtbot, till, "1")
    preview = settle_preview(qtbot, till)
    assert not preview.ok
    assert "exactly" in till.pay.problems.text()
    assert not till.pay.confirm_button.isEnabled()
    key(qtbot, till, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not till.runner.is_busy("payment-confirm"), timeout=10_000)
    assert till.pay.stage() is Stage.READY
    assert till.window.current_view_name() == "payment"
    history = till.window.payments.history_view
    assert till.terminal.db.reader().execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0
    assert history.model.rowCount() == 0
    assert till.printer.job_bytes() == b""
    key(qtbot, till, Qt.Key.Key_Escape)  # leave without taking anything
    assert till.window.current_view_name() == "consumer"


def test_two_bills_both_chosen_oldest_first(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any", bills=2)
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert len(draft.bills) >= 2
    assert [b.bill_no for b in till.pay.bills.chosen()] == [b.bill_no for b in draft.bills]
    dates = [b.bill.bill_date for b in draft.bills]
    assert dates == sorted(dates)
    done = enter_and_print(qtbot, till)
    assert [b.bill_no for b in done.receipt.bills] == [b.bill_no for b in draft.bills]
    paid_bills = {a.bill_no for a in done.receipt.allocations}
    assert {b.bill_no for b in draft.bills} <= paid_bills
    assert done.receipt.balance_after.minor == 0
    assert_printed(till, done.receipt)


def test_space_unticks_a_bill_and_the_amount_follows(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any", bills=2)
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    table = till.pay.bills_table
    table.setFocus()
    table.selectRow(len(draft.bills) - 1)
    key(qtbot, till, Qt.Key.Key_Space)
    kept = draft.bills[:-1]
    owed = sum(b.outstanding.total.minor for b in kept)
    preview = settle_preview(qtbot, till)
    assert preview.amount.minor == owed
    done = enter_and_print(qtbot, till)
    assert {a.bill_no for a in done.receipt.allocations} == {b.bill_no for b in kept}


def _offline_policy(till: Till, *, per_payment: int, total: int) -> None:
    """Head office's offline policy for this branch, as the change feed leaves it, just synced."""
    import json
    from datetime import UTC, datetime

    from ebill_core.money import Money
    from ebill_core.protocol.records import OfflinePolicy, policy_to_wire
    from ebill_desktop.storage.change_apply import OFFLINE_POLICY
    from ebill_desktop.storage.database import set_data_as_of, set_sync_value

    policy = OfflinePolicy("BR-1", 24, Money(total), Money(per_payment))
    with till.terminal.db.write_transaction() as connection:
        set_sync_value(connection, OFFLINE_POLICY, json.dumps(policy_to_wire(policy)))
        set_data_as_of(connection, datetime.now(UTC))


def test_offline_payment_within_the_limits_is_provisional(qtbot: QtBot, till: Till) -> None:
    till.window.payments.online = lambda: False
    _offline_policy(till, per_payment=1000_00, total=5000_00)
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert draft.offline and draft.total_due.minor > 1000_00
    pay = till.pay
    for kind in (TenderKind.CARD, TenderKind.UPI):
        assert not pay.add_buttons[kind].isEnabled()
    assert "offline" in pay.online_only_reason.text()
    assert pay.offline.isVisibleTo(pay) and "OFFLINE" in pay.offline.text()
    assert "₹1,000.00 per payment" in pay.offline.text()
    # Over the per-payment limit: refused in words, and Enter takes nothing.
    preview = settle_preview(qtbot, till)
    assert not preview.ok and "at most" in pay.problems.text()
    key(qtbot, till, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not till.runner.is_busy("payment-confirm"), timeout=10_000)
    assert till.window.current_view_name() == "payment"
    # Within it: a part payment, taken offline.
    pay.amount.setFocus()
    pay.amount.selectAll()
    type_text(qtbot, till, "600")
    preview = settle_preview(qtbot, till)
    assert preview.ok, preview.problems
    done = enter_and_print(qtbot, till)
    assert done.payment.offline and done.receipt.taken_offline
    assert done.receipt.status is ReceiptStatus.PROVISIONAL
    received = assert_printed(till, done.receipt)
    assert b"OFFLINE - PROVISIONAL" in received


def test_offline_without_a_policy_takes_nothing(qtbot: QtBot, till: Till) -> None:
    till.window.payments.online = lambda: False
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert draft.offline_standing is not None and draft.offline_standing.refusal
    assert draft.offline_standing.refusal in till.pay.offline.text()
    assert not till.pay.confirm_button.isEnabled()
    key(qtbot, till, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not till.runner.is_busy("payment-confirm"), timeout=10_000)
    assert till.terminal.db.reader().execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


def test_a_bill_amended_centrally_meanwhile_is_still_paid(qtbot: QtBot, till: Till) -> None:
    from ebill_core.money import Money
    from ebill_core.records import AccountBundle
    from ebill_desktop.storage.bundle_import import add_account_bundle

    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    # Head office amends the bill while the payment view is open: a new version, a new amount.
    bill = summary.open_bills[-1]
    amended = replace(bill, version=bill.version + 1, net_payable=bill.net_payable + Money(100_00))
    bills = tuple(amended if b.bill_no == bill.bill_no else b for b in summary.recent_bills)
    add_account_bundle(
        till.terminal.db,
        AccountBundle(
            consumer=summary.consumer,
            account=summary.account,
            meters=summary.meters,
            readings=(),
            bills=bills,
            consumption=summary.consumption,
            postings=summary.postings,
        ),
    )
    done = enter_and_print(qtbot, till)
    assert done.receipt.amount_paid == draft.total_due  # what the cashier saw and took
    versions = {a.bill_no: a.bill_version for a in done.payment.allocations if a.bill_no}
    assert versions[bill.bill_no] == bill.version  # the version seen: head office reconciles
    assert_printed(till, done.receipt)


def test_double_enter_takes_one_payment(qtbot: QtBot, till: Till) -> None:
    summary = account_with(till, "any")
    open_consumer(qtbot, till, summary.account.account_no)
    f8(qtbot, till)
    with qtbot.waitSignal(till.pay.paid, timeout=10_000):
        key(qtbot, till, Qt.Key.Key_Return)
        assert till.pay.stage() in (Stage.CONFIRMING, Stage.DONE)
        assert not till.pay.confirm_button.isEnabled()  # disabled while it works
        key(qtbot, till, Qt.Key.Key_Return)  # before the first one's answer came back
        key(qtbot, till, Qt.Key.Key_Enter)
    view = till.window.payments.receipt_view
    qtbot.waitUntil(lambda: view.print_state() == "printed", timeout=10_000)
    key(qtbot, till, Qt.Key.Key_Return)  # on the receipt view: nothing to confirm
    qtbot.waitUntil(lambda: not till.runner.is_busy(), timeout=10_000)
    count = till.terminal.db.reader().execute(
        "SELECT COUNT(*) FROM payments WHERE account_no = ?", (summary.account.account_no,)
    )
    assert count.fetchone()[0] == 1
    receipt = view.receipt()
    assert receipt is not None
    assert till.printer.job_bytes().count(receipt.receipt_no.encode()) == (
        render_receipt(receipt).count(receipt.receipt_no.encode())
    )


def test_a_name_with_markup_is_plain_text_in_payment_and_receipt(qtbot: QtBot, till: Till) -> None:
    from ebill_core.records import AccountBundle
    from ebill_desktop.storage.bundle_import import add_account_bundle

    template = account_with(till, "any")
    account_no = "999000000003"
    bills = tuple(
        replace(b, bill_no="99" + b.bill_no[2:], account_no=account_no)
        for b in template.recent_bills
    )
    add_account_bundle(
        till.terminal.db,
        AccountBundle(
            consumer=replace(template.consumer, consumer_id=99_000_003, name="<b>x</b>"),
            account=replace(
                template.account, account_no=account_no, legacy_no=None, consumer_id=99_000_003
            ),
            meters=(),
            readings=(),
            bills=bills,
            consumption=(),
        ),
    )
    open_consumer(qtbot, till, account_no)
    f8(qtbot, till)
    assert till.pay.name.textFormat() == Qt.TextFormat.PlainText
    assert till.pay.name.text() == "<b>x</b>"
    done = enter_and_print(qtbot, till)
    view = till.window.payments.receipt_view
    assert "<b>x</b>" in view.text.toPlainText()
    assert view.summary.textFormat() == Qt.TextFormat.PlainText
    assert "<b>x</b>" in view.summary.text()
    assert done.receipt.consumer_name == "<b>x</b>"


def test_paid_today_elsewhere_is_a_warning_before_taking_money(qtbot: QtBot, till: Till) -> None:
    from datetime import UTC, datetime

    from ebill_core.money import Money
    from ebill_core.records import AccountBundle, PaymentPosting
    from ebill_desktop.storage.bundle_import import add_account_bundle

    summary = account_with(till, "any")
    online = PaymentPosting(
        payment_id="6f1c1d1e-0000-4000-8000-000000000001",
        account_no=summary.account.account_no,
        paid_at=datetime.now(UTC),
        amount=Money(250_00),
        channel="online",
        place="BBPS",
        receipt_no=None,
    )
    add_account_bundle(
        till.terminal.db,
        AccountBundle(
            consumer=summary.consumer,
            account=summary.account,
            meters=summary.meters,
            readings=(),
            bills=summary.recent_bills,
            consumption=summary.consumption,
            postings=(online, *summary.postings),
        ),
    )
    open_consumer(qtbot, till, summary.account.account_no)
    draft = f8(qtbot, till)
    assert draft.warnings
    warning = till.pay.warnings
    assert warning.isVisibleTo(till.pay)
    assert warning.text() == "\n".join(draft.warnings)
    assert warning.textFormat() == Qt.TextFormat.PlainText
