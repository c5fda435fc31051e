"""One bill in full: who it is for, the readings it was made from, every charge, the totals.

Reached from the consumer view (F4 on a chosen bill); Esc (handled by the main window) goes
back. It shows every field of the bill record the cache holds (docs/desktop.md, "Bill view"),
loads off the UI thread, shows user data as plain text and says how old the data is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ebill_core.money import Money
from ebill_core.records import BillStatus, ReadingKind
from ebill_desktop.services.bill_detail import BillDetail
from ebill_desktop.ui.consumer_view import ConsumerView
from ebill_desktop.ui.consumption_chart import ConsumptionChart
from ebill_desktop.ui.counter_services import BillDetails
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import DISPLAY_LOCALE, amount_text, date_text, moment_text
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.table_columns import amount_column, count_column, text_column
from ebill_desktop.ui.table_model import RECORD_ROLE, Column, RecordTableModel
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _decimal_text(value: Decimal | None) -> str:
    """A quantity or rate as the bill states it (exact; grouped; nothing when absent)."""
    return "" if value is None else f"{value:,}"


def _decimal_key(value: Decimal | None) -> int:
    # Sort by value in millionths: rates have at most a few decimals.
    return 0 if value is None else int(value.scaleb(6))


class ChargeLinesModel(RecordTableModel):
    """Rows of :class:`~ebill_core.records.BillLine`: quantity x rate = amount."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            text_column(self.tr("Charge"), lambda line: line.description),
            Column(
                self.tr("Quantity"),
                lambda line: _decimal_text(line.quantity),
                lambda line: _decimal_key(line.quantity),
                numeric=True,
            ),
            Column(
                self.tr("Rate"),
                lambda line: _decimal_text(line.rate),
                lambda line: _decimal_key(line.rate),
                numeric=True,
            ),
            amount_column(self.tr("Amount"), lambda line: line.amount),
        )


def day_month_text(day: date) -> str:
    """``3 Oct``: a reading's day where the bill's period already gives the year."""
    return format_date(day, "d MMM", locale=DISPLAY_LOCALE)


def _reading_column(title: str, value: Callable[[Any], tuple[int, date]]) -> Column:
    """A meter reading with the day it was read: ``45,089 on 3 Oct`` (the period has the year)."""

    def shown(register: Any) -> str:
        reading, day = value(register)
        return f"{reading:,} · {day_month_text(day)}"

    return Column(title, shown, lambda r: value(r)[0], numeric=True)


class RegistersModel(RecordTableModel):
    """Rows of :class:`~ebill_core.records.BillRegister`: the readings per meter register."""

    def declare_columns(self) -> Sequence[Column]:
        kinds = {
            ReadingKind.ACTUAL: self.tr("Actual"),
            ReadingKind.ESTIMATED: self.tr("Estimated"),
            ReadingKind.DEFECTIVE: self.tr("Defective meter"),
            ReadingKind.DOOR_LOCKED: self.tr("Door locked"),
        }
        return (
            text_column(self.tr("Meter no."), lambda r: r.meter_no),
            text_column(self.tr("Register"), lambda r: r.register),
            _reading_column(self.tr("Previous"), lambda r: (r.previous, r.previous_on)),
            _reading_column(self.tr("Present"), lambda r: (r.present, r.present_on)),
            count_column(self.tr("MF"), lambda r: r.multiplying_factor),
            count_column(self.tr("Units"), lambda r: r.units),
            text_column(self.tr("Reading"), lambda r: kinds.get(r.kind, str(r.kind))),
        )


def _card(title: str, *widgets: QWidget, stretch_first: bool = False) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    layout.addWidget(heading)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (stretch_first and i == 0) else 0)
    return frame


class _Fields(QWidget):
    """Captions and plain-text values in a grid, ``per_row`` pairs to a row."""

    def __init__(self, fields: Sequence[tuple[str, str]], *, per_row: int, prefix: str) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.values: dict[str, DataLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for i, (key, caption) in enumerate(fields):
            row, col = divmod(i, per_row)
            value = DataLabel(caption, object_name=f"{prefix}_{key}")
            value.setProperty("role", "value")
            label = caption_label(caption, buddy=value)
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, col * 2 + 1)
            grid.setColumnStretch(col * 2 + 1, 1)
            self.values[key] = value
            self.captions[key] = label

    def show_values(self, values: dict[str, str | None]) -> None:
        """Set each value; a value of None hides its row's caption and value."""
        for key, label in self.values.items():
            text = values.get(key)
            label.set_value(text or "")
            label.setVisible(text is not None)
            self.captions[key].setVisible(text is not None)


