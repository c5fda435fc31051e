"""A consumer's payments at this counter, newest first: open or reprint any receipt.

Reached with F7 from the consumer or bill view. Enter shows the chosen receipt (as printed) in the
receipt view; Ctrl+P reprints it there at once (DUPLICATE, counted). Loads off the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ebill_desktop.services.payment_types import CommittedPayment
from ebill_desktop.ui.counter_services import Payments
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import moment_text
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.table_columns import amount_column, text_column
from ebill_desktop.ui.table_model import RECORD_ROLE, Column, RecordTableModel
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50


class HistoryModel(RecordTableModel):
    """Rows of :class:`CommittedPayment`: when, receipt, amount, how, printed, head office."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            Column(
                self.tr("Taken at"),
                lambda c: moment_text(c.receipt.taken_at),
                lambda c: c.payment.taken_at.isoformat(),
            ),
            text_column(self.tr("Receipt no."), lambda c: c.payment.receipt_no),
            amount_column(self.tr("Amount"), lambda c: c.payment.amount),
            text_column(
                self.tr("Tenders"),
                lambda c: ", ".join(t.kind.value.replace("_", " ") for t in c.payment.tenders),
            ),
            text_column(self.tr("Printed"), self._printed_text),
            text_column(self.tr("Head office"), self._synced_text),
            text_column(self.tr("Cashier"), lambda c: c.payment.operator),
        )

    def _printed_text(self, done: CommittedPayment) -> str:
        state = done.payment.receipt
        if not state.printed:
            return self.tr("NOT PRINTED")
        if state.reprint_count:
            return self.tr("yes, {n} reprints").format(n=state.reprint_count)
        return self.tr("yes")

    def _synced_text(self, done: CommittedPayment) -> str:
        if done.payment.state == "void":
            return self.tr("void")
        status = done.payment.central_status
        return self.tr("not yet (provisional)") if status is None else str(status)


class PaymentHistoryView(QWidget):
    """One account's payments taken at this counter."""

    history_shown = Signal(object)  # list[CommittedPayment]
    receipt_chosen = Signal(object, bool)  # CommittedPayment, reprint at once

    def __init__(self, payments: Payments, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._payments = payments
        self._runner = runner
        self._account_no = ""
        self.setObjectName("historyView")
        self.setAccessibleName(self.tr("Payment history"))
        self.title = DataLabel(self.tr("Payment history"), object_name="historyTitle")
        self.title.setProperty("role", "title")
        self.message = DataLabel(self.tr("Message"), object_name="historyMessage")
        self.message.setWordWrap(True)
        self.model = HistoryModel(self)
        self.table = record_table(
            self.model, self.tr("Payments at this counter"), object_name="historyTable"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 8)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            caption_label(
                self.tr(
                    "Enter: show the receipt   ·   Ctrl+P: reprint it (DUPLICATE; from the "
                    "second reprint a supervisor approves)   ·   Esc: back to the consumer"
                )
            )
        )
        self.setFocusProxy(self.table)
        for keys, reprint in (("Return", False), ("Enter", False), ("Ctrl+P", True)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda again=reprint: self._choose(again))

    def show_account(self, account_no: str, name: str) -> None:
        """Load the account's payments off the UI thread."""
        self._account_no = account_no
        self.model.set_records(())
        self.title.set_value(self.tr("Payments of {name}").format(name=name or account_no))
        self.message.set_value(self.tr("Loading…"))
        payments = self._payments
        self._runner.run(
            "payment-history",
            lambda: payments.history(account_no, HISTORY_LIMIT),
            self._show,
            self._failed,
        )

    def _show(self, history: list[CommittedPayment]) -> None:
        self.model.set_records(history)
        if history:
            self.message.set_value(
                self.tr("{n} payments taken at this counter for account {account}.").format(
                    n=len(history), account=self._account_no
                )
            )
            self.table.selectRow(0)
        else:
            self.message.set_value(
                self.tr("No payments taken at this counter for account {account}.").format(
                    account=self._account_no
                )
            )
        self.table.setFocus()
        self.history_shown.emit(history)

    def _failed(self, error: BaseException) -> None:
        log.error("loading the payment history failed", exc_info=error)
        self.message.set_value(self.tr("Error: {error}").format(error=error))

    def chosen(self) -> CommittedPayment | None:
        record = self.table.currentIndex().data(RECORD_ROLE)
        return record if isinstance(record, CommittedPayment) else None

    def _choose(self, reprint: bool) -> None:
        done = self.chosen()
        if done is not None:
            self.receipt_chosen.emit(done, reprint)
