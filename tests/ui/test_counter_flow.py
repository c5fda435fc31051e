"""The counter as a cashier uses it: real window, real services, real demo cache, no sleeps."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ebill_core.bill_barcode import BillBarcode
from ebill_core.demo.catalogue import OPERATORS
from ebill_core.demo.generator import DemoParams, generate_utility
from ebill_desktop.services.account_summary import AccountSummary, AccountSummaryService
from ebill_desktop.services.lookup_results import LookupKind, LookupOutcome
from ebill_desktop.storage.bundle_import import add_account_bundle
from ebill_desktop.ui.display import amount_text
from tests.ui.conftest import DEMO_CUSTOMERS, Counter, FakeClock

CASHIER = OPERATORS[0]


def type_like_a_person(qtbot: QtBot, clock: FakeClock, widget: QWidget, text: str) -> None:
    """ASCII keys one by one, 150 ms apart on the scanner's clock (slower than any scanner)."""
    for ch in text:
        clock.advance_ms(150)
        qtbot.keyClick(widget, ch)


def press(qtbot: QtBot, clock: FakeClock, widget: QWidget, key: Qt.Key) -> None:
    clock.advance_ms(150)
    qtbot.keyClick(widget, key)


def log_in(qtbot: QtBot, counter: Counter) -> None:
    login = counter.window.login_view
    type_like_a_person(qtbot, counter.clock, login.operator_field, CASHIER.login)
    press(qtbot, counter.clock, login.operator_field, Qt.Key.Key_Return)
    assert login.password_field.hasFocus()
    type_like_a_person(qtbot, counter.clock, login.password_field, CASHIER.password)
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        press(qtbot, counter.clock, login.password_field, Qt.Key.Key_Return)
    assert counter.window.current_view_name() == "lookup"


def summary_with_open_bills(counter: Counter) -> AccountSummary:
    """An account of the demo cache that owes money (found through the real service)."""
    summaries = AccountSummaryService(counter.terminal.db)
    utility = generate_utility(DemoParams(customers=DEMO_CUSTOMERS, seed=42))
    for bundle in utility.bundles():
        summary = summaries.summary(bundle.account.account_no)
        if summary is not None and len(summary.open_bills) >= 1:
            return summary
    raise AssertionError("the demo cache has no account with open bills")


def open_bill_texts(counter: Counter) -> list[tuple[str, str]]:
    model = counter.window.consumer_view.open_bills
    still_due = model.columnCount() - 1
    return [
        (model.index(r, 0).data(), model.index(r, still_due).data())
        for r in range(model.rowCount())
    ]


def search(qtbot: QtBot, counter: Counter, text: str) -> LookupOutcome:
    lookup = counter.window.lookup_view
    lookup.search_field.setText(text)  # setText: non-ASCII text must never go through keyClicks
    with qtbot.waitSignal(lookup.outcome_shown, timeout=10_000) as shown:
        press(qtbot, counter.clock, lookup.search_field, Qt.Key.Key_Return)
    outcome = shown.args[0]
    assert isinstance(outcome, LookupOutcome)
    return outcome


def test_log_in_type_an_account_number_and_the_consumer_shows_its_bills(
    qtbot: QtBot, counter: Counter
) -> None:
    expected = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    window = counter.window
    assert window.operator_label.text() == f"{CASHIER.full_name} ({CASHIER.login})"
    field = window.lookup_view.search_field
    assert field.hasFocus()
    type_like_a_person(qtbot, counter.clock, field, expected.account.account_no)
    counter.clock.advance_ms(150)  # the last key is held for the burst gap, then typed
    qtbot.waitUntil(lambda: field.text() == expected.account.account_no, timeout=2_000)
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        press(qtbot, counter.clock, field, Qt.Key.Key_Return)
    assert window.current_view_name() == "consumer"
    view = window.consumer_view
    assert view.name.text() == expected.consumer.name
    assert view.details["account_no"].text() == expected.account.account_no
    assert open_bill_texts(counter) == [
        (b.bill_no, amount_text(b.outstanding)) for b in expected.open_bills
    ]
    assert view.total_due.text() == amount_text(expected.total_outstanding)
    assert view.data_as_of.text().startswith("Data as of")
    assert view.chart.points() == expected.consumption
    assert view.postings.rowCount() == len(expected.postings)
    assert view.recent_bills.rowCount() == len(expected.recent_bills)


