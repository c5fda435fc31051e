"""The supervisor's approval, typed on the cashier's own terminal.

When a cashier asks for something a supervisor must approve (a void, a second reprint, a
no-sale drawer open ...), this modal dialog asks the supervisor standing next to them for their
login and password. The check runs off the UI thread (:class:`TaskRunner`), through
:meth:`ApprovalService.approve`, which also audits it and counts wrong passwords toward the
supervisor's lock-out. On success the dialog closes with the :class:`Approval`, which the cashier's
service call then carries (the service checks it itself). Esc or Cancel closes it with none.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.records import Operator
from ebill_desktop.security.roles import Action
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    # The approvals module loads SQLAlchemy and argon2; the window must open without them.
    from ebill_desktop.security.approvals import Approval

log = logging.getLogger(__name__)

LANE = "approval"

# What the supervisor is asked to approve, in words.
ACTION_TEXT = {
    Action.VOID: "Void a payment",
    Action.REPRINT_SECOND: "Print the receipt again (second or later reprint)",
    Action.OVER_SHORT_BEYOND_TOLERANCE: "Accept an over/short beyond the tolerance",
    Action.CLOSE_WITH_UNSYNCED: "Close the shift with payments not yet sent",
    Action.NO_SALE_OPEN: "Open the cash drawer without a payment",
    Action.OPEN_SHIFT: "Open a shift",
    Action.CLOSE_SHIFT: "Close the shift",
    Action.CASH_DROP: "Hand cash to the head cashier",
    Action.PAY_OUT: "Pay cash out of the drawer",
    Action.RESET_PASSWORD: "Reset a password",
    Action.RESOLVE_ATTENTION: "Resolve an item on the attention list",
    Action.CHANGE_SETTINGS: "Change the counter's settings",
    Action.CHEQUE_BOUNCE: "Cancel a bounced cheque",
    Action.EXPORT_UNSYNCED: "Export unsynced payments to a signed file",
}


class Approvals(Protocol):
    """What the dialog calls (:class:`ebill_desktop.security.approvals.ApprovalService`)."""

    def approve(
        self, action: Action, supervisor_login: str, password: str, *, cashier: str
    ) -> Approval: ...


class ApprovalDialog(QDialog):
    """Supervisor login + password for one action of one cashier; :attr:`approval` on success."""

    approved = Signal(object)  # Approval
    refused = Signal(str)  # the message shown (for tests and the screenshot tool)

    def __init__(
        self,
        approvals: Approvals,
        runner: TaskRunner,
        action: Action,
        cashier: Operator,
        *,
        details: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.setModal(True)
        self._approvals = approvals
        self._runner = runner
        self._action = action
        self._cashier = cashier
        self.approval: Approval | None = None
        self._build(details)

    def _build(self, details: str | None) -> None:
        heading = QLabel(self.tr("A supervisor must approve this"))
        heading.setProperty("role", "heading")
        asked = DataLabel(
            self.tr("Asked for"),
            self.tr(ACTION_TEXT.get(self._action, self._action.value)),
            object_name="approvalAction",
        )
        asked.setWordWrap(True)
        by = DataLabel(
            self.tr("Asked by"),
            f"{self._cashier.full_name} ({self._cashier.login})",
            object_name="approvalCashier",
        )
        self.login_field = QLineEdit()
        self.login_field.setObjectName("supervisorLogin")
        self.login_field.setAccessibleName(self.tr("Supervisor login"))
        self.login_field.setMaxLength(64)
        self.password_field = QLineEdit()
        self.password_field.setObjectName("supervisorPassword")
        self.password_field.setAccessibleName(self.tr("Supervisor password"))
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field.setMaxLength(256)
        self.message = DataLabel(self.tr("Approval message"), object_name="approvalMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setDefault(True)
        self.buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(caption_label(self.tr("Asked for")), asked)
        form.addRow(caption_label(self.tr("Asked by")), by)
        if details:
            shown = DataLabel(self.tr("Details"), details, object_name="approvalDetails")
            shown.setWordWrap(True)
            # A wrapped label in a form row is given one line's height; its own row is measured.
            form.addRow(caption_label(self.tr("Details")))
            form.addRow(shown)
        form.addRow(caption_label(self.tr("&Supervisor"), buddy=self.login_field), self.login_field)
        form.addRow(
            caption_label(self.tr("&Password"), buddy=self.password_field), self.password_field
        )

        layout = QVBoxLayout(self)
        # Never smaller than the contents need: a wrapped message must not be cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.login_field.returnPressed.connect(self.password_field.setFocus)
        self.password_field.returnPressed.connect(self.submit)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setFocusProxy(self.login_field)
        self.resize(520, 0)

    # -- acting ---------------------------------------------------------------------------

    def submit(self) -> None:
        """Check the supervisor's credentials off the UI thread."""
        login = self.login_field.text().strip()
        password = self.password_field.text()
        if not login:
            self._refuse(self.tr("The supervisor types their login."), self.login_field)
            return
        if not password:
            self._refuse(self.tr("The supervisor types their password."), self.password_field)
            return
        if self._runner.is_busy(LANE):
            return
        self._set_busy(True)
        self._show(self.tr("Checking…"), tone="info")
        action, cashier = self._action, self._cashier.login
        self._runner.run(
            LANE,
            lambda: self._approvals.approve(action, login, password, cashier=cashier),
            self._approved,
            self._failed,
        )

    def _approved(self, approval: Approval) -> None:
        self.password_field.clear()
        if not self.isVisible() and self.result() == QDialog.DialogCode.Rejected:
            return  # cancelled while the check ran: the cashier no longer wants it
        self.approval = approval
        self.approved.emit(approval)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        from ebill_desktop.security.approvals import ApprovalRefused

        if isinstance(error, ApprovalRefused):
            self._refuse(str(error), self.password_field)
        else:
            log.error("the approval could not be checked", exc_info=error)
            self._refuse(
                self.tr("Could not check the approval: {error}").format(error=error),
                self.password_field,
            )

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self.password_field.clear()
        self._show(text, tone="error")
        focus.setFocus()
        self.refused.emit(text)

    def _set_busy(self, busy: bool) -> None:
        # Fields go read-only, not disabled: disabling the focused field would hand the focus
        # (and with it the dialog's default button) to Cancel, and the Return key that started
        # the check would then cancel the dialog.
        self.approve_button.setEnabled(not busy)
        for field in (self.login_field, self.password_field):
            field.setReadOnly(busy)

    def _show(self, text: str, *, tone: str) -> None:
        self.message.show_message(text, tone=tone)


def ask_for_approval(
    approvals: Approvals,
    runner: TaskRunner,
    action: Action,
    cashier: Operator,
    *,
    details: str | None = None,
    parent: QWidget | None = None,
) -> Approval | None:
    """Show the dialog modally; the approval, or None when it was cancelled."""
    dialog = ApprovalDialog(approvals, runner, action, cashier, details=details, parent=parent)
    try:
        dialog.exec()
        return dialog.approval
    finally:
        dialog.deleteLater()
