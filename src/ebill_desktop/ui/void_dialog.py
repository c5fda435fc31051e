"""Void a payment from its receipt: the reason, a note, the supervisor's approval, the service.

Opened by Ctrl+D on the receipt view. It shows which receipt and how much (plain text), asks
for the reason code and an optional note, then, for a cashier, opens the supervisor's
:class:`~ebill_desktop.ui.approval_dialog.ApprovalDialog` (``Action.VOID``) without blocking.
The void itself runs off the UI thread (:class:`TaskRunner`) through
:meth:`ebill_desktop.services.voids.VoidService.void`, which checks the role, the approval and
the open shift itself; whatever it refuses is shown here, and nothing changed. On success the
dialog closes and :attr:`record` holds the stored void.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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

from ebill_core.receipt import Receipt
from ebill_core.records import Operator
from ebill_desktop.security.roles import APPROVER_ROLES, Action
from ebill_desktop.services.voids import MAX_NOTE, VoidReason
from ebill_desktop.ui.approval_dialog import ApprovalDialog, Approvals
from ebill_desktop.ui.counter_services import Voids
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.security.approvals import Approval
    from ebill_desktop.services.voids import VoidRecord

LANE = "void"

# The reason codes in words (the code itself goes to head office).
REASON_TEXT = {
    VoidReason.WRONG_ACCOUNT: "Wrong account",
    VoidReason.WRONG_AMOUNT: "Wrong amount",
    VoidReason.DUPLICATE: "Taken twice (duplicate)",
    VoidReason.TENDER_ERROR: "Wrong tender (e.g. a cheque entered as cash)",
    VoidReason.CUSTOMER_CANCELLED: "The customer cancelled",
}


class VoidDialog(QDialog):
    """One receipt's void: reason and note, then approval, then the service."""

    voided = Signal(object)  # VoidRecord
    refused = Signal(str)  # the message shown

    def __init__(
        self,
        voids: Voids,
        approvals: Approvals | None,
        runner: TaskRunner,
        receipt: Receipt,
        operator: Operator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void a payment"))
        self.setModal(True)
        self._voids, self._approvals, self._runner = voids, approvals, runner
        self._receipt, self._operator = receipt, operator
        self.approval_dialog: ApprovalDialog | None = None  # while the supervisor is asked
        self.record: VoidRecord | None = None
        self._build()

    def _build(self) -> None:
        receipt = self._receipt
        heading = QLabel(self.tr("Void this payment"))
        heading.setProperty("role", "heading")
        number = DataLabel(self.tr("Receipt"), receipt.receipt_no, object_name="voidReceiptNo")
        amount = DataLabel(
            self.tr("Amount"), amount_text(receipt.amount_paid), object_name="voidAmount"
        )
        consumer = DataLabel(
            self.tr("Consumer"),
            f"{receipt.account_no}, {receipt.consumer_name}",
            object_name="voidConsumer",
        )
        self.reason = QComboBox()
        self.reason.setObjectName("voidReason")
        self.reason.setAccessibleName(self.tr("Reason for the void"))
        self.reason.addItem(self.tr("Choose a reason…"), None)
        for code, text in REASON_TEXT.items():
            self.reason.addItem(self.tr(text), code.value)
        self.note = QLineEdit()
        self.note.setObjectName("voidNote")
        self.note.setAccessibleName(self.tr("Note (optional)"))
        self.note.setMaxLength(MAX_NOTE)
        self.message = DataLabel(self.tr("Message"), object_name="voidMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.setObjectName("voidButton")
        self.void_button.setDefault(True)
        self.buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(caption_label(self.tr("Receipt")), number)
        form.addRow(caption_label(self.tr("Amount")), amount)
        form.addRow(caption_label(self.tr("Consumer")), consumer)
        form.addRow(caption_label(self.tr("&Reason"), buddy=self.reason), self.reason)
        form.addRow(caption_label(self.tr("&Note"), buddy=self.note), self.note)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setFocusProxy(self.reason)
        self.resize(520, 0)

    # -- acting ----------

    def chosen_reason(self) -> VoidReason | None:
        data = self.reason.currentData()
        return None if data is None else VoidReason(str(data))

    def submit(self) -> None:
        """Check the form, then ask the supervisor (a cashier) or void at once (a supervisor)."""
        if self.approval_dialog is not None or self._runner.is_busy(LANE):
            return
        if self.chosen_reason() is None:
            self._refuse(self.tr("Choose the reason for the void."))
            self.reason.setFocus()
            return
        if self._operator.role in APPROVER_ROLES:
            self._void(None)
            return
        if self._approvals is None:
            self._refuse(self.tr("No supervisor can approve a void at this counter window."))
            return
        self._show(self.tr("Waiting for a supervisor…"), tone="info")
        receipt = self._receipt
        details = self.tr("Receipt {number}, {amount}").format(
            number=receipt.receipt_no, amount=amount_text(receipt.amount_paid)
        )
        dialog = ApprovalDialog(
            self._approvals, self._runner, Action.VOID, self._operator, details=details, parent=self
        )
        self.approval_dialog = dialog
        dialog.finished.connect(lambda _result: self._approval_done(dialog))
        dialog.open()

    def _approval_done(self, dialog: ApprovalDialog) -> None:
        self.approval_dialog = None
        dialog.deleteLater()
        self.activateWindow()
        if dialog.approval is None:
            self._refuse(self.tr("Not voided: no supervisor approved it."))
            return
        self._void(dialog.approval)

    def _void(self, approval: Approval | None) -> None:
        reason = self.chosen_reason()
        assert reason is not None  # checked by submit()
        voids, operator = self._voids, self._operator
        number, note = self._receipt.receipt_no, self.note.text()
        self._set_busy(True)
        self._show(self.tr("Voiding…"), tone="info")
        self._runner.run(
            LANE,
            lambda: voids.void(number, operator, reason, approval, note=note),
            self._voided,
            self._failed,
        )

    def _voided(self, record: VoidRecord) -> None:
        self.record = record
        self.voided.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        # VoidError and NotPermittedError both carry a message meant for the screen.
        self._set_busy(False)
        message = getattr(error, "message", None) or str(error)
        self._refuse(self.tr("Not voided: {why}").format(why=message))

    # -- state ----------

    def _refuse(self, text: str) -> None:
        self._show(text, tone="error")
        self.refused.emit(text)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.void_button, self.reason, self.note):
            widget.setEnabled(not busy)

    def _show(self, text: str, *, tone: str) -> None:
        self.message.show_message(text, tone=tone)
