"""Receipts to the printer from the counter's views: render, queue, record, tell the views.

The one :class:`~ebill_desktop.printing.worker.PrinterWorker` (its own thread, its own queue)
gets the receipt's ESC/POS bytes, rendered off the UI thread; the drawer kick goes first for a
cash payment. Its callbacks arrive on the printer thread and are turned into queued signals
here, so the views hear about them on the UI thread. The outcome is recorded through the
payment service (printed, or unprinted with the reason); a failed print never touches the
payment, and the receipt view offers a reprint.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import Receipt
from ebill_desktop.ui.counter_services import Payments
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    # The worker module loads Pillow (raster lines): it is imported when the printer is first
    # needed, on a worker thread, not at start-up.
    from ebill_desktop.printing.transports import Transport
    from ebill_desktop.printing.worker import JobResult, PrinterWorker, PrintJob, WorkerStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What became of one receipt copy: ``copy_no`` 0 is the original."""

    receipt_no: str
    copy_no: int
    printed: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class ReceiptFormat:
    """The roll and code page of the counter's printer."""

    paper_mm: int = 80
    code_page: str = "CP437"


def _render(receipt: Receipt, fmt: ReceiptFormat) -> PrintJob:
    # Imported here: python-escpos loads on the first receipt, not at start-up.
    from ebill_desktop.printing.receipt_escpos import render_receipt
    from ebill_desktop.printing.receipt_text import receipt_text
    from ebill_desktop.printing.worker import PrintJob

    data = render_receipt(receipt, paper_mm=fmt.paper_mm, code_page=fmt.code_page)
    text = receipt_text(receipt, paper_mm=fmt.paper_mm)
    return PrintJob.receipt(data, _job_key(receipt), text)


def _job_key(receipt: Receipt) -> str:
    return f"{receipt.receipt_no}#{receipt.copy.reprint}"


class ReceiptPrinting(QObject):
    """The counter's printer seen from the UI thread: print a receipt, hear what became of it."""

    status_changed = Signal(object)  # WorkerStatus
    outcome = Signal(object)  # PrintOutcome, after the service recorded it
    _job_done = Signal(object)  # JobResult, emitted on the printer thread (queued to ours)
    _status = Signal(object)  # WorkerStatus, likewise

    def __init__(
        self,
        connect: Callable[[], Transport] | None,
        payments: Payments,
        runner: TaskRunner,
        *,
        fmt: ReceiptFormat | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connect = connect
        self._payments = payments
        self._runner = runner
        self._fmt = fmt or ReceiptFormat()
        self._operator = ""
        self._job_done.connect(self._record)
        self._status.connect(self._status_arrived)
        self._worker: PrinterWorker | None = None
        self._last: WorkerStatus | None = None
        self._stopped = False
        self._starting = threading.Lock()

    @property
    def configured(self) -> bool:
        return self._connect is not None

    def _started(self) -> PrinterWorker | None:
        """The printer worker, started on first need (None without a printer, or stopped)."""
        with self._starting:  # a check and a print may both be first, on two workers
            if self._worker is None and self._connect is not None and not self._stopped:
                from ebill_desktop.printing.worker import PrinterWorker

                self._worker = PrinterWorker(
                    self._connect, on_result=self._job_done.emit, on_status=self._status.emit
                )
                self._worker.start()
            return self._worker

    def _status_arrived(self, status: WorkerStatus) -> None:
        self._last = status
        self.status_changed.emit(status)

    def status(self) -> WorkerStatus | None:
        """The printer's last known state (None: not asked yet, or no printer set up)."""
        return self._last if self._worker is not None else None

    def check(self) -> None:
        """Ask the printer how it is (paper, cover); the answer comes as ``status_changed``.

        The first check starts the printer worker; its import runs off the UI thread.
        """
        if self._connect is None:
            return
        self._runner.run("printer-check", self._submit_check, lambda _none: None)

    def _submit_check(self) -> None:
        from ebill_desktop.printing.worker import PrintJob

        worker = self._started()
        if worker is not None:
            worker.submit(PrintJob.status())

    def set_operator(self, login: str) -> None:
        """Who prints (recorded with each print)."""
        self._operator = login

    def print_receipt(self, receipt: Receipt, *, open_drawer: bool = False) -> None:
        """Render ``receipt`` off the UI thread and queue it (drawer kick first if asked)."""
        if self._connect is None:
            self._record_outcome(
                receipt.receipt_no, receipt.copy.reprint, False, "no receipt printer is set up"
            )
            return
        fmt = self._fmt

        def render_and_queue() -> None:
            job = _render(receipt, fmt)
            worker = self._started()
            if worker is None:
                raise RuntimeError("the printer was shut down")
            worker.submit_payment(job, open_drawer=open_drawer)

        self._runner.run(
            f"print-{_job_key(receipt)}",
            render_and_queue,
            lambda _none: None,  # the worker reports the job through _job_done
            lambda error: self._record_outcome(
                receipt.receipt_no, receipt.copy.reprint, False, f"not rendered: {error}"
            ),
        )

    def _record(self, result: JobResult) -> None:
        if result.kind.value != "receipt":  # drawer kicks and status checks: nothing to record
            return
        receipt_no, _, copy = result.key.rpartition("#")
        self._record_outcome(receipt_no, int(copy or 0), result.printed, result.reason)

    def _record_outcome(
        self, receipt_no: str, copy_no: int, printed: bool, reason: str | None
    ) -> None:
        payments, operator = self._payments, self._operator
        done = PrintOutcome(receipt_no, copy_no, printed, reason)

        def record() -> None:
            if printed:
                payments.mark_printed(receipt_no, operator, copy_no=copy_no)
            else:
                payments.mark_print_failed(
                    receipt_no, operator, reason or "not printed", copy_no=copy_no
                )

        self._runner.run(
            f"print-record-{receipt_no}#{copy_no}",
            record,
            lambda _none: self.outcome.emit(done),
            lambda error: self._record_failed(done, error),
        )

    def _record_failed(self, done: PrintOutcome, error: BaseException) -> None:
        log.error("recording the print of %s failed", done.receipt_no, exc_info=error)
        self.outcome.emit(done)

    def stop(self) -> bool:
        """Fail queued jobs and join the printer thread (on exit)."""
        with self._starting:
            self._stopped = True
            worker = self._worker
        return worker is None or worker.stop()


def pays_cash(receipt: Receipt) -> bool:
    """Whether the drawer should open for this receipt (a cash tender, original copy)."""
    return not receipt.copy.duplicate and any(t.kind is TenderKind.CASH for t in receipt.tenders)