def test_wrong_password_is_refused_in_words_and_stays_on_login(
    qtbot: QtBot, counter: Counter
) -> None:
    login = counter.window.login_view
    login.operator_field.setText(CASHIER.login)
    login.password_field.setText("wrong")
    with qtbot.waitSignal(login.refused, timeout=10_000) as refused:
        press(qtbot, counter.clock, login.password_field, Qt.Key.Key_Return)
    assert refused.args[0]
    assert login.message.isVisible() and login.message.text() == refused.args[0]
    assert login.password_field.text() == ""
    assert counter.window.current_view_name() == "login"
    assert counter.window.operator() is None


def test_empty_login_is_refused_without_asking_the_service(qtbot: QtBot, counter: Counter) -> None:
    login = counter.window.login_view
    with qtbot.waitSignal(login.refused, timeout=1_000) as refused:
        press(qtbot, counter.clock, login.password_field, Qt.Key.Key_Return)
    assert refused.args == ["Type your operator login."]
    assert not counter.runner.is_busy()


def test_scanner_burst_from_the_consumer_view_opens_the_scanned_bills_consumer(
    qtbot: QtBot, counter: Counter
) -> None:
    first = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    window = counter.window
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        window.open_account(first.account.account_no)

    # Another consumer's bill is scanned while the first consumer is on screen.
    summaries = AccountSummaryService(counter.terminal.db)
    utility = generate_utility(DemoParams(customers=DEMO_CUSTOMERS, seed=42))
    second = next(
        s
        for b in utility.bundles()
        if b.account.account_no != first.account.account_no
        and (s := summaries.summary(b.account.account_no)) is not None
        and s.open_bills
    )
    bill = second.open_bills[-1]
    code = BillBarcode(bill.account_no, bill.bill_no, bill.net_payable, bill.due_date).encode()
    focus = window.consumer_view.open_bills_table
    focus.setFocus()
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000) as shown:
        for digit in code:
            counter.clock.advance_ms(3)
            qtbot.keyClick(focus, digit)
        counter.clock.advance_ms(3)
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert shown.args[0].account.account_no == second.account.account_no
    assert window.current_view_name() == "consumer"
    outcome = window.lookup_view.last_outcome()
    assert outcome is not None and outcome.kind == LookupKind.BARCODE
    assert window.lookup_view.search_field.text() == code  # what was scanned, not typed twice
    table = window.consumer_view.open_bills_table
    chosen = table.currentIndex()
    assert chosen.isValid() and chosen.siblingAtColumn(0).data() == bill.bill_no
    assert bill.bill_no in window.consumer_view.notice.text()


def test_a_burst_on_the_login_view_is_not_typed_into_the_password(
    qtbot: QtBot, counter: Counter
) -> None:
    login = counter.window.login_view
    login.password_field.setFocus()
    for digit in "1000234500172":
        counter.clock.advance_ms(2)
        qtbot.keyClick(login.password_field, digit)
    counter.clock.advance_ms(2)
    qtbot.keyClick(login.password_field, Qt.Key.Key_Return)
    assert login.password_field.text() == ""
    assert login.message.text() == "Log in before scanning a bill."


def test_name_search_ignores_accents(qtbot: QtBot, counter: Counter) -> None:
    log_in(qtbot, counter)
    outcome = search(qtbot, counter, "jose")
    names = [hit.name for hit in outcome.hits]
    assert any("José" in name for name in names), names
    model = counter.window.lookup_view.model
    shown = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert shown == names


