"""The X or Z report on screen, as the paper will print it, with Print and Save PDF.

The text is the report's blocks laid out for the roll (:func:`shift_report_text`), shown as
plain text in a fixed-width font. Printing and saving run on a worker: the UI never waits on a
printer or the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.receipt import ReceiptHeader
from ebill_desktop.services.shift_reports import ShiftReport
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.printing.transports import Transport

__all__ = ["SendBytes", "ShiftReportView", "printer_sender"]

SendBytes = Callable[[bytes], None]  # writes ESC/POS bytes to the receipt printer


def printer_sender(make_transport: Callable[[], Transport]) -> SendBytes:
    """Send bytes as one job through a new transport to the receipt printer (call on a worker)."""

    def send(data: bytes) -> None:
        with make_transport() as transport:
            transport.send(data)

    return send


class ShiftReportView(QDialog):
    """Shows one X/Z report; Print sends its ESC/POS bytes, Save PDF writes the PDF."""

    def __init__(
        self,
        report: ShiftReport,
        header: ReceiptHeader,
        tz: tzinfo,
        runner: TaskRunner,
        *,
        send: SendBytes | None = None,
        pdf_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from ebill_desktop.printing.z_report import shift_report_text

        self.setObjectName("shiftReportView")
        self.setWindowTitle(self.tr("{kind} report").format(kind=report.kind.value))
        self._report, self._header, self._tz = report, header, tz
        self._runner, self._send, self._folder = runner, send, pdf_folder
        self.text = QPlainTextEdit()
        self.text.setObjectName("reportText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(shift_report_text(report, header, tz))
        self.text.setMinimumSize(420, 520)
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName("printReport")
        self.print_button.setEnabled(send is not None)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton(self.tr("Save PDF…"))
        self.pdf_button.setObjectName("saveReportPdf")
        self.pdf_button.clicked.connect(self._choose_pdf)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        buttons = QHBoxLayout()
        for button in (self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def print_report(self) -> None:
        send = self._send
        if send is None:
            return
        report, header, tz = self._report, self._header, self._tz

        def work() -> None:
            from ebill_desktop.printing.z_report import render_shift_report

            send(render_shift_report(report, header, tz))

        self.status.setText(self.tr("Printing…"))
        self._runner.run(
            "shift-report-print",
            work,
            lambda _none: self.status.setText(self.tr("Printed.")),
            lambda error: self.status.setText(self.tr("Not printed: {error}").format(error=error)),
        )

    def default_pdf_name(self) -> str:
        r = self._report
        return f"{r.kind.value}-report-{r.at.astimezone(self._tz):%Y%m%d-%H%M}-{r.shift_id[:8]}.pdf"

    def _choose_pdf(self) -> None:
        start = str((self._folder or Path.home()) / self.default_pdf_name())
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), start, "PDF (*.pdf)")
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path) -> None:
        """Write the PDF on a worker; the status line says where, or why not."""
        report, header, tz = self._report, self._header, self._tz

        def work() -> Path:
            from ebill_desktop.documents.z_report_pdf import write_shift_report_pdf

            return write_shift_report_pdf(report, header, tz, path)

        self.status.setText(self.tr("Saving…"))
        self._runner.run(
            "shift-report-pdf",
            work,
            lambda saved: self.status.setText(self.tr("Saved {path}").format(path=saved)),
            lambda error: self.status.setText(self.tr("Not saved: {error}").format(error=error)),
        )
