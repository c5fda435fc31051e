"""The payment part of the counter's window: F8 take payment, F7 history, receipt, Esc back.

It owns the payment, receipt and payment-history views and the receipt printer, and moves
between them and the consumer view; the main window only puts the views in its stack and
asks this flow first what Esc means on one of them.

From a scanned bill, an exact cash payment is: F8 (the payment view opens with every open bill
chosen, the amount owed and cash for exactly that), Enter (saved; the receipt goes to the
printer and shows on screen). The next scan starts the next customer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ebill_desktop.services.payment_types import CommittedPayment
from ebill_desktop.sync.status import LinkState
from ebill_desktop.ui.counter_services import CounterServices
from ebill_desktop.ui.payment_history import PaymentHistoryView
from ebill_desktop.ui.payment_view import PaymentView
from ebill_desktop.ui.receipt_printing import ReceiptFormat, ReceiptPrinting
from ebill_desktop.ui.receipt_view import ReceiptView
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.printing.worker import WorkerStatus
    from ebill_desktop.ui.main_window import MainWindow
    from ebill_desktop.ui.sync_status import SyncUi

PAY_KEY = "F8"
HISTORY_KEY = "F7"


class PaymentFlow(QObject):
    """Payment, receipt and history views of one window, and the keys that reach them."""

    def __init__(self, window: MainWindow, services: CounterServices, runner: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        # Whether head office answered lately: decides card/UPI and the offline limits. The
        # window sets it from the sync status; a counter without sync is offline.
        self.online: Callable[[], bool] = lambda: False
        settings = window.settings
        self.printing = ReceiptPrinting(
            services.printer,
            services.payments,
            runner,
            fmt=ReceiptFormat(settings.printer_paper_mm, settings.printer_code_page),
            parent=self,
        )
        self.payment_view = PaymentView(
            services.payments, runner, cash_ceiling=services.cash_ceiling, cards=services.cards
        )
        approvals = services.approvals or (
            services.shift_tools.approvals if services.shift_tools is not None else None
        )
        self.receipt_view = ReceiptView(
            services.payments, runner, self.printing, approvals=approvals
        )
        self.history_view = PaymentHistoryView(services.payments, runner)
        self._receipt_from_history = False
        self.payment_view.paid.connect(self._paid)
        self.history_view.receipt_chosen.connect(self._history_receipt)
        self.printing.status_changed.connect(self._printer_status)
        for key, action in ((PAY_KEY, self.take_payment), (HISTORY_KEY, self.show_history)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    def follow_link(self, sync: SyncUi | None) -> None:
        """Online means head office answered the sync's last call (no sync: offline)."""
        if sync is not None:
            bar = sync.bar
            self.online = lambda: (
                (status := bar.status()) is not None and (status.link is LinkState.ONLINE)
            )

    def views(self) -> tuple[QWidget, ...]:
        return (self.payment_view, self.receipt_view, self.history_view)

    def shortcut_lines(self) -> list[tuple[str, str]]:
        return [
            (PAY_KEY, self.tr("Take a payment (consumer or bill view)")),
            (self.tr("Enter"), self.tr("In the payment view: take the payment")),
            (self.tr("Ctrl+H/Q/D/K/U/T/O"), self.tr("Add cash, cheque, draft, card, UPI ...")),
            (self.tr("Alt+1..4"), self.tr("Cash handed over: +100, +200, +500, +2000")),
            (self.tr("Ctrl+P / Ctrl+S"), self.tr("Receipt: print again (DUPLICATE) / save as PDF")),
            (HISTORY_KEY, self.tr("The consumer's payments at this counter")),
        ]

    # -- keys ----------

    def _account_on_screen(self) -> tuple[str, str] | None:
        """(account no., name) of the consumer or bill on screen, else None."""
        window = self._window
        current = window.stack.currentWidget()
        if current is window.consumer_view and (summary := window.consumer_view.summary()):
            return summary.account.account_no, summary.consumer.name
        if current is window.bill_view and (detail := window.bill_view.detail()):
            return detail.account.account_no, detail.consumer.name
        return None

    def take_payment(self) -> None:
        """F8 on a consumer or bill: a new payment (a new UUID) for that account."""
        operator = self._window.operator()
        account = self._account_on_screen()
        if operator is None or account is None:
            return
        self._window.show_view(self.payment_view, "payment")
        self._printer_status(self.printing.status())
        self.printing.check()
        self.payment_view.start(account[0], operator.login, online=self.online())

    def show_history(self) -> None:
        """F7 on a consumer or bill: its payments at this counter."""
        account = self._account_on_screen()
        if self._window.operator() is None or account is None:
            return
        self._window.show_view(self.history_view, "history")
        self.history_view.show_account(*account)

    def go_back(self) -> bool:
        """Esc on one of this flow's views; False when the current view is not one of them."""
        window = self._window
        current = window.stack.currentWidget()
        if current is self.payment_view:
            if self.payment_view.can_leave():  # never while the payment is being saved
                self.payment_view.abandon()  # approved card/UPI requests are reversed
                window.show_view(window.consumer_view, "consumer")
            return True
        if current is self.history_view:
            window.show_view(window.consumer_view, "consumer")
            return True
        if current is self.receipt_view:
            if self._receipt_from_history:
                window.show_view(self.history_view, "history")
                self.history_view.show_account(*self._history_account())
            else:  # the consumer again, loaded afresh: the bills just paid are gone
                receipt = self.receipt_view.receipt()
                if receipt is not None:
                    window.open_account(receipt.account_no)
            return True
        return False

    def _history_account(self) -> tuple[str, str]:
        receipt = self.receipt_view.receipt()
        assert receipt is not None
        return receipt.account_no, receipt.consumer_name

    # -- events ----------

    def _paid(self, done: CommittedPayment) -> None:
        operator = self._window.operator()
        login = operator.login if operator is not None else done.payment.operator
        self.printing.set_operator(login)
        if operator is not None:
            self.receipt_view.set_operator(operator)
        self._receipt_from_history = False
        self._window.show_view(self.receipt_view, "receipt")
        self.receipt_view.show_receipt(
            done.receipt, printed=False, print_now=True, open_drawer=True
        )

    def _history_receipt(self, done: CommittedPayment, reprint: bool) -> None:
        operator = self._window.operator()
        if operator is None:
            return
        self.printing.set_operator(operator.login)
        self.receipt_view.set_operator(operator)
        self._receipt_from_history = True
        self._window.show_view(self.receipt_view, "receipt")
        state = done.payment.receipt
        self.receipt_view.show_receipt(done.receipt, printed=state.printed, print_now=False)
        if reprint:
            self.receipt_view.reprint()

    def _printer_status(self, status: WorkerStatus | None) -> None:
        if status is None:
            if self.printing.configured:
                self.payment_view.set_printer_status(self.tr("Printer: checking…"), ready=True)
            else:
                text = self.tr("Printer: none set up. Receipts will be saved unprinted.")
                self.payment_view.set_printer_status(text, ready=False)
        elif status.state.value == "error":
            text = self.tr("Printer: {problem}. The payment can be taken; reprint later.").format(
                problem=status.reason or self.tr("not ready")
            )
            self.payment_view.set_printer_status(text, ready=False)
        elif status.printer.answered and not status.printer.can_print:
            text = self.tr("Printer: {problem}. Fix it before taking cash.").format(
                problem=status.printer.problem
            )
            self.payment_view.set_printer_status(text, ready=False)
        else:
            self.payment_view.set_printer_status(self.tr("Printer: ready"), ready=True)

    def stop(self) -> None:
        """Join the printer thread (the window is closing)."""
        self.printing.stop()
