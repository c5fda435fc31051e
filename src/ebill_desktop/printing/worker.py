"""The one printer worker: a thread with a queue, so nothing else ever waits on a printer.

The payment service submits jobs (a receipt, a cash-drawer kick, a status check) and gets a
:class:`JobResult` for each, through a callback and through the ticket ``submit`` returns:
``PRINTED`` (the printer took all the bytes and, where it can say so, is still fine),
``FAILED`` with the reason in words, or ``EXPIRED`` (too old when its turn came; nothing sent).
The service marks the receipt printed or unprinted from that; a failed print never touches
the payment.

Rules that keep a counter safe:

* a job that waited longer than its ``max_age`` is dropped, never sent late: a drawer kick
  lives a few seconds (a drawer springing open minutes after the customer left is a theft
  risk), a receipt a couple of minutes (a stale receipt coming out for the next customer is
  confusing; the cashier reprints it);
* where the printer answers DLE EOT, its paper, cover and online state are checked before a
  job is sent (no half receipt into an empty printer) and again after (a printer that dropped
  the connection or ran out of paper mid-receipt fails the job instead of reporting success);
* a printer that does not answer status queries is not asked again for ten minutes (each
  unanswered question would add the status time limit to every receipt);
* every send has the transport's short time limits; nothing is retried by itself;
* ``stop()`` fails the jobs still queued and joins the thread; nothing is killed.

The worker knows no Qt: the UI turns its callbacks into signals (called on this thread).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from ebill_desktop.printing.receipt_escpos import drawer_kick
from ebill_desktop.printing.status import UNKNOWN, PrinterStatus
from ebill_desktop.printing.transports import (
    PrinterUnavailableError,
    Transport,
    query_status,
)

__all__ = [
    "DRAWER_MAX_AGE",
    "RECEIPT_MAX_AGE",
    "JobKind",
    "JobOutcome",
    "JobResult",
    "JobTicket",
    "PrintJob",
    "PrinterWorker",
    "WorkerState",
    "WorkerStatus",
]

log = logging.getLogger(__name__)

DRAWER_MAX_AGE = 5.0  # seconds
RECEIPT_MAX_AGE = 120.0
STATUS_MAX_AGE = 10.0
SILENT_PRINTER_RECHECK = 600.0  # seconds before asking a printer that never answered again


class JobKind(Enum):
    RECEIPT = "receipt"
    DRAWER = "drawer"
    TEST_PAGE = "test page"
    STATUS = "status"  # no bytes of its own: asks the printer how it is


class JobOutcome(Enum):
    PRINTED = "printed"
    FAILED = "failed"
    EXPIRED = "expired"


class WorkerState(Enum):
    IDLE = "idle"
    PRINTING = "printing"
    ERROR = "error"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class PrintJob:
    """Bytes for the printer and what they are. ``key`` names it for the caller (receipt no.)."""

    kind: JobKind
    data: bytes
    key: str = ""
    text: str | None = None  # the screen rendering, kept by the virtual printer
    max_age: float = RECEIPT_MAX_AGE

    @classmethod
    def receipt(cls, data: bytes, key: str, text: str | None = None) -> PrintJob:
        return cls(JobKind.RECEIPT, data, key, text, RECEIPT_MAX_AGE)

    @classmethod
    def drawer(cls, pin: int = 2, key: str = "") -> PrintJob:
        return cls(JobKind.DRAWER, drawer_kick(pin), key, None, DRAWER_MAX_AGE)

    @classmethod
    def status(cls) -> PrintJob:
        return cls(JobKind.STATUS, b"", "status", None, STATUS_MAX_AGE)


@dataclass(frozen=True, slots=True)
class JobResult:
    """What became of one job."""

    job_id: int
    kind: JobKind
    key: str
    outcome: JobOutcome
    reason: str | None = None
    status: PrinterStatus = UNKNOWN  # the printer's last answer (UNKNOWN when it gave none)

    @property
    def printed(self) -> bool:
        return self.outcome is JobOutcome.PRINTED


@dataclass(frozen=True, slots=True)
class WorkerStatus:
    """The worker's state for a status bar: idle, printing, or error with the reason."""

    state: WorkerState
    reason: str | None = None
    printer: PrinterStatus = UNKNOWN


class JobTicket:
    """The caller's handle on a submitted job: ``wait()`` for its result (not on a UI thread)."""

    def __init__(self, job_id: int, job: PrintJob, submitted_at: float) -> None:
        self.job_id = job_id
        self.job = job
        self.submitted_at = submitted_at
        self._done = threading.Event()
        self._result: JobResult | None = None

    def _finish(self, result: JobResult) -> None:
        self._result = result
        self._done.set()

    def wait(self, timeout: float | None = None) -> JobResult | None:
        """The result, or None if it did not come within ``timeout`` seconds."""
        self._done.wait(timeout)
        return self._result


@dataclass(slots=True)
class _Callbacks:
    on_result: Callable[[JobResult], None] | None = None
    on_status: Callable[[WorkerStatus], None] | None = None


_STOP = object()


