"""The shift dialogs: open with a counted float, close with a (blind) count, drops and pay-outs.

Every service call runs on a worker (:class:`~ebill_desktop.ui.tasks.TaskRunner`); the dialog
only shows what comes back. The close dialog shows nothing about the expected cash until the
count has been recorded by the service (:meth:`ShiftService.record_count`); then it shows
counted, expected and over/short, and asks for a supervisor's login and password where the
close needs approval (over/short beyond tolerance, unsynced payments). The supervisor's
approval is checked by :class:`~ebill_desktop.security.approvals.ApprovalService` on the worker,
and the service checks it again itself.

On an enrolled terminal a close with unsynced payments is refused until a signed export covers
them (docs/cash-control.md). The close dialog then offers "Export unsynced payments…": a
supervisor approves (``Action.EXPORT_UNSYNCED``; a supervisor closing approves it by being one),
a file is chosen (in the data folder's ``exports`` by default), the export runs on a worker, and
the close can be tried again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ebill_core.cash_count import DENOMINATIONS, CashCount
from ebill_core.money import Money, MoneyParseError
from ebill_core.receipt import ReceiptHeader
from ebill_core.records import Operator
from ebill_desktop.security.approvals import Approval, ApprovalService
from ebill_desktop.security.roles import APPROVER_ROLES, Action
from ebill_desktop.services.collection_report import CollectionReportService
from ebill_desktop.services.shift_reports import ShiftReport
from ebill_desktop.services.shifts import CloseCheck, Shift, ShiftService
from ebill_desktop.ui.approval_dialog import ApprovalDialog
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.shift_report_view import SendBytes, ShiftReportView
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.sync.payment_export import ExportResult

# Writes the unsynced payments to a signed file (sync.payment_export.export_unsynced over the
# app's cache, settings and keyring); called on a worker with the path, the actor, the approval.
UnsyncedExport = Callable[[Path, Operator, Approval | None], "ExportResult"]

__all__ = [
    "CashMovementDialog",
    "CloseShiftDialog",
    "DenominationGrid",
    "OpenShiftDialog",
    "ShiftMenu",
    "ShiftTools",
]

_MAX_PIECES = 100_000


def _error_text(error: BaseException) -> str:
    """The message a service error carries for the screen."""
    return str(getattr(error, "message", None) or error)


class DenominationGrid(QWidget):
    """One spin box per denomination, each row's value and the grand total."""

    changed = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.boxes: dict[int, QSpinBox] = {}
        self._values: dict[int, QLabel] = {}
        grid = QGridLayout(self)
        for row, value in enumerate(DENOMINATIONS[currency]):
            label = QLabel(amount_text(Money(value, currency)))
            label.setTextFormat(Qt.TextFormat.PlainText)
            box = QSpinBox()
            box.setRange(0, _MAX_PIECES)
            box.setObjectName(f"pieces{value}")
            box.setAccessibleName(self.tr("Pieces of {value}").format(value=label.text()))
            box.valueChanged.connect(self._update)
            label.setBuddy(box)
            line = QLabel()
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(line, row, 2)
            self.boxes[value], self._values[value] = box, line
        self.total_label = QLabel()
        self.total_label.setObjectName("countTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(QLabel(self.tr("Total")), len(self.boxes), 0)
        grid.addWidget(self.total_label, len(self.boxes), 2)
        self._update()

    def count(self) -> CashCount:
        return CashCount.of(self.currency, {v: b.value() for v, b in self.boxes.items()})

    def set_pieces(self, pieces: dict[int, int]) -> None:
        for value, box in self.boxes.items():
            box.setValue(pieces.get(value, 0))

    def _update(self) -> None:
        for value, box in self.boxes.items():
            self._values[value].setText(amount_text(Money(value * box.value(), self.currency)))
        self.total_label.setText(amount_text(self.count().total))
        self.changed.emit()


class _SupervisorFields(QWidget):
    """A supervisor's login and password, typed on this terminal to approve an act."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.login.setObjectName("supervisorLogin")
        self.password = QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Supervisor"), self.login)
        form.addRow(self.tr("Password"), self.password)

    def credentials(self) -> tuple[str, str]:
        return self.login.text(), self.password.text()


class _ServiceDialog(QDialog):
    """A dialog whose button starts a worker task; errors show in its message line."""

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("shiftMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

    def _start(
        self, button: QPushButton, work: Callable[[], object], done: Callable[[object], None]
    ) -> None:
        button.setEnabled(False)
        self.message.setText(self.tr("Working…"))

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            self.message.setText(_error_text(error))

        def succeeded(result: object) -> None:
            button.setEnabled(True)
            self.message.clear()
            done(result)

        self.runner.run("shift", work, succeeded, failed)


class OpenShiftDialog(_ServiceDialog):
    """Count the opening float by denomination and open the shift."""

    opened = Signal(object)  # Shift

    def __init__(
        self,
        shifts: ShiftService,
        runner: TaskRunner,
        operator: Operator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("Open shift"), parent)
        self.setObjectName("openShiftDialog")
        self._shifts, self._operator = shifts, operator
        intro = QLabel(self.tr("Count the float in the drawer, note by note."))
        self.grid = DenominationGrid(shifts.rules.currency)
        self.open_button = QPushButton(self.tr("Open shift"))
        self.open_button.setObjectName("openShift")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel.rejected.connect(self.reject)
        for widget in (intro, self.grid, self.message, cancel):
            self.layout_.addWidget(widget)

    def _open(self) -> None:
        count, operator = self.grid.count(), self._operator
        self._start(self.open_button, lambda: self._shifts.open(operator, count), self._opened)

    def _opened(self, shift: object) -> None:
        assert isinstance(shift, Shift)
        self.opened.emit(shift)
        self.accept()


class CloseShiftDialog(_ServiceDialog):
    """Count the drawer (blind: nothing expected is shown first), then close with approvals."""

    closed = Signal(object)  # the Z report (ShiftReport)

    def __init__(
        self,
        shifts: ShiftService,
        approvals: ApprovalService,
        runner: TaskRunner,
        operator: Operator,
        shift: Shift,
        parent: QWidget | None = None,
        *,
        export: UnsyncedExport | None = None,
        export_folder: Path | None = None,
    ) -> None:
        super().__init__(runner, self.tr("Close shift"), parent)
        self.setObjectName("closeShiftDialog")
        self._shifts, self._approvals = shifts, approvals
        self._operator, self._shift = operator, shift
        self._export, self._export_folder = export, export_folder
        self.check: CloseCheck | None = None
        self.approval_dialog: ApprovalDialog | None = None  # while a supervisor approves an export
        self.export_result: ExportResult | None = None  # the last export written
        hint = (
            self.tr("Blind count: count the drawer; what is expected shows after the count.")
            if shift.blind
            else self.tr("Count the drawer by denomination.")
        )
        self.grid = DenominationGrid(shifts.rules.currency)
        self.count_button = QPushButton(self.tr("Record count"))
        self.count_button.setObjectName("recordCount")
        self.count_button.clicked.connect(self._record)
        self.outcome = QLabel()
        self.outcome.setObjectName("overShort")
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setWordWrap(True)
        self.supervisor = _SupervisorFields()
        self.supervisor.hide()
        self.close_button = QPushButton(self.tr("Close shift"))
        self.close_button.setObjectName("closeShift")
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self._close)
        self.export_button = QPushButton(self.tr("Export unsynced payments…"))
        self.export_button.setObjectName("exportUnsynced")
        self.export_button.clicked.connect(self.ask_to_export)
        self.export_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        for widget in (
            QLabel(hint),
            self.grid,
            self.count_button,
            self.outcome,
            self.supervisor,
            self.export_button,
            self.message,
            buttons,
        ):
            self.layout_.addWidget(widget)

    def _record(self) -> None:
        count, operator, shift_id = self.grid.count(), self._operator, self._shift.shift_id
        self._start(
            self.count_button,
            lambda: self._shifts.record_count(shift_id, operator, count),
            self._counted,
        )

    def _counted(self, check: object) -> None:
        assert isinstance(check, CloseCheck)
        self.check = check
        if self._shift.blind:  # the blind count is final: no recount after seeing the result
            self.grid.setEnabled(False)
            self.count_button.setEnabled(False)
        difference = check.over_short.difference
        word = self.tr("Over") if difference.minor > 0 else self.tr("Short")
        lines = [
            self.tr("Counted: {amount}").format(amount=amount_text(check.over_short.counted)),
            self.tr("Expected: {amount}").format(amount=amount_text(check.over_short.expected)),
            self.tr("Even") if difference.minor == 0 else f"{word}: {amount_text(abs(difference))}",
        ]
        if check.unsynced:
            lines.append(
                self.tr("{n} payment(s) not yet synced with head office.").format(n=check.unsynced)
            )
            if self._export is not None:  # an enrolled terminal: the close needs an export
                lines.append(self.tr("They must be exported to a signed file before the close."))
        self.export_button.setVisible(bool(check.unsynced) and self._export is not None)
        needs = self._needs()
        if needs:
            lines.append(self.tr("A supervisor must approve this close."))
        self.outcome.setText("\n".join(lines))
        self.supervisor.setVisible(bool(needs))
        self.close_button.setEnabled(True)

    def _needs(self) -> list[Action]:
        """The approvals this close needs from someone else (none for a supervisor)."""
        if self.check is None or self._operator.role in APPROVER_ROLES:
            return []
        needs = []
        if self.check.needs_over_short_approval:
            needs.append(Action.OVER_SHORT_BEYOND_TOLERANCE)
        if self.check.needs_unsynced_approval:
            needs.append(Action.CLOSE_WITH_UNSYNCED)
        return needs

    def _close(self) -> None:
        needs, (login, password) = self._needs(), self.supervisor.credentials()
        operator, shift_id = self._operator, self._shift.shift_id
        shifts, approvals = self._shifts, self._approvals

        def work() -> ShiftReport:
            given: dict[Action, Approval] = {
                action: approvals.approve(action, login, password, cashier=operator.login)
                for action in needs
            }
            return shifts.close(
                shift_id,
                operator,
                over_short_approval=given.get(Action.OVER_SHORT_BEYOND_TOLERANCE),
                unsynced_approval=given.get(Action.CLOSE_WITH_UNSYNCED),
            )

        self._start(self.close_button, work, self._closed)

    def _closed(self, report: object) -> None:
        self.supervisor.password.clear()
        self.closed.emit(report)
        self.accept()

    # -- the export of unsynced payments ----------

    def ask_to_export(self) -> None:
        """A supervisor's approval (unless one is closing), then the file, then the export."""
        if self._export is None or self.approval_dialog is not None:
            return
        if self.runner.is_busy("shift"):
            return
        if self._operator.role in APPROVER_ROLES:
            self._choose_file(None)
            return
        self.message.setText(self.tr("Waiting for a supervisor to approve the export…"))
        dialog = ApprovalDialog(
            self._approvals,
            self.runner,
            Action.EXPORT_UNSYNCED,
            self._operator,
            details=self.tr("Shift of {operator}").format(operator=self._shift.operator),
            parent=self,
        )
        self.approval_dialog = dialog
        dialog.finished.connect(lambda _result: self._approval_done(dialog))
        dialog.open()

    def _approval_done(self, dialog: ApprovalDialog) -> None:
        self.approval_dialog = None
        dialog.deleteLater()
        self.activateWindow()
        if dialog.approval is None:
            self.message.setText(self.tr("Not exported: no supervisor approved it."))
            return
        self._choose_file(dialog.approval)

    def default_export_path(self) -> Path:
        """``unsynced-<date>-<time>.json`` in the exports folder (the home folder without one)."""
        folder = self._export_folder or Path.home()
        return folder / f"unsynced-{datetime.now().astimezone():%Y%m%d-%H%M%S}.json"

    def _choose_file(self, approval: Approval | None) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export unsynced payments"),
            str(self.default_export_path()),
            self.tr("Signed export (*.json)"),
        )
        if not chosen:
            self.message.setText(self.tr("Not exported: no file was chosen."))
            return
        export, operator, path = self._export, self._operator, Path(chosen)
        assert export is not None  # checked by ask_to_export
        self._start(self.export_button, lambda: export(path, operator, approval), self._exported)

    def _exported(self, result: object) -> None:
        done = cast("ExportResult", result)  # what UnsyncedExport returns
        self.export_result = done
        self.message.setText(
            self.tr(
                "Exported {n} payment(s) to {path}. Take the file to head office; "
                "the shift can be closed now."
            ).format(n=done.payments, path=done.path)
        )