def test_several_results_up_down_and_enter_open_the_chosen_row(
    qtbot: QtBot, counter: Counter
) -> None:
    log_in(qtbot, counter)
    outcome = search(qtbot, counter, "kumar")
    assert len(outcome.hits) >= 3
    lookup = counter.window.lookup_view
    assert counter.window.current_view_name() == "lookup"
    assert "consumers found" in lookup.message.text()
    field = lookup.search_field
    press(qtbot, counter.clock, field, Qt.Key.Key_Down)
    press(qtbot, counter.clock, field, Qt.Key.Key_Down)
    press(qtbot, counter.clock, field, Qt.Key.Key_Up)
    press(qtbot, counter.clock, field, Qt.Key.Key_Down)
    assert field.hasFocus()
    row = lookup.table.currentIndex().row()
    assert row == 1
    chosen = lookup.proxy.index(row, 0).data()
    with qtbot.waitSignal(counter.window.consumer_view.summary_shown, timeout=10_000) as shown:
        press(qtbot, counter.clock, field, Qt.Key.Key_Return)
    assert shown.args[0].account.account_no == chosen


def test_too_many_results_ask_for_more_letters(qtbot: QtBot, counter: Counter) -> None:
    log_in(qtbot, counter)
    counter.window.lookup_view._limit = 2
    outcome = search(qtbot, counter, "kumar")
    assert outcome.truncated
    assert "More than 2 consumers match" in counter.window.lookup_view.message.text()


@pytest.mark.parametrize(
    "text",
    [
        "1" + "0" * 41 + "9",  # a bill bar code whose check digit is wrong
        "x" * 10_000,
        "'; DROP TABLE accounts; --",
        "<b>bold</b>",
    ],
)
def test_bad_input_gets_a_plain_message_and_opens_nothing(
    qtbot: QtBot, counter: Counter, text: str
) -> None:
    log_in(qtbot, counter)
    outcome = search(qtbot, counter, text)
    lookup = counter.window.lookup_view
    assert counter.window.current_view_name() == "lookup"
    assert outcome.hits == ()
    assert outcome.kind in (LookupKind.INVALID, LookupKind.TEXT, LookupKind.EXACT)
    assert lookup.message.text() == (outcome.message or lookup.message.text())
    assert lookup.message.text() not in ("", "Searching…")
    assert lookup.message.textFormat() == Qt.TextFormat.PlainText
    assert lookup.model.rowCount() == 0


def test_a_name_with_markup_is_shown_literally(qtbot: QtBot, counter: Counter) -> None:
    utility = generate_utility(DemoParams(customers=DEMO_CUSTOMERS, seed=42))
    template = utility.bundle(0)
    account_no = "999000000001"
    account = replace(
        template.account, account_no=account_no, legacy_no=None, consumer_id=99_000_001
    )
    consumer = replace(template.consumer, consumer_id=99_000_001, name="<b>x</b>")
    bundle = replace(
        template,
        consumer=consumer,
        account=account,
        meters=tuple(
            replace(m, meter_no=f"X{i}", account_no=account_no)
            for i, m in enumerate(template.meters)
        ),
        readings=(),
        bills=(),
        consumption=(),
        postings=(),
    )
    add_account_bundle(counter.terminal.db, bundle)
    log_in(qtbot, counter)
    outcome = search(qtbot, counter, "<b>x</b>")
    assert [hit.name for hit in outcome.hits] == ["<b>x</b>"]
    window = counter.window
    qtbot.waitUntil(lambda: window.consumer_view.summary() is not None, timeout=10_000)
    name = window.consumer_view.name
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert name.text() == "<b>x</b>"
    # Rendered, the tags take the room of eight characters, not of one bold "x".
    literal = name.fontMetrics().horizontalAdvance("<b>x</b>")
    assert name.sizeHint().width() >= literal
    image = name.grab().toImage()
    inked = [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y).lightness() < 128 for y in range(image.height()))
    ]
    assert inked and inked[-1] - inked[0] > literal * 0.8