class PrinterWorker:
    """One thread that owns the printer. ``connect`` makes an unopened transport per job."""

    def __init__(
        self,
        connect: Callable[[], Transport],
        *,
        on_result: Callable[[JobResult], None] | None = None,
        on_status: Callable[[WorkerStatus], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self._callbacks = _Callbacks(on_result, on_status)
        self._clock = clock
        self._queue: queue.Queue[object] = queue.Queue()
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._run, name="printer-worker", daemon=True)
        self._stopping = threading.Event()
        self._status = WorkerStatus(WorkerState.IDLE)
        self._started = False
        self._silent_until = 0.0  # clock time until which status is not asked (see _ask)

    @property
    def status(self) -> WorkerStatus:
        return self._status

    def start(self) -> None:
        if self._started:
            raise RuntimeError("the printer worker is already running")
        self._started = True
        self._thread.start()

    def submit(self, job: PrintJob) -> JobTicket:
        """Queue ``job``; its result comes to ``on_result`` and to the ticket."""
        if self._stopping.is_set():
            raise RuntimeError("the printer worker has been stopped")
        ticket = JobTicket(next(self._ids), job, self._clock())
        self._queue.put(ticket)
        return ticket

    def submit_payment(
        self, receipt: PrintJob, *, open_drawer: bool, pin: int = 2
    ) -> tuple[JobTicket | None, JobTicket]:
        """The drawer kick (cash tenders) first, so the drawer opens at once, then the receipt."""
        drawer = self.submit(PrintJob.drawer(pin, receipt.key)) if open_drawer else None
        return drawer, self.submit(receipt)

    def stop(self, timeout: float = 10.0) -> bool:
        """Finish the job being printed, fail the queued ones, join; True if the thread ended."""
        self._stopping.set()
        self._queue.put(_STOP)
        if self._started:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the thread ---------------------------------------------------------------------

    def _set_status(self, status: WorkerStatus) -> None:
        if status == self._status:
            return
        self._status = status
        if self._callbacks.on_status is not None:
            try:
                self._callbacks.on_status(status)
            except Exception:
                log.exception("printer status callback failed")

    def _finish(self, ticket: JobTicket, result: JobResult) -> None:
        log.info(
            "printer job %d (%s %s): %s%s",
            result.job_id,
            result.kind.value,
            result.key,
            result.outcome.value,
            f" - {result.reason}" if result.reason else "",
        )
        ticket._finish(result)
        if self._callbacks.on_result is not None:
            try:
                self._callbacks.on_result(result)
            except Exception:
                log.exception("printer result callback failed")

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            assert isinstance(item, JobTicket)
            if self._stopping.is_set():
                self._finish(
                    item, self._result(item, JobOutcome.FAILED, "the printer was shut down")
                )
                continue
            self._finish(item, self._do(item))
        while True:  # anything queued after the stop marker
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, JobTicket):
                self._finish(
                    item, self._result(item, JobOutcome.FAILED, "the printer was shut down")
                )
        self._set_status(WorkerStatus(WorkerState.STOPPED))

    def _result(
        self,
        ticket: JobTicket,
        outcome: JobOutcome,
        reason: str | None = None,
        status: PrinterStatus = UNKNOWN,
    ) -> JobResult:
        job = ticket.job
        return JobResult(ticket.job_id, job.kind, job.key, outcome, reason, status)

    def _expired(self, ticket: JobTicket) -> bool:
        return self._clock() - ticket.submitted_at > ticket.job.max_age

    def _stale(self, ticket: JobTicket) -> JobResult:
        age = self._clock() - ticket.submitted_at
        return self._result(
            ticket,
            JobOutcome.EXPIRED,
            f"dropped: it waited {age:.1f} s, longer than {ticket.job.max_age:g} s",
        )

    def _do(self, ticket: JobTicket) -> JobResult:
        if self._expired(ticket):
            return self._stale(ticket)
        self._set_status(WorkerStatus(WorkerState.PRINTING, printer=self._status.printer))
        try:
            result = self._print(ticket)
        except PrinterUnavailableError as exc:
            result = self._result(ticket, JobOutcome.FAILED, str(exc))
        except Exception as exc:  # a bug must fail one job, not kill the printer thread
            log.exception("printer job %d failed unexpectedly", ticket.job_id)
            result = self._result(ticket, JobOutcome.FAILED, f"unexpected error: {exc!r}")
        if result.outcome is JobOutcome.FAILED:
            self._set_status(WorkerStatus(WorkerState.ERROR, result.reason, result.status))
        else:
            self._set_status(WorkerStatus(WorkerState.IDLE, printer=result.status))
        return result

    def _ask(self, transport: Transport, *, always: bool) -> PrinterStatus:
        """The printer's status; skipped for a while after it did not answer, since each
        unanswered question costs the status time limit on every receipt."""
        if not always and self._clock() < self._silent_until:
            return UNKNOWN
        status = query_status(transport)
        silent = transport.can_read_status and not status.answered
        self._silent_until = self._clock() + SILENT_PRINTER_RECHECK if silent else 0.0
        return status

    def _print(self, ticket: JobTicket) -> JobResult:
        job = ticket.job
        with self._connect() as transport:
            before = self._ask(transport, always=job.kind is JobKind.STATUS)
            if job.kind is JobKind.STATUS:
                return self._result(ticket, JobOutcome.PRINTED, None, before)
            if not before.can_print:
                return self._result(ticket, JobOutcome.FAILED, before.problem, before)
            if self._expired(ticket):  # connecting took long: a late drawer kick is worse
                return self._stale(ticket)
            transport.send(job.data, text=job.text)
            if not before.answered:
                return self._result(ticket, JobOutcome.PRINTED, None, before)
            after = query_status(transport)
            if not after.answered:
                return self._result(
                    ticket,
                    JobOutcome.FAILED,
                    "the printer stopped answering after the job was sent; it may not have "
                    "printed it all",
                    after,
                )
            if not after.can_print:
                return self._result(
                    ticket, JobOutcome.FAILED, f"{after.problem} (during the job)", after
                )
            return self._result(ticket, JobOutcome.PRINTED, None, after)