class CashMovementDialog(_ServiceDialog):
    """A cash drop to the head cashier, a pay-out with its reason, or a no-sale drawer open.

    A cashier's pay-out or no-sale asks for a supervisor here; a no-sale has no amount. The
    drawer itself is opened by whoever listens to ``recorded`` (after the service recorded it).
    """

    recorded = Signal()

    def __init__(
        self,
        kind: str,
        shifts: ShiftService,
        approvals: ApprovalService,
        runner: TaskRunner,
        operator: Operator,
        shift: Shift,
        parent: QWidget | None = None,
    ) -> None:
        titles = {"drop": "Cash drop", "pay_out": "Pay-out", "no_sale": "No-sale (open drawer)"}
        if kind not in titles:
            raise ValueError(f"a cash movement is a drop, pay-out or no-sale, not {kind!r}")
        title = self.tr(titles[kind])
        super().__init__(runner, title, parent)
        self.setObjectName("cashMovementDialog")
        self._kind, self._shifts, self._approvals = kind, shifts, approvals
        self._operator, self._shift = operator, shift
        form = QFormLayout()
        self.amount = QLineEdit()
        self.amount.setObjectName("movementAmount")
        self.reason = QLineEdit()
        self.reason.setObjectName("movementReason")
        self.reason.setMaxLength(200)
        if kind != "no_sale":
            form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Note") if kind == "drop" else self.tr("Reason"), self.reason)
        self.supervisor = _SupervisorFields()
        supervised = kind in ("pay_out", "no_sale")
        self.supervisor.setVisible(supervised and operator.role not in APPROVER_ROLES)
        self.ok_button = QPushButton(title)
        self.ok_button.setObjectName("recordMovement")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.layout_.addLayout(form)
        for widget in (self.supervisor, self.message, buttons):
            self.layout_.addWidget(widget)

    def _record(self) -> None:
        currency = self._shifts.rules.currency
        try:
            text = self.amount.text() if self._kind != "no_sale" else "0"
            amount = Money.parse(text, currency)
        except MoneyParseError as error:
            self.message.setText(str(error))
            return
        reason, (login, password) = self.reason.text(), self.supervisor.credentials()
        operator, shift_id, kind = self._operator, self._shift.shift_id, self._kind
        shifts, approvals = self._shifts, self._approvals
        ask = self.supervisor.isVisibleTo(self)

        def work() -> None:
            if kind == "drop":
                shifts.drop(shift_id, operator, amount, reason)
                return
            action = Action.PAY_OUT if kind == "pay_out" else Action.NO_SALE_OPEN
            approval = (
                approvals.approve(action, login, password, cashier=operator.login) if ask else None
            )
            if kind == "pay_out":
                shifts.pay_out(shift_id, operator, amount, reason, approval)
            else:
                shifts.no_sale(shift_id, operator, reason, approval)

        self._start(self.ok_button, work, lambda _none: self._recorded())

    def _recorded(self) -> None:
        self.recorded.emit()
        self.accept()


