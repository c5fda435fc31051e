"""What the virtual printer printed, on screen: the demo's paper roll.

With ``virtual:`` as the printer (the demo, the screenshots) nothing reaches paper, so this small
window shows the text rendering of the latest jobs the virtual printer received, newest at the
bottom, in a monospace plain-text view (a receipt is laid out in columns; a consumer's name is
plain text, never markup).

The printer tells its listeners on the printer worker's thread; the view hands each job to the
UI thread through a Qt signal (queued) and touches its widgets only there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ebill_desktop.printing.virtual import VirtualJob, VirtualPrinter

__all__ = ["KEPT_JOBS", "VirtualPrinterView", "job_text"]

KEPT_JOBS = 5  # the latest receipts shown; older ones scroll off
_SEPARATOR = "\n" + "- " * 24 + "\n\n"


def job_text(job: VirtualJob) -> str:
    """The job as the screen shows it: its text rendering, or what it was without one."""
    moment = job.received_at.astimezone().strftime("%H:%M:%S")
    if job.text is None:  # a drawer kick, a status query's job, a report sent as bytes only
        return f"[{moment}] a job of {len(job.data):,} bytes without a text rendering\n"
    return f"[{moment}]\n{job.text.rstrip()}\n"


class VirtualPrinterView(QWidget):
    """A window beside the counter showing the virtual printer's latest jobs."""

    job_received = Signal(object)  # VirtualJob; emitted on the printer's thread, shown on ours

    def __init__(self, printer: VirtualPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("virtualPrinterView")
        self.setWindowTitle(self.tr("Virtual printer · {name}").format(name=printer.name))
        # Shown beside the counter, it must not take the keyboard from the login field.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._printer = printer
        self._texts: list[str] = []
        note = QLabel(self.tr("Receipts sent to the virtual printer (nothing goes to paper)."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.paper = QPlainTextEdit()
        self.paper.setObjectName("virtualPrinterPaper")
        self.paper.setReadOnly(True)
        self.paper.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.paper.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.paper.setAccessibleName(self.tr("Printed receipts"))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.paper)
        self.resize(460, 640)
        self.job_received.connect(self._show_job, Qt.ConnectionType.QueuedConnection)
        for job in printer.jobs()[-KEPT_JOBS:]:  # printed before the window opened
            self._texts.append(job_text(job))
        self._render()
        printer.add_listener(self._heard)

    def shown_text(self) -> str:
        return self.paper.toPlainText()

    def _heard(self, job: VirtualJob) -> None:
        # On the printer worker's thread: only the signal crosses to the UI thread.
        try:
            self.job_received.emit(job)
        except RuntimeError:  # the window is gone: the print itself must not fail for it
            self._printer.remove_listener(self._heard)

    def _show_job(self, job: VirtualJob) -> None:
        self._texts.append(job_text(job))
        del self._texts[:-KEPT_JOBS]
        self._render()

    def _render(self) -> None:
        if not self._texts:
            self.paper.setPlainText(self.tr("Nothing printed yet."))
            return
        self.paper.setPlainText(_SEPARATOR.join(self._texts))
        bar = self.paper.verticalScrollBar()
        bar.setValue(bar.maximum())  # the newest receipt in view

    def stop_listening(self) -> None:
        """Stop hearing the printer (before this widget goes away)."""
        self._printer.remove_listener(self._heard)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_listening()
        super().closeEvent(event)