def test_esc_goes_back_from_the_consumer_to_the_search(qtbot: QtBot, counter: Counter) -> None:
    expected = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    window = counter.window
    search(qtbot, counter, expected.account.account_no)
    qtbot.waitUntil(lambda: window.consumer_view.summary() is not None, timeout=10_000)
    press(qtbot, counter.clock, window.consumer_view.open_bills_table, Qt.Key.Key_Escape)
    assert window.current_view_name() == "lookup"
    field = window.lookup_view.search_field
    assert field.hasFocus()
    assert field.selectedText() == expected.account.account_no  # ready to type over
    press(qtbot, counter.clock, field, Qt.Key.Key_Escape)
    assert field.text() == ""


def test_f1_shows_every_shortcut_and_f1_or_esc_hides_them(qtbot: QtBot, counter: Counter) -> None:
    log_in(qtbot, counter)
    window = counter.window
    field = window.lookup_view.search_field
    press(qtbot, counter.clock, field, Qt.Key.Key_F1)
    assert window.help.isVisible()
    assert window.help.geometry() == window.rect()
    keys = [keys for keys, _ in window.help.shortcuts()]
    for key in ("F1", "Esc", "F2", "Enter", "Ctrl+L"):
        assert key in keys
    assert "Esc" in window.help.accessibleDescription()
    press(qtbot, counter.clock, window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()
    assert window.current_view_name() == "lookup"
    press(qtbot, counter.clock, field, Qt.Key.Key_F1)
    press(qtbot, counter.clock, window.help, Qt.Key.Key_F1)
    assert not window.help.isVisible()


def test_ctrl_l_and_idle_time_lock_the_counter(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    log_in(qtbot, counter)
    clock = counter.clock
    clock.advance_ms(150)
    qtbot.keyClick(
        window.lookup_view.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_view_name() == "login" and window.operator() is None
    assert "locked" in window.login_view.message.text()

    log_in(qtbot, counter)
    window.idle_lock.set_timeout_ms(50)
    with qtbot.waitSignal(window.view_changed, timeout=5_000) as changed:
        pass
    assert changed.args == ["login"]
    assert "without use" in window.login_view.message.text()


def test_consumption_chart_is_readable_as_text(qtbot: QtBot, counter: Counter) -> None:
    expected = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    window = counter.window
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        window.open_account(expected.account.account_no)
    description = window.consumer_view.chart.accessibleDescription()
    assert len(expected.consumption) == 12
    for point in expected.consumption:
        assert f"{point.units:,} units" in description
    assert description.count(";") == 11


def test_unknown_account_says_so(qtbot: QtBot, counter: Counter) -> None:
    log_in(qtbot, counter)
    window = counter.window
    with qtbot.waitSignal(window.consumer_view.not_found, timeout=10_000) as missing:
        window.open_account("000000000000")
    assert "000000000000" in missing.args[0]
    assert window.consumer_view.notice.isVisible()


def test_every_control_has_an_accessible_name(qtbot: QtBot, counter: Counter) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit

    controls = [
        w
        for w in counter.window.findChildren(QWidget)
        if isinstance(w, QLineEdit | QAbstractButton | QAbstractItemView)
        # Qt's own parts of a control (a line edit's clear button, a table's headers) are
        # described by the control that holds them.
        and not isinstance(w.parent(), QLineEdit | QAbstractItemView)
    ]
    assert len(controls) >= 8
    unnamed = [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []


def test_field_labels_are_buddies(qtbot: QtBot, counter: Counter) -> None:
    from PySide6.QtWidgets import QLabel

    buddies = {
        label.buddy() for label in counter.window.findChildren(QLabel) if label.buddy() is not None
    }
    window = counter.window
    for field in (
        window.login_view.operator_field,
        window.login_view.password_field,
        window.lookup_view.search_field,
    ):
        assert field in buddies
