"""The counter's window: login, lookup and consumer views in a stack, a status bar, shortcuts.

It also owns the two application-wide listeners: the bar-code scanner (a burst from any view
jumps to the lookup and opens the scanned bill's consumer) and the idle lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from ebill_core.records import Operator
from ebill_desktop.config import Settings
from ebill_desktop.services.account_summary import AccountSummary
from ebill_desktop.ui.bill_view import BillView, chosen_bill_no
from ebill_desktop.ui.consumer_view import ConsumerView
from ebill_desktop.ui.counter_services import CounterServices, DemoCredential
from ebill_desktop.ui.data_label import DataLabel
from ebill_desktop.ui.display import moment_text
from ebill_desktop.ui.help_overlay import HelpOverlay
from ebill_desktop.ui.idle_lock import IdleLock
from ebill_desktop.ui.login_view import LoginView
from ebill_desktop.ui.lookup_view import LookupView
from ebill_desktop.ui.payment_flow import PaymentFlow
from ebill_desktop.ui.scanner import BarcodeScanner
from ebill_desktop.ui.sync_status import SyncUi, install_sync_status
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.ui.printer_setup import PrinterSetupDialog
    from ebill_desktop.ui.shift_dialogs import ShiftMenu, ShiftTools


class MainWindow(QMainWindow):
    """The counter application's one window."""

    geometry_to_keep = Signal(str)  # base64 of saveGeometry(), emitted on close
    view_changed = Signal(str)  # "login", "lookup" or "consumer"

    def __init__(
        self,
        services: CounterServices,
        runner: TaskRunner,
        settings: Settings,
        *,
        data_as_of: datetime | None = None,
        demo_credentials: Sequence[DemoCredential] = (),
        clock: Callable[[], float] = time.monotonic,
        shift_tools: ShiftTools | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self._change_settings = services.change_settings  # Ctrl+Shift+P, administrators
        self.printer_setup: PrinterSetupDialog | None = None  # the last one opened
        self._operator: Operator | None = None
        self._before_lock: tuple[QWidget, str] | None = None  # the view the idle lock hid
        self.setObjectName("mainWindow")
        self.setWindowTitle(
            self.tr("ebill counter · {terminal}").format(terminal=settings.terminal_id)
        )
        self.setAccessibleName(self.tr("ebill counter"))

        self.login_view = LoginView(services.login, runner, demo_credentials=demo_credentials)
        self.lookup_view = LookupView(services.lookup, runner, results_limit=settings.results_limit)
        self.consumer_view = ConsumerView(services.summaries, runner)
        self.bill_view = BillView(services.bills, runner)
        self.stack = QStackedWidget()
        self.stack.setObjectName("views")
        # F8 take payment, F7 payment history; the receipt view and its printer.
        self.payments = PaymentFlow(self, services, runner)
        self.payments.receipt_view.set_voids(services.voids)  # Ctrl+D on a receipt
        self.payments.receipt_view.set_cheque_bounces(services.cheque_bounces)  # Ctrl+B
        views: tuple[QWidget, ...] = (self.login_view, self.lookup_view, self.consumer_view)
        for view in (*views, self.bill_view, *self.payments.views()):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)

        self.operator_label = DataLabel(self.tr("Operator"), object_name="statusOperator")
        self.terminal_label = DataLabel(self.tr("Terminal"), object_name="statusTerminal")
        self.data_as_of_label = DataLabel(self.tr("Data as of"), object_name="statusDataAsOf")
        for label in (self.operator_label, self.terminal_label, self.data_as_of_label):
            self.statusBar().addPermanentWidget(label)
        self.terminal_label.set_value(
            self.tr("Terminal {terminal} · Office {office}").format(
                terminal=settings.terminal_id, office=settings.office_code
            )
        )
        self.set_data_as_of(data_as_of)
        self._show_operator()
        # Link, items waiting, offline limits; F5 sync now, F6 the attention list.
        self.sync_ui: SyncUi | None = None
        if services.sync is not None:
            self.sync_ui = install_sync_status(
                self,
                services.sync,
                runner,
                operator=self.operator,
                show_data_as_of=self.set_data_as_of,
                view_changed=self.view_changed,
            )

        self.payments.follow_link(self.sync_ui)
        # F9: the shift menu (open, drop, pay-out, X report, close), when the root gives tools.
        self.shift_menu: ShiftMenu | None = None
        if shift_tools is not None:
            from ebill_desktop.ui.shift_dialogs import ShiftMenu  # with the approval checks

            self.shift_menu = ShiftMenu(self, shift_tools, runner, self.operator)
        shift_lines = [] if self.shift_menu is None else self.shift_menu.shortcut_lines()
        if self.shift_menu is None and services.make_shift_tools is not None:
            # The menu itself comes after the first log-in (ui/counter_app.py); its key now.
            shift_lines = [("F9", self.tr("Shift: open, drop, pay-out, X report, close"))]
        self.help = HelpOverlay(
            self._shortcut_lines() + self.payments.shortcut_lines() + shift_lines, self
        )
        self.scanner = BarcodeScanner(
            self,
            max_gap_ms=settings.scanner_max_gap_ms,
            min_length=settings.scanner_min_length,
            clock=clock,
        )
        self.idle_lock = IdleLock(settings.idle_lock_minutes * 60_000, self)
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self.scanner)
        app.installEventFilter(self.idle_lock)

        # The first key typed at the login starts loading what the log-in will need.
        self._warm_up = services.warm_up
        for field in (self.login_view.operator_field, self.login_view.password_field):
            field.textEdited.connect(self._start_warm_up)
        self.login_view.logged_in.connect(self._logged_in)
        self.login_view.unlocked.connect(self._unlocked)
        self.login_view.logged_out.connect(self._logged_out_from_lock)
        self.lookup_view.account_chosen.connect(self.open_account)
        self.consumer_view.summary_shown.connect(self._summary_shown)
        self.scanner.scanned.connect(self.handle_scan)
        self.idle_lock.idle.connect(self._locked_when_idle)
        self._add_shortcuts()
        self._restore_geometry(settings.window_geometry)
        self._switch(self.login_view, "login")

    def _start_warm_up(self) -> None:
        warm_up, self._warm_up = self._warm_up, None
        if warm_up is not None:
            self._runner.run("warm-up", warm_up, lambda _loaded: None)

    # -- shortcuts ----------

    def _shortcut_lines(self) -> list[tuple[str, str]]:
        return [
            (self.tr("F1"), self.tr("Show or hide this list")),
            (self.tr("Enter"), self.tr("Search; open the chosen consumer")),
            (self.tr("Up / Down"), self.tr("Choose a consumer in the results")),
            (self.tr("Page Up / Page Down"), self.tr("Move ten results at a time")),
            (self.tr("Esc"), self.tr("Back to the search; clear the search")),
            (self.tr("F2"), self.tr("New search, from any view")),
            (self.tr("F4"), self.tr("The chosen bill in full (consumer view)")),
            (self.tr("Ctrl+L"), self.tr("Log out now (idle: the counter locks for you)")),
            (self.tr("Ctrl+Shift+P"), self.tr("Receipt printer set-up (administrators)")),
            (self.tr("F5"), self.tr("Sync with head office now")),
            (self.tr("F6"), self.tr("Payments head office could not take")),
            (self.tr("Ctrl+D"), self.tr("Receipt: void the payment (a supervisor approves)")),
            (self.tr("Ctrl+B"), self.tr("Receipt: its cheque bounced (supervisors)")),
            (
                self.tr("Scan a bill"),
                self.tr("Open the consumer of the scanned bill, from any view"),
            ),
            (self.tr("Alt+O / Alt+P"), self.tr("Operator and password fields at log-in")),
        ]

    def _add_shortcuts(self) -> None:
        bindings: list[tuple[QKeySequence, Callable[[], None]]] = [
            (QKeySequence(Qt.Key.Key_F1), self.help.toggle),
            (QKeySequence(Qt.Key.Key_Escape), self.go_back),
            (QKeySequence(Qt.Key.Key_F2), self.new_search),
            (QKeySequence(Qt.Key.Key_F4), self.open_chosen_bill),
            (QKeySequence("Ctrl+L"), self.lock),
            (QKeySequence("Ctrl+Shift+P"), self.open_printer_setup),
        ]
        for sequence, action in bindings:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    def open_printer_setup(self) -> None:
        """Ctrl+Shift+P: the receipt printer's set-up, for an administrator; others are told why."""
        from ebill_desktop.security.approvals import NotPermittedError, authorise
        from ebill_desktop.security.roles import Action

        operator = self._operator
        if operator is None:
            return
        if self._change_settings is None:
            self._tell(self.tr("The settings cannot be changed from this counter window."))
            return
        try:  # administrators alone: no approval makes it possible for anyone else
            authorise(Action.CHANGE_SETTINGS, operator)
        except NotPermittedError as refused:
            self._tell(str(refused))
            return
        from ebill_desktop.ui.printer_setup import PrinterSetupDialog

        dialog = PrinterSetupDialog(
            self._settings, self._change_settings(operator), self._runner, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._settings_saved)
        self.printer_setup = dialog  # for the tests; the dialog deletes itself when closed
        dialog.open()

    def _settings_saved(self, settings: Settings) -> None:
        self._settings = settings
        self._tell(self.tr("Printer settings saved; they apply at the next start of the counter."))

    def _tell(self, text: str) -> None:
        """A passing message in the status bar (a refusal, a saved change)."""
        self.statusBar().showMessage(text, 15_000)

    # -- navigation ----------

    def current_view_name(self) -> str:
        return self._current().objectName().removesuffix("View")

    def _current(self) -> QWidget:
        view = self.stack.currentWidget()
        assert view is not None
        return view

    def operator(self) -> Operator | None:
        return self._operator

    def go_back(self) -> None:
        """Esc: close the help; from a consumer back to the search; else clear the search."""
        if self.help.isVisible():
            self.help.close_help()
            self._current().setFocus()
        elif self.payments.go_back():
            return
        elif self._current() is self.consumer_view:
            self.new_search()
        elif self._current() is self.bill_view:
            self._switch(self.consumer_view, "consumer")
        elif self._current() is self.lookup_view:
            self.lookup_view.search_field.clear()
            self.lookup_view.search_field.setFocus()

    def new_search(self) -> None:
        if self._operator is None:
            return
        self.help.close_help()
        self._switch(self.lookup_view, "lookup")
        self.lookup_view.start_over()

    def open_account(self, account_no: str, bill_no: str = "") -> None:
        """Show one consumer (from the results, a single hit or a scanned bill)."""
        if self._operator is None:
            return
        self._switch(self.consumer_view, "consumer")
        self.consumer_view.show_account(account_no, bill_no)

    def open_chosen_bill(self) -> None:
        """F4 on the consumer view: the bill chosen in its open or recent bills, in full."""
        if self._operator is None or self._current() is not self.consumer_view:
            return
        bill_no = chosen_bill_no(self.consumer_view)
        if bill_no:
            self._switch(self.bill_view, "bill")
            self.bill_view.show_bill(bill_no)

    def handle_scan(self, code: str) -> None:
        """A scanned bar code, from whichever view had the focus."""
        if self._operator is None:
            self.login_view.reset(self.tr("Log in before scanning a bill."))
            return
        self.help.close_help()
        self._switch(self.lookup_view, "lookup")
        self.lookup_view.search_for(code)

    def lock(self) -> None:
        """Log the operator out and go back to the login view."""
        self._log_out(self.tr("The counter is locked. Log in to continue."))

    def _locked_when_idle(self) -> None:
        """Lock for the operator (who alone unlocks, back to the same view as it was)."""
        operator = self._operator
        if operator is None:
            return
        # No operator while locked: every key, scan and shortcut checks this and does nothing.
        self._operator = None
        self._before_lock = (self._current(), self.current_view_name())
        self.idle_lock.disarm()
        self.help.close_help()
        self.operator_label.set_value(
            self.tr("Locked: {name} ({login})").format(
                name=operator.full_name, login=operator.login
            )
        )
        self._switch(self.login_view, "login")
        self.login_view.lock(
            operator,
            self.tr("Locked after {minutes} minutes without use.").format(
                minutes=self._settings.idle_lock_minutes
            ),
        )

    def _unlocked(self, operator: Operator) -> None:
        """The same operator is back: where they were, as it was."""
        self._operator = operator
        self._show_operator()
        self.idle_lock.arm()
        view, name = self._before_lock or (self.lookup_view, "lookup")
        self._before_lock = None
        self._switch(view, name)

    def _logged_out_from_lock(self, _operator: Operator) -> None:
        """The locked operator was logged out: the ordinary log-in, for anyone."""
        self._before_lock = None
        self._show_operator()
        self.lookup_view.search_field.clear()

    def _log_out(self, message: str) -> None:
        if self._operator is None:
            return
        self._operator = None
        self.idle_lock.disarm()
        self.help.close_help()
        self._show_operator()
        self.lookup_view.search_field.clear()
        self._switch(self.login_view, "login")
        self.login_view.reset(message)

    def _logged_in(self, operator: Operator) -> None:
        self._operator = operator
        self._show_operator()
        self.idle_lock.arm()
        self._switch(self.lookup_view, "lookup")
        self.lookup_view.start_over()

    @property
    def settings(self) -> Settings:
        """The settings the window was opened with (read-only for the parts it holds)."""
        return self._settings

    def show_view(self, view: QWidget, name: str) -> None:
        """Show one of the stack's views (used by the payment flow)."""
        self._switch(view, name)

    def _switch(self, view: QWidget, name: str) -> None:
        self.stack.setCurrentWidget(view)
        view.setFocus()
        self.view_changed.emit(name)

    # -- status bar ----------

    def _show_operator(self) -> None:
        if self._operator is None:
            self.operator_label.set_value(self.tr("Not logged in"))
        else:
            self.operator_label.set_value(
                self.tr("{name} ({login})").format(
                    name=self._operator.full_name, login=self._operator.login
                )
            )

    def set_data_as_of(self, moment: datetime | None) -> None:
        if moment is None:
            self.data_as_of_label.set_value(self.tr("Data as of: never synced"))
        else:
            self.data_as_of_label.set_value(
                self.tr("Data as of {moment}").format(moment=moment_text(moment))
            )

    def _summary_shown(self, summary: AccountSummary) -> None:
        self.set_data_as_of(summary.data_as_of)

    # -- geometry ----------

    def _restore_geometry(self, saved: str | None) -> None:
        if saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            return
        # First start: 1280 x 800, or less on a small counter screen (1366 x 768 is common), so
        # the status bar is never below the bottom edge.
        width, height = 1280, 800
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width())
            height = min(height, available.height())
        self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.geometry_to_keep.emit(bytes(self.saveGeometry().toBase64().data()).decode("ascii"))
        # The listeners are application-wide: a closed window must stop hearing keys.
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle_lock)
        self.idle_lock.disarm()
        self.payments.stop()
        super().closeEvent(event)
