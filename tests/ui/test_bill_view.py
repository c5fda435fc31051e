"""The bill view: every field of the bill record the cache holds, reached by F4, left by Esc."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_core.records import AccountBundle, Bill
from ebill_desktop.services.account_summary import AccountSummary
from ebill_desktop.services.bill_detail import BillDetail, BillDetailService
from ebill_desktop.storage.bundle_import import add_account_bundle
from ebill_desktop.ui.display import amount_text, date_text
from tests.ui.conftest import Counter
from tests.ui.test_counter_flow import log_in, press, summary_with_open_bills


def _open_consumer(qtbot: QtBot, counter: Counter, account_no: str) -> None:
    window = counter.window
    with qtbot.waitSignal(window.consumer_view.summary_shown, timeout=10_000):
        window.open_account(account_no)


def _f4(qtbot: QtBot, counter: Counter) -> BillDetail:
    view = counter.window.bill_view
    with qtbot.waitSignal(view.bill_shown, timeout=10_000) as shown:
        press(qtbot, counter.clock, counter.window.consumer_view.open_bills_table, Qt.Key.Key_F4)
    detail = shown.args[0]
    assert isinstance(detail, BillDetail)
    return detail


def test_service_reads_a_bill_with_lines_registers_and_history_up_to_it(counter: Counter) -> None:
    summary = summary_with_open_bills(counter)
    bill = summary.open_bills[0]
    detail = BillDetailService(counter.terminal.db).bill_detail(f"  {bill.bill_no} ")
    assert detail is not None
    assert detail.bill == bill  # the same record the consumer view was given
    assert detail.account == summary.account and detail.consumer == summary.consumer
    assert detail.bill.lines and detail.bill.registers
    assert detail.consumption and len(detail.consumption) <= 12
    assert all(p.period_end <= bill.period_end for p in detail.consumption)
    assert [p.period_end for p in detail.consumption] == sorted(
        p.period_end for p in detail.consumption
    )


def test_service_refuses_unknown_and_absurd_bill_numbers(counter: Counter) -> None:
    service = BillDetailService(counter.terminal.db)
    for text in ("", "   ", "0000000000000", "x" * 10_000, "'; DROP TABLE bills; --"):
        assert service.bill_detail(text) is None


def test_f4_shows_every_field_of_the_chosen_bill_and_esc_goes_back(
    qtbot: QtBot, counter: Counter
) -> None:
    summary = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    _open_consumer(qtbot, counter, summary.account.account_no)
    detail = _f4(qtbot, counter)
    window = counter.window
    bill = summary.open_bills[0]  # nothing chosen: the oldest open bill
    assert detail.bill.bill_no == bill.bill_no
    assert window.current_view_name() == "bill"
    view = window.bill_view
    fields = view.bill_fields.values
    assert fields["bill_no"].text() == bill.bill_no
    assert fields["version"].text() == str(bill.version)
    assert fields["due_date"].text() == date_text(bill.due_date)
    assert fields["bill_date"].text() == date_text(bill.bill_date)
    assert date_text(bill.period_start) in fields["period"].text()
    assert fields["disconnection_date"].text() == date_text(bill.disconnection_date)
    cheque = fields["cheque_due_date"]
    assert cheque.isVisibleTo(view) == (bill.cheque_due_date != bill.due_date)
    if bill.cheque_due_date != bill.due_date:
        assert cheque.text() == date_text(bill.cheque_due_date)
    assert view.net_payable.text() == amount_text(bill.net_payable)
    assert amount_text(bill.payable_after_due) in view.after_due.text()
    totals = view.totals.values
    assert totals["net"].text() == amount_text(bill.net_payable)
    assert totals["after_due"].text() == amount_text(bill.payable_after_due)
    assert totals["still_due"].text() == amount_text(bill.outstanding)
    identity = view.identity_fields.values
    assert identity["account_no"].text() == summary.account.account_no
    assert view.name.text() == summary.consumer.name
    # One row per charge line: description, quantity, rate and amount as the bill states them.
    assert view.lines.rowCount() == len(bill.lines)
    for row, line in enumerate(bill.lines):
        texts = [view.lines.index(row, c).data() for c in range(4)]
        assert texts[0] == line.description
        assert texts[3] == amount_text(line.amount)
        if line.quantity is not None and line.rate is not None:
            assert texts[1] == f"{line.quantity:,}" and texts[2] == f"{line.rate:,}"
    assert view.registers.rowCount() == len(bill.registers)
    register = bill.registers[0]
    reading = [view.registers.index(0, c).data() for c in range(view.registers.columnCount())]
    assert reading[:2] == [register.meter_no, register.register]
    assert reading[2].startswith(f"{register.previous:,} · ")
    assert reading[3].startswith(f"{register.present:,} · ")
    assert reading[5] == f"{register.units:,}"
    assert view.chart.points() == detail.consumption
    assert view.data_as_of.text().startswith("Data as of")

    press(qtbot, counter.clock, view.lines_table, Qt.Key.Key_Escape)
    assert window.current_view_name() == "consumer"
    assert window.consumer_view.summary() == summary  # not loaded again


def test_f4_opens_the_chosen_bill_not_only_the_first(qtbot: QtBot, counter: Counter) -> None:
    summary = summary_with_open_bills(counter)
    log_in(qtbot, counter)
    _open_consumer(qtbot, counter, summary.account.account_no)
    recent = counter.window.consumer_view.recent_bills_table
    recent.setFocus()
    recent.selectRow(1)
    chosen = recent.currentIndex().siblingAtColumn(0).data()
    view = counter.window.bill_view
    with qtbot.waitSignal(view.bill_shown, timeout=10_000) as shown:
        press(qtbot, counter.clock, recent, Qt.Key.Key_F4)
    assert shown.args[0].bill.bill_no == chosen


def test_a_consumer_named_with_markup_shows_the_tags(qtbot: QtBot, counter: Counter) -> None:
    summary = summary_with_open_bills(counter)
    bill: Bill = summary.open_bills[0]
    account_no = "999000000002"
    bundle = _renamed_copy(summary, account_no, "<b>x</b>", bill)
    add_account_bundle(counter.terminal.db, bundle)
    log_in(qtbot, counter)
    _open_consumer(qtbot, counter, account_no)
    _f4(qtbot, counter)
    name = counter.window.bill_view.name
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert name.text() == "<b>x</b>"


def _renamed_copy(summary: AccountSummary, account_no: str, name: str, bill: Bill) -> AccountBundle:
    consumer = replace(summary.consumer, consumer_id=99_000_002, name=name)
    account = replace(
        summary.account, account_no=account_no, legacy_no=None, consumer_id=99_000_002
    )
    return AccountBundle(
        consumer=consumer,
        account=account,
        meters=(),
        readings=(),
        bills=(replace(bill, bill_no="9" + bill.bill_no[1:], account_no=account_no),),
        consumption=(),
    )
