"""One consumer at a glance: who, what is due and by when, what they used, what they paid.

Everything here comes from the terminal's cache, so the view says how old that data is ("Data as
of ...") and never pretends to be live. It loads off the UI thread; Esc (handled by the main
window) goes back to the search.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebill_core.money import Money
from ebill_desktop.services.account_summary import AccountSummary
from ebill_desktop.ui.consumption_chart import ConsumptionChart
from ebill_desktop.ui.counter_services import Summaries
from ebill_desktop.ui.data_label import DataLabel
from ebill_desktop.ui.display import amount_text, date_text, moment_text
from ebill_desktop.ui.meters_model import MetersModel
from ebill_desktop.ui.open_bills_model import OpenBillsModel
from ebill_desktop.ui.postings_model import PostingsModel
from ebill_desktop.ui.recent_bills_model import RecentBillsModel
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _section(title: str, body: QWidget, *extra: QWidget) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    for widget in extra:
        layout.addWidget(widget)
    return frame


class ConsumerView(QWidget):
    """The consumer's details, open bills, recent bills, consumption, meters and payments."""

    summary_shown = Signal(object)  # AccountSummary
    not_found = Signal(str)  # the message shown

    def __init__(self, summaries: Summaries, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._summaries = summaries
        self._runner = runner
        self._summary: AccountSummary | None = None
        self.setObjectName("consumerView")
        self.setAccessibleName(self.tr("Consumer"))

        self.name = DataLabel(self.tr("Consumer name"), object_name="consumerName")
        self.name.setProperty("role", "title")
        self.name.setWordWrap(True)
        self.address = DataLabel(self.tr("Address"), object_name="consumerAddress")
        self.address.setWordWrap(True)
        self.total_due = DataLabel(self.tr("Total due"), object_name="totalDue")
        self.total_due.setProperty("role", "amount")
        self.total_due.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.data_as_of = DataLabel(self.tr("Data as of"), object_name="dataAsOf")
        self.data_as_of.setProperty("role", "muted")
        self.data_as_of.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.notice = DataLabel(self.tr("Notice"), object_name="consumerNotice")
        self.notice.setProperty("tone", "warning")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.details: dict[str, DataLabel] = {}
        self.open_bills = OpenBillsModel(self)
        self.recent_bills = RecentBillsModel(self)
        self.meters = MetersModel(self)
        self.postings = PostingsModel(self)
        self.chart = ConsumptionChart()
        self.open_bills_table = record_table(
            self.open_bills, self.tr("Open bills"), object_name="openBillsTable", visible_rows=3
        )
        self.recent_bills_table = record_table(
            self.recent_bills, self.tr("Recent bills"), object_name="recentBillsTable"
        )
        self.meters_table = record_table(self.meters, self.tr("Meters"), object_name="metersTable")
        self.postings_table = record_table(
            self.postings, self.tr("Payments received"), object_name="postingsTable"
        )
        self._build()

    # -- layout ----------

    def _build(self) -> None:
        header = QFrame()
        header.setObjectName("consumerHeader")
        header.setProperty("role", "card")
        top = QGridLayout(header)
        top.setContentsMargins(18, 12, 18, 12)
        top.setHorizontalSpacing(24)
        top.setVerticalSpacing(4)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name)
        who.addWidget(self.address)
        top.addLayout(who, 0, 0)
        due = QVBoxLayout()
        due.setSpacing(2)
        due_caption = QLabel(self.tr("Total due"))
        due_caption.setProperty("role", "muted")
        due_caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        due.addWidget(due_caption)
        due.addWidget(self.total_due)
        due.addWidget(self.data_as_of)
        top.addLayout(due, 0, 1, Qt.AlignmentFlag.AlignTop)
        top.addLayout(self._details_grid(), 1, 0, 1, 2)
        top.setColumnStretch(0, 1)

        legend = QLabel(self.tr("Lighter bars: estimated readings."))
        legend.setProperty("role", "muted")
        self.history = QTabWidget()
        self.history.setObjectName("historyTabs")
        self.history.setAccessibleName(self.tr("History"))
        self.history.addTab(self.recent_bills_table, self.tr("&Recent bills"))
        self.history.addTab(self.postings_table, self.tr("Pa&yments received"))
        self.history.addTab(self.meters_table, self.tr("&Meters"))
        lower = QHBoxLayout()
        lower.setSpacing(12)
        lower.addWidget(self.history, 3)
        lower.addWidget(_section(self.tr("Consumption, last 12 bills"), self.chart, legend), 2)

        hint = QLabel(
            self.tr(
                "F4: bill   ·   F8: take payment   ·   F7: payments   ·   "
                "Esc: back to the search   ·   F1: all shortcuts"
            )
        )
        hint.setProperty("role", "muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 8)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.notice)
        layout.addWidget(_section(self.tr("Open bills"), self.open_bills_table), 3)
        layout.addLayout(lower, 7)
        layout.addWidget(hint)
        self.setFocusProxy(self.open_bills_table)

    def _details_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        fields = [
            ("account_no", self.tr("Account no.")),
            ("legacy_no", self.tr("Legacy no.")),
            ("status", self.tr("Status")),
            ("category", self.tr("Category")),
            ("office", self.tr("Office")),
            ("supply", self.tr("Supply")),
            ("load", self.tr("Sanctioned load")),
            ("mobile", self.tr("Mobile")),
            ("connected", self.tr("Connected on")),
        ]
        per_row = 3
        for i, (key, caption) in enumerate(fields):
            row, col = divmod(i, per_row)
            label = QLabel(caption)
            label.setProperty("role", "caption")
            value = DataLabel(caption, object_name=f"detail_{key}")
            value.setProperty("role", "value")
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, col * 2 + 1)
            grid.setColumnStretch(col * 2 + 1, 1)
            self.details[key] = value
        return grid

    # -- loading ----------

    def show_account(self, account_no: str, bill_no: str = "") -> None:
        """Load ``account_no`` off the UI thread; ``bill_no`` (a scanned bill) is highlighted."""
        self._clear()
        self.name.set_value(self.tr("Loading account {account}…").format(account=account_no))
        self._runner.run(
            "summary",
            lambda: self._summaries.summary(account_no),
            lambda summary: self._show(account_no, bill_no, summary),
            self._failed,
        )

    def summary(self) -> AccountSummary | None:
        return self._summary

    def _clear(self) -> None:
        self._summary = None
        for model in (self.open_bills, self.recent_bills, self.meters, self.postings):
            model.set_records(())
        self.chart.set_points(())
        for label in (self.name, self.address, self.total_due, self.data_as_of):
            label.set_value("")
        for label in self.details.values():
            label.set_value("")
        self.notice.hide()

    def _show(self, account_no: str, bill_no: str, summary: AccountSummary | None) -> None:
        if summary is None:
            text = self.tr(
                "Account {account} is not in this terminal's data. Check the number, or sync."
            ).format(account=account_no)
            self.name.set_value(self.tr("Account not found"))
            self._note(text)
            self.not_found.emit(text)
            return
        self._summary = summary
        consumer, account = summary.consumer, summary.account
        self.name.set_value(consumer.name)
        self.address.set_value(account.address)
        self.total_due.set_value(amount_text(summary.total_outstanding))
        self._set_total_tone(summary.total_outstanding)
        self.data_as_of.set_value(self._as_of_text(summary))
        values = {
            "account_no": account.account_no,
            "legacy_no": account.legacy_no or "—",
            "status": self._status_text(str(account.status)),
            "category": f"{account.category_code} · {summary.category_name}",
            "office": f"{account.office_code} · {summary.office_name}",
            "supply": f"{account.supply_type}, {account.voltage_v:,} V",
            "load": f"{account.sanctioned_load_w / 1000:,.2f} kW",
            "mobile": consumer.mobile or "—",
            "connected": date_text(account.connected_on),
        }
        for key, text in values.items():
            self.details[key].set_value(text)
        self.open_bills.set_records(summary.open_bills)
        self.recent_bills.set_records(summary.recent_bills)
        self.meters.set_records(summary.meters)
        self.postings.set_records(summary.postings)
        self.chart.set_points(summary.consumption)
        self._highlight_bill(bill_no)
        self.summary_shown.emit(summary)

    def _as_of_text(self, summary: AccountSummary) -> str:
        if summary.data_as_of is None:
            return self.tr("Data as of: never synced (demo or first start)")
        return self.tr("Data as of {moment}").format(moment=moment_text(summary.data_as_of))

    def _status_text(self, status: str) -> str:
        names = {
            "active": self.tr("Active"),
            "disconnected": self.tr("Disconnected"),
            "closed": self.tr("Closed"),
        }
        return names.get(status, status)

    def _set_total_tone(self, total: Money) -> None:
        self.total_due.setProperty("tone", "due" if total.minor > 0 else "clear")
        self.total_due.style().unpolish(self.total_due)
        self.total_due.style().polish(self.total_due)

    def _highlight_bill(self, bill_no: str) -> None:
        if not bill_no:
            return
        for row, bill in enumerate(self.open_bills.records()):
            if bill.bill_no == bill_no:
                self._select_row(self.open_bills_table, row)
                self._note(self.tr("Scanned bill {bill} is open.").format(bill=bill_no))
                return
        self._note(
            self.tr("Scanned bill {bill} is not among the open bills (paid or replaced).").format(
                bill=bill_no
            )
        )

    @staticmethod
    def _select_row(table: QTableView, source_row: int) -> None:
        proxy = table.model()
        source = proxy.sourceModel()  # type: ignore[attr-defined]
        index = proxy.mapFromSource(source.index(source_row, 0))  # type: ignore[attr-defined]
        table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _note(self, text: str) -> None:
        self.notice.set_value(text)
        self.notice.show()

    def _failed(self, error: BaseException) -> None:
        log.error("loading the account failed", exc_info=error)
        self.name.set_value(self.tr("The account could not be loaded"))
        self._note(self.tr("Error: {error}").format(error=error))
