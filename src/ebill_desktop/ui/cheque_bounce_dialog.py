"""Report a cheque of a receipt bounced (NSF): which cheque, a confirmation, the service.

Opened by Ctrl+B on the receipt view, for a receipt with a cheque tender. It shows the receipt
and the chosen cheque's number, bank and amount (plain text; a choice when the receipt has more
than one cheque), the reason (NSF, the only one head office takes), and asks the supervisor to
confirm that the bank returned it unpaid. Only a supervisor or an administrator may report a
bounce, and no approval stands in for one (``RULES[CHEQUE_BOUNCE]``): anyone else is told so
before anything is asked. The report runs off the UI thread (:class:`TaskRunner`) through
:meth:`ebill_desktop.services.cheque_bounce.ChequeBounceService.record`, which checks the role,
that head office holds the payment and that the cheque was not reported before; what it refuses
is shown here, and nothing changed. On success :attr:`bounced` carries the cheque's number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import Receipt, ReceiptTender
from ebill_core.records import Operator
from ebill_desktop.security.roles import Action, Permission, permission
from ebill_desktop.ui.counter_services import ChequeBounces
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.tasks import TaskRunner

LANE = "cheque-bounce"
REASON_TEXT = "NSF: not sufficient funds"


def cheque_tenders(receipt: Receipt) -> list[tuple[int, ReceiptTender]]:
    """The receipt's cheques with their place on it (from 1, as the service counts them)."""
    return [
        (position, tender)
        for position, tender in enumerate(receipt.tenders, start=1)
        if tender.kind is TenderKind.CHEQUE
    ]


def may_report_bounces(operator: Operator) -> bool:
    """A supervisor or an administrator, on their own (no approval route exists)."""
    return permission(Action.CHEQUE_BOUNCE, operator.role) is Permission.ALONE


class ChequeBounceDialog(QDialog):
    """One receipt's bounced cheque: which one, the confirmation, then the service."""

    bounced = Signal(str)  # the cheque's number ("" when the receipt printed none)
    refused = Signal(str)  # the message shown

    def __init__(
        self,
        bounces: ChequeBounces,
        runner: TaskRunner,
        receipt: Receipt,
        operator: Operator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chequeBounceDialog")
        self.setWindowTitle(self.tr("Record a bounced cheque"))
        self.setModal(True)
        self._bounces, self._runner = bounces, runner
        self._receipt, self._operator = receipt, operator
        self._cheques = cheque_tenders(receipt)
        self._build()
        self._show_cheque()

    def _build(self) -> None:
        receipt = self._receipt
        heading = QLabel(self.tr("The bank returned a cheque of this payment unpaid"))
        heading.setProperty("role", "heading")
        number = DataLabel(self.tr("Receipt"), receipt.receipt_no, object_name="bounceReceiptNo")
        consumer = DataLabel(
            self.tr("Consumer"),
            f"{receipt.account_no}, {receipt.consumer_name}",
            object_name="bounceConsumer",
        )
        self.tender = QComboBox()
        self.tender.setObjectName("bounceTender")
        self.tender.setAccessibleName(self.tr("Which cheque"))
        for position, tender in self._cheques:
            self.tender.addItem(
                self.tr("Tender {n}: cheque {number}, {amount}").format(
                    n=position, number=tender.reference or "-", amount=amount_text(tender.amount)
                ),
                position,
            )
        self.tender.currentIndexChanged.connect(self._show_cheque)
        self.cheque_no = DataLabel(self.tr("Cheque no."), object_name="bounceChequeNo")
        self.bank = DataLabel(self.tr("Bank"), object_name="bounceBank")
        self.amount = DataLabel(self.tr("Amount"), object_name="bounceAmount")
        reason = DataLabel(self.tr("Reason"), self.tr(REASON_TEXT), object_name="bounceReason")
        self.confirm = QCheckBox(self.tr("I confirm the bank returned this cheque unpaid"))
        self.confirm.setObjectName("bounceConfirm")
        self.message = DataLabel(self.tr("Message"), object_name="bounceMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.record_button = QPushButton(self.tr("Record the bounce"))
        self.record_button.setObjectName("recordBounce")
        self.record_button.setDefault(True)
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(caption_label(self.tr("Receipt")), number)
        form.addRow(caption_label(self.tr("Consumer")), consumer)
        if len(self._cheques) > 1:  # one cheque: nothing to choose
            form.addRow(caption_label(self.tr("&Cheque"), buddy=self.tender), self.tender)
        else:
            self.tender.hide()
        form.addRow(caption_label(self.tr("Cheque no.")), self.cheque_no)
        form.addRow(caption_label(self.tr("Bank")), self.bank)
        form.addRow(caption_label(self.tr("Amount")), self.amount)
        form.addRow(caption_label(self.tr("Reason")), reason)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setFocusProxy(self.tender if len(self._cheques) > 1 else self.confirm)
        self.resize(520, 0)

    def chosen(self) -> tuple[int, ReceiptTender] | None:
        """The cheque chosen: its place on the receipt (from 1) and the tender."""
        index = self.tender.currentIndex()
        return self._cheques[index] if 0 <= index < len(self._cheques) else None

    def _show_cheque(self) -> None:
        chosen = self.chosen()
        tender = None if chosen is None else chosen[1]
        self.cheque_no.set_value("" if tender is None else tender.reference or "")
        bank = "" if tender is None else tender.bank or ""
        if tender is not None and tender.bank_branch:
            bank = f"{bank}, {tender.bank_branch}" if bank else tender.bank_branch
        self.bank.set_value(bank)
        self.amount.set_value("" if tender is None else amount_text(tender.amount))

    # -- acting ----------

    def submit(self) -> None:
        """Check who and what, then record the bounce on a worker."""
        if self._runner.is_busy(LANE):
            return
        chosen = self.chosen()
        if chosen is None:
            self._refuse(self.tr("This receipt has no cheque."))
            return
        if not may_report_bounces(self._operator):
            self._refuse(self._role_refusal())
            return
        if not self.confirm.isChecked():
            self._refuse(self.tr("Tick the box to confirm the bank returned the cheque unpaid."))
            self.confirm.setFocus()
            return
        position, tender = chosen
        bounces, operator, number = self._bounces, self._operator, self._receipt.receipt_no
        self._set_busy(True)
        self._show(self.tr("Recording…"), tone="info")
        self._runner.run(
            LANE,
            lambda: bounces.record(operator, number, position),
            lambda _message: self._recorded(tender.reference or ""),
            self._failed,
        )

    def _role_refusal(self) -> str:
        return self.tr(
            "Only a supervisor or an administrator can record a bounced cheque; "
            "ask one to log in at this counter."
        )

    def _recorded(self, cheque_no: str) -> None:
        self.bounced.emit(cheque_no)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        # ChequeBounceError and NotPermittedError both carry a message meant for the screen.
        self._set_busy(False)
        message = getattr(error, "message", None) or str(error)
        self._refuse(self.tr("Not recorded: {why}").format(why=message))

    # -- state ----------

    def _refuse(self, text: str) -> None:
        self._show(text, tone="error")
        self.refused.emit(text)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.record_button, self.tender, self.confirm):
            widget.setEnabled(not busy)

    def _show(self, text: str, *, tone: str) -> None:
        self.message.show_message(text, tone=tone)
