"""The receipt as printed, on screen: what the paper says, whether it printed, reprint.

Shown after a payment is taken (and from the payment history). The text is the printer's own
layout (:func:`ebill_desktop.printing.receipt_text.receipt_text`), so the screen and the paper
never disagree. Ctrl+P prints it again: the original while it never printed, else a DUPLICATE
(counted and recorded by the payment service). The second and later DUPLICATE need a
supervisor: when the service refuses one for want of an approval, the approval dialog asks the
supervisor on this terminal and the reprint is tried again with it. Ctrl+D voids the payment
(:mod:`ebill_desktop.ui.void_dialog`: reason, note, the supervisor's approval); the view then
shows the receipt marked VOID and offers its VOID slip, printed like a reprint. Ctrl+B (a
receipt with a cheque) reports the cheque bounced (:mod:`ebill_desktop.ui.cheque_bounce_dialog`,
supervisors and administrators only). The next scan
starts the next customer; Esc goes back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.receipt import Receipt, ReceiptStatus
from ebill_core.records import Operator
from ebill_desktop.printing.receipt_text import receipt_text
from ebill_desktop.security.roles import Action
from ebill_desktop.ui.approval_dialog import ApprovalDialog, Approvals
from ebill_desktop.ui.cheque_bounce_dialog import (  # Qt and the core only: light
    ChequeBounceDialog,
    cheque_tenders,
    may_report_bounces,
)
from ebill_desktop.ui.counter_services import ChequeBounces, Payments, Voids
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.receipt_printing import PrintOutcome, ReceiptPrinting, pays_cash
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    # Both load SQLAlchemy and argon2: the start-up path must not (they come with a reprint).
    from ebill_desktop.security.approvals import Approval
    from ebill_desktop.services.voids import VoidRecord
    from ebill_desktop.ui.void_dialog import VoidDialog

log = logging.getLogger(__name__)


class ReceiptView(QWidget):
    """One receipt: its printed text, its print state, reprint."""

    receipt_shown = Signal(object)  # Receipt
    print_state_changed = Signal(str)  # "printing", "printed", "unprinted"
    pdf_saved = Signal(str)  # the path written

    def __init__(
        self,
        payments: Payments,
        runner: TaskRunner,
        printing: ReceiptPrinting,
        *,
        paper_mm: int = 80,
        approvals: Approvals | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._payments = payments
        self._approvals = approvals
        self.approval_dialog: ApprovalDialog | None = None  # while a supervisor is asked
        self._runner = runner
        self._printing = printing
        self._paper_mm = paper_mm
        self._receipt: Receipt | None = None
        self._original_printed = False
        self._state = ""
        self._operator: Operator | None = None
        self._voids: Voids | None = None
        self.void_dialog: VoidDialog | None = None  # while a void is being asked for
        self._bounces: ChequeBounces | None = None
        self.bounce_dialog: ChequeBounceDialog | None = None  # while a bounce is being reported
        self.setObjectName("receiptView")
        self.setAccessibleName(self.tr("Receipt"))

        self.title = DataLabel(self.tr("Receipt"), object_name="receiptTitle")
        self.title.setProperty("role", "title")
        self.summary = DataLabel(self.tr("Payment"), object_name="receiptSummary")
        self.summary.setProperty("role", "value")
        self.summary.setWordWrap(True)
        self.change = DataLabel(self.tr("Change to give"), object_name="receiptChange")
        self.change.setProperty("role", "amount")
        self.state = DataLabel(self.tr("Print state"), object_name="receiptPrintState")
        self.state.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("receiptText")
        self.text.setAccessibleName(self.tr("Receipt text"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.text.setFont(font)
        self.reprint_button = QPushButton()
        self.reprint_button.setObjectName("reprintReceipt")
        self.reprint_button.setAccessibleName(self.tr("Print the receipt again"))
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reprint_button.clicked.connect(self.reprint)
        self.pdf_button = QPushButton(self.tr("Save as PDF  (Ctrl+S)"))
        self.pdf_button.setObjectName("saveReceiptPdf")
        self.pdf_button.setAccessibleName(self.tr("Save the receipt as PDF"))
        self.pdf_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pdf_button.clicked.connect(self.ask_and_save_pdf)
        self.pdf_state = DataLabel(self.tr("PDF"), object_name="receiptPdfState")
        self.pdf_state.setWordWrap(True)
        self.void_state = DataLabel(self.tr("Void"), object_name="receiptVoidState")
        self.void_state.setWordWrap(True)
        self.void_print_button = QPushButton(self.tr("Print the VOID slip"))
        self.void_print_button.setObjectName("printVoidSlip")
        self.void_print_button.setAccessibleName(self.tr("Print the VOID slip"))
        self.void_print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.void_print_button.clicked.connect(self.print_void_slip)
        self.void_print_button.hide()
        self.bounce_button = QPushButton(self.tr("Cheque bounced…  (Ctrl+B)"))
        self.bounce_button.setObjectName("reportChequeBounce")
        self.bounce_button.setAccessibleName(self.tr("Record that a cheque bounced"))
        self.bounce_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bounce_button.clicked.connect(self.ask_to_report_bounce)
        self.bounce_button.hide()
        self.bounce_state = DataLabel(self.tr("Cheque"), object_name="receiptBounceState")
        self.bounce_state.setWordWrap(True)
        self._build()
        for keys, action in (
            ("Ctrl+P", self.reprint),
            ("Ctrl+S", self.ask_and_save_pdf),
            ("Ctrl+D", self.ask_to_void),
            ("Ctrl+B", self.ask_to_report_bounce),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        printing.outcome.connect(self._print_outcome)

    def _build(self) -> None:
        paper = QFrame()
        paper.setProperty("role", "card")
        inner = QVBoxLayout(paper)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(self.text)
        columns = 48 if self._paper_mm == 80 else 32
        width = self.text.fontMetrics().horizontalAdvance("M" * (columns + 4))
        paper.setFixedWidth(width + 40)

        side = QVBoxLayout()
        side.setSpacing(10)
        side.addWidget(self.title)
        side.addWidget(self.change)
        side.addWidget(self.summary)
        side.addWidget(self.state)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addWidget(self.pdf_state)
        side.addWidget(self.void_state)
        side.addWidget(self.void_print_button)
        side.addWidget(self.bounce_button)
        side.addWidget(self.bounce_state)
        side.addStretch(1)
        hint = caption_label(
            self.tr(
                "Scan the next bill for the next customer   ·   Esc: back to the consumer"
                "   ·   Ctrl+D: void   ·   F1: all shortcuts"
            )
        )
        hint.setWordWrap(True)
        side.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 8)
        layout.setSpacing(18)
        layout.addWidget(paper)
        layout.addLayout(side, 1)
        self.setFocusProxy(self.text)

    # -- showing ----------

    def receipt(self) -> Receipt | None:
        return self._receipt

    def print_state(self) -> str:
        return self._state

    def set_operator(self, operator: Operator) -> None:
        """Who reprints from now on (the service checks their role for a second reprint)."""
        self._operator = operator

    def set_voids(self, voids: Voids | None) -> None:
        """The void service Ctrl+D calls (None: this window cannot void, and says so)."""
        self._voids = voids

    def set_cheque_bounces(self, bounces: ChequeBounces | None) -> None:
        """The service Ctrl+B calls (None: bounces cannot be reported here, and it says so)."""
        self._bounces = bounces

    def show_receipt(
        self, receipt: Receipt, *, printed: bool, print_now: bool, open_drawer: bool = False
    ) -> None:
        """Show ``receipt``; ``print_now`` hands it to the printer; ``open_drawer`` kicks the
        cash drawer first (only for the payment just taken, never for a retry or reprint)."""
        self._receipt = receipt
        self._original_printed = printed
        self.text.setPlainText(receipt_text(receipt, paper_mm=self._paper_mm))
        self.title.set_value(self.tr("Receipt {number}").format(number=receipt.receipt_no))
        self.summary.set_value(self._summary_text(receipt))
        change = receipt.change
        shown = change is not None and change.minor > 0 and not receipt.copy.duplicate
        self.change.set_value(
            self.tr("Give change: {change}").format(change=amount_text(change))
            if shown and change is not None
            else ""
        )
        self.change.setVisible(shown)
        self.pdf_state.set_value("")
        self._show_void(receipt)
        self._show_bounce(receipt)
        if print_now:
            self._set_state("printing", self.tr("Printing…"))
            self._printing.print_receipt(receipt, open_drawer=open_drawer and pays_cash(receipt))
        elif printed:
            self._set_state("printed", self.tr("Printed."))
        else:
            self._set_state("unprinted", self.tr("Never printed. Ctrl+P prints it."))
        self.receipt_shown.emit(receipt)

    def _summary_text(self, receipt: Receipt) -> str:
        status = (
            self.tr("provisional until head office confirms it")
            if receipt.status is ReceiptStatus.PROVISIONAL
            else self.tr("confirmed by head office")
        )
        return self.tr("{amount} paid for account {account}, {name}: {status}.").format(
            amount=amount_text(receipt.amount_paid),
            account=receipt.account_no,
            name=receipt.consumer_name,
            status=status,
        )

    def _set_state(self, state: str, text: str) -> None:
        self._state = state
        self.state.set_value(text)
        self.state.setProperty("tone", "error" if state == "unprinted" else "info")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        again = state == "unprinted" and not self._original_printed
        self.reprint_button.setText(
            self.tr("Print again  (Ctrl+P)") if again else self.tr("Reprint DUPLICATE  (Ctrl+P)")
        )
        self.reprint_button.setEnabled(state != "printing")
        self.print_state_changed.emit(state)

    def _print_outcome(self, outcome: PrintOutcome) -> None:
        receipt = self._receipt
        if receipt is None or outcome.receipt_no != receipt.receipt_no:
            return
        if outcome.printed:
            if outcome.copy_no == 0:
                self._original_printed = True
            self._set_state("printed", self.tr("Printed."))
        else:
            self._set_state(
                "unprinted",
                self.tr(
                    "NOT PRINTED: {reason}. The payment is saved. Fix the printer, then Ctrl+P."
                ).format(reason=outcome.reason or self.tr("unknown")),
            )

    # -- reprint ----------

    def reprint(self) -> None:
        """Ctrl+P: the original again while it never printed, else a counted DUPLICATE."""
        receipt = self._receipt
        if receipt is None or self._state == "printing" or self.approval_dialog is not None:
            return
        if not self._original_printed and not receipt.copy.duplicate:
            self.show_receipt(receipt, printed=False, print_now=True)
            return
        self._reprint_with(None)

    def _reprint_with(self, approval: Approval | None) -> None:
        receipt, operator = self._receipt, self._operator
        if receipt is None or operator is None:
            return
        self._set_state("printing", self.tr("Reprinting…"))
        payments, number = self._payments, receipt.receipt_no
        self._runner.run(
            "receipt-reprint",
            lambda: payments.reprint(number, operator, approval),
            self._reprint_ready,
            self._reprint_failed,
        )

    def _reprint_ready(self, duplicate: Receipt) -> None:
        self._original_printed = True  # a duplicate is only made after an original
        self.show_receipt(duplicate, printed=True, print_now=True)

    def _reprint_failed(self, error: BaseException) -> None:
        from ebill_desktop.services.receipt_printing import ReprintNeedsApproval

        if isinstance(error, ReprintNeedsApproval) and self._ask_for_approval(str(error)):
            return
        message = getattr(error, "message", None) or str(error)
        log.error("reprint failed: %s", message)
        self._set_state("unprinted", self.tr("Not reprinted: {error}").format(error=message))

    def _ask_for_approval(self, why: str) -> bool:
        """Open the supervisor's dialog (not blocking: a modal dialog with its own signals);
        False when no approval service is there to ask."""
        receipt, operator = self._receipt, self._operator
        if self._approvals is None or receipt is None or operator is None:
            return False
        self._set_state("unprinted", self.tr("Waiting for a supervisor: {why}").format(why=why))
        details = self.tr("Receipt {number}").format(number=receipt.receipt_no)
        dialog = ApprovalDialog(
            self._approvals,
            self._runner,
            Action.REPRINT_SECOND,
            operator,
            details=details,
            parent=self,
        )
        self.approval_dialog = dialog
        dialog.finished.connect(lambda _result: self._approval_done(dialog))
        dialog.open()
        return True

    def _approval_done(self, dialog: ApprovalDialog) -> None:
        self.approval_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # Ctrl+P and Esc reach this view again
        self.setFocus()
        if dialog.approval is None:
            self._set_state("unprinted", self.tr("Not reprinted: no supervisor approved it."))
            return
        self._reprint_with(dialog.approval)

    # -- void ----------

    def _show_void(self, receipt: Receipt) -> None:
        void = receipt.copy.void
        self.void_state.set_value(self.tr("VOID: this payment was voided.") if void else "")
        self._tone(self.void_state, "error" if void else "info")
        self.void_print_button.setVisible(void)

    def _say_void(self, text: str, tone: str) -> None:
        self.void_state.set_value(text)
        self._tone(self.void_state, tone)

    @staticmethod
    def _tone(label: DataLabel, tone: str) -> None:
        label.setProperty("tone", tone)
        label.style().unpolish(label)
        label.style().polish(label)

    def ask_to_void(self) -> None:
        """Ctrl+D: the void dialog for the receipt on screen (a void one is refused at once)."""
        receipt, operator = self._receipt, self._operator
        if receipt is None or operator is None or self._state == "printing":
            return
        if self.void_dialog is not None or self.approval_dialog is not None:
            return
        if receipt.copy.void:
            self._say_void(
                self.tr("Receipt {number} is void already.").format(number=receipt.receipt_no),
                "error",
            )
            return
        if self._voids is None:
            self._say_void(self.tr("Payments cannot be voided from this window."), "error")
            return
        # Loaded with the first void: it brings the void service's module (SQLAlchemy).
        from ebill_desktop.ui.void_dialog import VoidDialog

        dialog = VoidDialog(
            self._voids, self._approvals, self._runner, receipt, operator, parent=self
        )
        self.void_dialog = dialog
        dialog.voided.connect(self._voided)
        dialog.finished.connect(lambda _result: self._void_dialog_done(dialog))
        dialog.open()

    def _void_dialog_done(self, dialog: VoidDialog) -> None:
        self.void_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # the receipt's keys reach this view again
        self.setFocus()

    def _voided(self, record: VoidRecord) -> None:
        voids = self._voids
        assert voids is not None  # the dialog was made with it
        number = record.receipt_no
        self._say_void(self.tr("Voided. Loading the VOID slip…"), "info")
        self._runner.run(
            "receipt-void",
            lambda: voids.void_receipt(number),
            self._void_receipt_ready,
            self._void_receipt_failed,
        )

    def _void_receipt_ready(self, receipt: Receipt) -> None:
        self.show_receipt(receipt, printed=self._original_printed, print_now=False)
        self._say_void(
            self.tr("VOID: this payment was voided. Print the VOID slip for the records."),
            "error",
        )

    def _void_receipt_failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None) or str(error)
        log.error("the VOID slip could not be read: %s", message)
        self._say_void(self.tr("Voided, but the VOID slip: {error}").format(error=message), "error")

    def print_void_slip(self) -> None:
        """The VOID receipt on screen to the printer, the way a reprint goes."""
        receipt = self._receipt
        if receipt is None or not receipt.copy.void or self._state == "printing":
            return
        self._set_state("printing", self.tr("Printing the VOID slip…"))
        self._printing.print_receipt(receipt)

    # -- bounced cheque ----------

    def _show_bounce(self, receipt: Receipt) -> None:
        self.bounce_button.setVisible(bool(cheque_tenders(receipt)) and not receipt.copy.void)
        self.bounce_state.set_value("")

    def ask_to_report_bounce(self) -> None:
        """Ctrl+B: report a cheque of the receipt on screen bounced (supervisors only)."""
        receipt, operator = self._receipt, self._operator
        if receipt is None or operator is None or self._state == "printing":
            return
        if self.bounce_dialog is not None or self.void_dialog is not None:
            return
        if self.approval_dialog is not None:
            return
        refusal = self._bounce_refusal(receipt, operator)
        if refusal:
            self._say_bounce(refusal, "error")
            return
        assert self._bounces is not None  # checked by _bounce_refusal
        dialog = ChequeBounceDialog(self._bounces, self._runner, receipt, operator, parent=self)
        self.bounce_dialog = dialog
        dialog.bounced.connect(self._bounced)
        dialog.finished.connect(lambda _result: self._bounce_dialog_done(dialog))
        dialog.open()

    def _bounce_refusal(self, receipt: Receipt, operator: Operator) -> str:
        """Why Ctrl+B cannot report a bounce for this receipt and operator ("" when it can)."""
        number = receipt.receipt_no
        if not cheque_tenders(receipt):
            return self.tr("Receipt {number} was paid with no cheque.").format(number=number)
        if receipt.copy.void:
            return self.tr("Receipt {number} is void: nothing to report.").format(number=number)
        if not may_report_bounces(operator):
            # RULES[CHEQUE_BOUNCE]: supervisors and administrators only, no approval route.
            return self.tr(
                "Only a supervisor or an administrator can record a bounced cheque; "
                "ask one to log in at this counter."
            )
        if self._bounces is None:
            return self.tr("Bounced cheques cannot be recorded from this window.")
        return ""

    def _bounce_dialog_done(self, dialog: ChequeBounceDialog) -> None:
        self.bounce_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # the receipt's keys reach this view again
        self.setFocus()

    def _bounced(self, cheque_no: str) -> None:
        self._say_bounce(
            self.tr(
                "Cheque {number} recorded as bounced (NSF); head office is told at the next sync."
            ).format(number=cheque_no or "-"),
            "error",
        )

    def _say_bounce(self, text: str, tone: str) -> None:
        self.bounce_state.set_value(text)
        self._tone(self.bounce_state, tone)

    # -- PDF ----------

    def ask_and_save_pdf(self) -> None:
        """Ctrl+S: ask where (the documents folder by default), then write it off the UI thread."""
        receipt = self._receipt
        if receipt is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"receipt-{receipt.receipt_no}.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if chosen:
            self.save_pdf(Path(chosen))

    def save_pdf(self, path: Path) -> None:
        """Write the receipt on screen (as printed: a duplicate says DUPLICATE) to ``path``."""
        receipt = self._receipt
        if receipt is None:
            return
        self.pdf_state.set_value(self.tr("Saving the PDF…"))

        def write() -> str:
            from ebill_desktop.documents.receipt_pdf import write_receipt_pdf

            return str(write_receipt_pdf(receipt, path))

        self._runner.run("receipt-pdf", write, self._pdf_written, self._pdf_failed)

    def _pdf_written(self, path: str) -> None:
        self.pdf_state.set_value(self.tr("Saved as {path}").format(path=path))
        self.pdf_saved.emit(path)

    def _pdf_failed(self, error: BaseException) -> None:
        log.error("saving the receipt PDF failed", exc_info=error)
        self.pdf_state.set_value(self.tr("The PDF was not saved: {error}").format(error=error))