@dataclass(frozen=True, slots=True)
class ShiftTools:
    """What the shift menu needs, built by the composition root."""

    shifts: ShiftService
    approvals: ApprovalService
    header: ReceiptHeader  # the counter's receipt header, printed on X/Z reports
    tz: tzinfo  # the counter's time zone
    send: SendBytes | None = None  # the receipt printer (None: none set up)
    pdf_folder: Path | None = None  # where each Z report's PDF is kept (None: not kept)
    collections: CollectionReportService | None = None  # the daily collection report (None: off)
    # The close dialog's export of unsynced payments (None: a terminal never enrolled).
    export: UnsyncedExport | None = None
    export_folder: Path | None = None  # where that export's file is suggested


class ShiftMenu(QObject):
    """F9: the shift menu (open; or drop, pay-out, X report, close), for the logged-in operator.

    The open shift is read on a worker before the menu shows; the Z report a close returns is
    shown, printed (when a printer is set up) and saved as PDF (when a folder is set).
    """

    SHORTCUT = "F9"

    def __init__(
        self,
        window: QWidget,
        tools: ShiftTools,
        runner: TaskRunner,
        operator: Callable[[], Operator | None],
    ) -> None:
        super().__init__(window)
        self._window, self._tools, self._runner, self._operator = window, tools, runner, operator
        self.menu = QMenu(window)
        self.menu.setObjectName("shiftMenu")
        self.dialog: QDialog | None = None  # the dialog or report now shown (tests look at it)
        shortcut = QShortcut(QKeySequence(self.SHORTCUT), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.show_menu)

    def shortcut_lines(self) -> list[tuple[str, str]]:
        if self._tools.collections is None:
            return [(self.SHORTCUT, self.tr("Shift: open, drop, pay-out, X report, close"))]
        text = self.tr("Shift: open, drop, pay-out, X report, close; daily collection report")
        return [(self.SHORTCUT, text)]

    def show_menu(self) -> None:
        if self._operator() is None:
            return
        self._runner.run("shift-menu", self._tools.shifts.current, self._fill_menu, self._failed)

    def _fill_menu(self, shift: object) -> None:
        operator = self._operator()
        if operator is None:
            return
        self.menu.clear()
        if not isinstance(shift, Shift):
            self.menu.addAction(self.tr("Open shift…"), lambda: self.open_shift(operator))
        else:
            self.menu.addAction(
                self.tr("Cash drop…"), lambda: self.movement("drop", operator, shift)
            )
            self.menu.addAction(
                self.tr("Pay-out…"), lambda: self.movement("pay_out", operator, shift)
            )
            self.menu.addAction(
                self.tr("No-sale (open drawer)…"), lambda: self.movement("no_sale", operator, shift)
            )
            self.menu.addAction(self.tr("X report"), lambda: self.x_report(shift))
            self.menu.addAction(self.tr("Close shift…"), lambda: self.close_shift(operator, shift))
        if self._tools.collections is not None:
            self.menu.addSeparator()
            self.menu.addAction(
                self.tr("Daily collection report…"), lambda: self.collection_report(operator)
            )
        self.menu.popup(QCursor.pos())

    def collection_report(self, operator: Operator) -> None:
        """The day's collections (a cashier sees their own; the service decides)."""
        collections = self._tools.collections
        if collections is None:
            return
        from ebill_desktop.ui.collection_report_view import CollectionReportView

        self._show(
            CollectionReportView(
                collections,
                self._runner,
                operator,
                folder=self._tools.pdf_folder,
                parent=self._window,
            )
        )

    def open_shift(self, operator: Operator) -> None:
        self._show(OpenShiftDialog(self._tools.shifts, self._runner, operator, self._window))

    def movement(self, kind: str, operator: Operator, shift: Shift) -> None:
        t = self._tools
        dialog = CashMovementDialog(
            kind, t.shifts, t.approvals, self._runner, operator, shift, self._window
        )
        if kind == "no_sale":
            dialog.recorded.connect(self.kick_drawer)
        self._show(dialog)

    def kick_drawer(self) -> None:
        """Open the cash drawer (ESC p through the receipt printer), after a recorded no-sale."""
        send = self._tools.send
        if send is None:
            return
        from ebill_desktop.printing.receipt_escpos import drawer_kick

        self._runner.run("drawer", lambda: send(drawer_kick()), lambda _none: None, self._failed)

    def close_shift(self, operator: Operator, shift: Shift) -> None:
        t = self._tools
        dialog = CloseShiftDialog(
            t.shifts,
            t.approvals,
            self._runner,
            operator,
            shift,
            self._window,
            export=t.export,
            export_folder=t.export_folder,
        )
        dialog.closed.connect(self._z_report)
        self._show(dialog)

    def x_report(self, shift: Shift) -> None:
        shifts = self._tools.shifts
        self._runner.run(
            "shift-report",
            lambda: shifts.x_report(shift.shift_id),
            self.show_report,
            self._failed,
        )

    def show_report(self, report: object) -> None:
        self._report_view(report)

    def _report_view(self, report: object) -> ShiftReportView:
        assert isinstance(report, ShiftReport)
        t = self._tools
        view = ShiftReportView(
            report,
            t.header,
            t.tz,
            self._runner,
            send=t.send,
            pdf_folder=t.pdf_folder,
            parent=self._window,
        )
        self._show(view)
        return view

    def _z_report(self, report: object) -> None:
        view = self._report_view(report)
        view.print_report()
        folder = self._tools.pdf_folder
        if folder is not None:
            view.save_pdf(folder / view.default_pdf_name())

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setModal(True)
        dialog.show()

    def _failed(self, error: BaseException) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Shift"), _error_text(error))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setParent(self._window, box.windowFlags())
        box.show()