def chosen_bill_no(consumer: ConsumerView) -> str:
    """The bill chosen on the consumer view ("" if none): the recent bills' current row when
    that table has the focus, else the open bills' current row, else the oldest open bill."""
    recent = consumer.recent_bills_table
    tables = [recent] if recent.hasFocus() else []
    tables.append(consumer.open_bills_table)
    for table in tables:
        record = table.currentIndex().data(RECORD_ROLE)
        if record is not None:
            return str(record.bill_no)
    bills = consumer.open_bills.records()
    return str(bills[0].bill_no) if bills else ""


class BillView(QWidget):
    """Every field of one bill the cache holds, with the consumption history up to it."""

    bill_shown = Signal(object)  # BillDetail
    not_found = Signal(str)  # the message shown

    def __init__(self, bills: BillDetails, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._bills = bills
        self._runner = runner
        self._detail: BillDetail | None = None
        self.setObjectName("billView")
        self.setAccessibleName(self.tr("Bill"))

        self.name = DataLabel(self.tr("Consumer name"), object_name="billConsumerName")
        self.name.setProperty("role", "title")
        self.name.setWordWrap(True)
        self.address = DataLabel(self.tr("Address"), object_name="billAddress")
        self.address.setWordWrap(True)
        self.net_payable = DataLabel(self.tr("Payable by the due date"), object_name="billNet")
        self.net_payable.setProperty("role", "amount")
        self.after_due = DataLabel(self.tr("After the due date"), object_name="billAfterDue")
        self.after_due.setProperty("role", "value")
        self.data_as_of = DataLabel(self.tr("Data as of"), object_name="billDataAsOf")
        self.data_as_of.setProperty("role", "muted")
        self.notice = DataLabel(self.tr("Notice"), object_name="billNotice")
        self.notice.setProperty("tone", "warning")
        self.notice.setWordWrap(True)
        self.notice.hide()
        for label in (self.net_payable, self.after_due, self.data_as_of):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.bill_fields = _Fields(self._bill_field_names(), per_row=3, prefix="bill")
        self.identity_fields = _Fields(self._identity_field_names(), per_row=3, prefix="identity")
        self.totals = _Fields(self._total_field_names(), per_row=2, prefix="total")
        self.lines = ChargeLinesModel(self)
        self.registers = RegistersModel(self)
        self.chart = ConsumptionChart()
        self.chart.setMinimumHeight(140)  # the bill's own fields come first on a small screen
        self.lines_table = record_table(
            self.lines, self.tr("Charges"), object_name="chargeLinesTable", stretch_column=0
        )
        self.lines_table.setSortingEnabled(False)  # the bill's own order is the meaning
        self.registers_table = record_table(
            self.registers, self.tr("Readings"), object_name="registersTable", visible_rows=1
        )
        self.registers_table.setSortingEnabled(False)
        self.registers_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines_table.setMinimumHeight(120)
        self._build()

    # -- layout ----------

    def _bill_field_names(self) -> list[tuple[str, str]]:
        return [
            ("bill_no", self.tr("Bill no.")),
            ("bill_date", self.tr("Bill date")),
            ("period", self.tr("Period")),
            ("version", self.tr("Version")),
            ("status", self.tr("Status")),
            ("units", self.tr("Units billed")),
            ("due_date", self.tr("Due date")),
            ("cheque_due_date", self.tr("Cheque due date")),
            ("disconnection_date", self.tr("Disconnection from")),
            ("rebate", self.tr("Rebate if early")),
            ("rounding", self.tr("Rounding carried")),
        ]

    def _identity_field_names(self) -> list[tuple[str, str]]:
        return [
            ("account_no", self.tr("Account no.")),
            ("legacy_no", self.tr("Legacy no.")),
            ("category", self.tr("Category")),
            ("tariff", self.tr("Tariff")),
            ("supply", self.tr("Supply")),
            ("load", self.tr("Sanctioned load")),
            ("office", self.tr("Office")),
            ("pole", self.tr("Pole / transformer")),
            ("contact", self.tr("Mobile, e-mail")),
        ]

    def _total_field_names(self) -> list[tuple[str, str]]:
        # Two to a row: what was charged on the left, what is payable on the right.
        return [
            ("current", self.tr("Current charges")),
            ("net", self.tr("By due date")),
            ("arrears", self.tr("Arrears")),
            ("after_due", self.tr("After due date")),
            ("surcharge", self.tr("Surcharge")),
            ("paid", self.tr("Paid so far")),
            ("still_due", self.tr("Still due")),
        ]

    def _build(self) -> None:
        header = QFrame()
        header.setProperty("role", "card")
        top = QGridLayout(header)
        top.setContentsMargins(18, 10, 18, 10)
        top.setHorizontalSpacing(28)
        top.setVerticalSpacing(6)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name)
        who.addWidget(self.address)
        top.addLayout(who, 0, 0)
        due = QVBoxLayout()
        due.setSpacing(2)
        caption = caption_label(self.tr("Payable by the due date"))
        caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        due.addWidget(caption)
        due.addWidget(self.net_payable)
        due.addWidget(self.after_due)
        due.addWidget(self.data_as_of)
        top.addLayout(due, 0, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.bill_fields, 1, 0, 1, 2)
        top.addWidget(self.identity_fields, 2, 0, 1, 2)
        top.setColumnStretch(0, 1)

        legend = caption_label(self.tr("Lighter bars: estimated readings."))
        middle = QHBoxLayout()
        middle.setSpacing(12)
        charges = _card(
            self.tr("Charges and readings"),
            self.lines_table,
            self.registers_table,
            stretch_first=True,
        )
        middle.addWidget(charges, 3)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(_card(self.tr("Totals"), self.totals))
        right.addWidget(_card(self.tr("Consumption, 12 bills to this one"), self.chart, legend), 1)
        middle.addLayout(right, 2)

        hint = caption_label(
            self.tr("F8: take payment   ·   Esc: back to the consumer   ·   F1: all shortcuts")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 6)
        layout.setSpacing(8)
        layout.addWidget(header)
        layout.addWidget(self.notice)
        layout.addLayout(middle, 1)
        layout.addWidget(hint)
        self.setFocusProxy(self.lines_table)

    def _fit_registers(self) -> None:
        # The readings table is as tall as its rows: the charges get the rest of the room.
        table = self.registers_table
        rows = max(1, self.registers.rowCount())
        height = table.horizontalHeader().sizeHint().height()
        height += table.verticalHeader().defaultSectionSize() * rows + 2 * table.frameWidth()
        table.setFixedHeight(height)

    # -- loading ----------

    def show_bill(self, bill_no: str) -> None:
        """Load bill ``bill_no`` off the UI thread."""
        self._clear()
        self.name.set_value(self.tr("Loading bill {bill}…").format(bill=bill_no))
        service = self._bills
        self._runner.run(
            "bill",
            lambda: service.bill_detail(bill_no),
            lambda detail: self._show(bill_no, detail),
            self._failed,
        )

    def detail(self) -> BillDetail | None:
        return self._detail

    def _clear(self) -> None:
        self._detail = None
        self.lines.set_records(())
        self.registers.set_records(())
        self.chart.set_points(())
        for label in (self.name, self.address, self.net_payable, self.after_due, self.data_as_of):
            label.set_value("")
        for fields in (self.bill_fields, self.identity_fields, self.totals):
            fields.show_values({})
        self.notice.hide()

    def _show(self, bill_no: str, detail: BillDetail | None) -> None:
        if detail is None:
            text = self.tr("Bill {bill} is not in this terminal's data.").format(bill=bill_no)
            self.name.set_value(self.tr("Bill not found"))
            self._note(text)
            self.not_found.emit(text)
            return
        self._detail = detail
        bill = detail.bill
        self.name.set_value(detail.consumer.name)
        self.address.set_value(detail.account.address)
        self.net_payable.set_value(amount_text(bill.net_payable))
        self.after_due.set_value(
            self.tr("{amount} after {day}").format(
                amount=amount_text(bill.payable_after_due), day=date_text(bill.due_date)
            )
        )
        self.data_as_of.set_value(self._as_of_text(detail))
        self.bill_fields.show_values(self._bill_values(detail))
        self.identity_fields.show_values(self._identity_values(detail))
        self.totals.show_values(self._total_values(detail))
        self.lines.set_records(bill.lines)
        self.registers.set_records(bill.registers)
        self.registers_table.setVisible(bool(bill.registers))
        self._fit_registers()
        self.chart.set_points(detail.consumption)
        if bill.status in (BillStatus.PAID, BillStatus.CANCELLED):
            self._note(self._status_text(bill.status) + ": " + self.tr("nothing to collect."))
        self.bill_shown.emit(detail)

    def _bill_values(self, detail: BillDetail) -> dict[str, str | None]:
        bill = detail.bill
        rebate = None
        if bill.early_payment_rebate is not None and bill.early_payment_rebate.minor:
            rebate = self.tr("{amount} by {day}").format(
                amount=amount_text(bill.early_payment_rebate), day=date_text(bill.rebate_by)
            )
        rounding = None
        if bill.rounding_carried is not None and bill.rounding_carried.minor:
            rounding = amount_text(bill.rounding_carried)
        return {
            "bill_no": bill.bill_no,
            "bill_date": date_text(bill.bill_date),
            "period": f"{date_text(bill.period_start)} – {date_text(bill.period_end)}",
            "version": str(bill.version),
            "status": self._status_text(bill.status),
            "units": f"{bill.units:,}",
            "due_date": date_text(bill.due_date),
            # Only where it differs: the same date twice reads like a mistake.
            "cheque_due_date": date_text(bill.cheque_due_date)
            if detail.cheque_due_differs
            else None,
            "disconnection_date": date_text(bill.disconnection_date) or None,
            "rebate": rebate,
            "rounding": rounding,
        }

    def _identity_values(self, detail: BillDetail) -> dict[str, str | None]:
        account = detail.account
        return {
            "account_no": account.account_no,
            "legacy_no": account.legacy_no or "—",
            "category": f"{account.category_code} · {detail.category_name}",
            "tariff": account.tariff_code,
            "supply": f"{account.supply_type}, {account.voltage_v:,} V",
            "load": f"{account.sanctioned_load_w / 1000:,.2f} kW",
            "office": f"{account.office_code} · {detail.office_name}",
            "pole": account.pole or "—",
            "contact": " · ".join(
                part for part in (detail.consumer.mobile, detail.consumer.email) if part
            )
            or "—",
        }

    def _total_values(self, detail: BillDetail) -> dict[str, str | None]:
        bill = detail.bill

        def shown(amount: Money) -> str:
            return amount_text(amount)

        return {
            "current": shown(bill.current_charges),
            "arrears": shown(bill.arrears),
            "surcharge": shown(bill.surcharge),
            "net": shown(bill.net_payable),
            "after_due": shown(bill.payable_after_due),
            "paid": shown(bill.amount_paid),
            "still_due": shown(bill.outstanding),
        }

    def _status_text(self, status: BillStatus) -> str:
        names = {
            BillStatus.OPEN: self.tr("Open"),
            BillStatus.PART_PAID: self.tr("Part paid"),
            BillStatus.PAID: self.tr("Paid"),
            BillStatus.CANCELLED: self.tr("Cancelled"),
        }
        return names.get(status, str(status))

    def _as_of_text(self, detail: BillDetail) -> str:
        if detail.data_as_of is None:
            return self.tr("Data as of: never synced (demo or first start)")
        return self.tr("Data as of {moment}").format(moment=moment_text(detail.data_as_of))

    def _note(self, text: str) -> None:
        self.notice.set_value(text)
        self.notice.show()

    def _failed(self, error: BaseException) -> None:
        log.error("loading the bill failed", exc_info=error)
        self.name.set_value(self.tr("The bill could not be loaded"))
        self._note(self.tr("Error: {error}").format(error=error))
