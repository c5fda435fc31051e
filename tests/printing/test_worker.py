"""The printer worker against the fake network printer: results, status, expiry, stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from ebill_desktop.printing.receipt_escpos import drawer_kick, render_receipt
from ebill_desktop.printing.transports import Timeouts, Transport, open_transport
from ebill_desktop.printing.worker import (
    JobKind,
    JobOutcome,
    JobResult,
    PrinterWorker,
    PrintJob,
    WorkerState,
    WorkerStatus,
)
from tests.printing import receipts
from tests.printing.fake_printer import FakeNetworkPrinter, unreachable_uri

FAST = Timeouts(connect=1.0, send=1.0, status=0.3)
WAIT = 10.0


class Recorder:
    def __init__(self) -> None:
        self.results: list[JobResult] = []
        self.statuses: list[WorkerStatus] = []

    def result(self, result: JobResult) -> None:
        self.results.append(result)

    def status(self, status: WorkerStatus) -> None:
        self.statuses.append(status)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _worker(
    uri: str, recorder: Recorder | None = None, clock: Callable[[], float] | None = None
) -> PrinterWorker:
    recorder = recorder or Recorder()
    kwargs = {"clock": clock} if clock else {}
    return PrinterWorker(
        lambda: open_transport(uri, FAST),
        on_result=recorder.result,
        on_status=recorder.status,
        **kwargs,
    )


def _receipt_job() -> PrintJob:
    return PrintJob.receipt(
        render_receipt(receipts.cash_provisional(), paper_mm=80), "0140-012-00001234-4"
    )


def _run_one(uri: str, job: PrintJob, recorder: Recorder | None = None) -> JobResult:
    worker = _worker(uri, recorder)
    worker.start()
    try:
        result = worker.submit(job).wait(WAIT)
    finally:
        assert worker.stop()
    assert result is not None
    return result


def test_receipt_prints_and_status_goes_printing_then_idle(
    fake_printer: FakeNetworkPrinter,
) -> None:
    recorder = Recorder()
    job = _receipt_job()
    result = _run_one(fake_printer.uri, job, recorder)
    assert result.outcome is JobOutcome.PRINTED and result.printed
    assert result.key == "0140-012-00001234-4" and result.kind is JobKind.RECEIPT
    assert result.status.answered
    assert fake_printer.job_bytes() == job.data
    assert recorder.results == [result]
    states = [s.state for s in recorder.statuses]
    assert states == [WorkerState.PRINTING, WorkerState.IDLE, WorkerState.STOPPED]


def test_unreachable_printer_fails_the_job_clearly() -> None:
    recorder = Recorder()
    result = _run_one(unreachable_uri(), _receipt_job(), recorder)
    assert result.outcome is JobOutcome.FAILED
    assert result.reason is not None and "unreachable" in result.reason
    assert recorder.statuses[1].state is WorkerState.ERROR
    assert recorder.statuses[1].reason == result.reason


def test_out_of_paper_fails_before_sending_anything(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("out_of_paper")
    result = _run_one(printer.uri, _receipt_job())
    assert result.outcome is JobOutcome.FAILED
    assert result.reason == "the printer is out of paper"
    assert printer.job_bytes() == b""  # no half receipt into an empty printer


def test_cover_open_fails_the_job(make_printer: Callable[..., FakeNetworkPrinter]) -> None:
    printer = make_printer("cover_open")
    result = _run_one(printer.uri, _receipt_job())
    assert result.outcome is JobOutcome.FAILED
    assert result.reason == "the printer's cover is open"


def test_connection_cut_mid_receipt_fails_the_job(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("cut", cut_after=300)
    job = _receipt_job()
    result = _run_one(printer.uri, job)
    assert result.outcome is JobOutcome.FAILED, result
    assert result.reason
    assert len(printer.job_bytes()) == 300 < len(job.data)


def test_receipt_cut_mid_way_after_a_drawer_kick_fails_the_receipt_only(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    # Each job has its own connection: the kick's bytes must not use up the receipt's budget.
    printer = make_printer("cut", cut_after=300)
    worker = _worker(printer.uri)
    worker.start()
    job = _receipt_job()
    try:
        drawer, receipt = worker.submit_payment(job, open_drawer=True)
        assert drawer is not None
        drawer_result = drawer.wait(WAIT)
        receipt_result = receipt.wait(WAIT)
    finally:
        assert worker.stop()
    assert drawer_result is not None and drawer_result.outcome is JobOutcome.PRINTED
    assert receipt_result is not None and receipt_result.outcome is JobOutcome.FAILED
    assert receipt_result.reason
    assert printer.connections == 2
    assert printer.job_bytes() == drawer_kick() + job.data[:300]


def test_paper_running_out_during_the_job_fails_it(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("runs_out")
    result = _run_one(printer.uri, _receipt_job())
    assert result.outcome is JobOutcome.FAILED
    assert result.reason == "the printer is out of paper (during the job)"


def test_printer_without_status_prints_on_trust(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("silent")
    job = _receipt_job()
    result = _run_one(printer.uri, job)
    assert result.outcome is JobOutcome.PRINTED
    assert not result.status.answered
    # No status answer marks the end of the job: wait for the bytes to arrive.
    _wait_until(lambda: printer.job_bytes() == job.data)


def test_a_silent_printer_is_not_asked_again_for_a_while(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("silent")
    clock = FakeClock()
    worker = _worker(printer.uri, clock=clock)
    worker.start()
    assert worker.submit(_receipt_job()).wait(WAIT).printed
    asked = printer.queries
    assert asked == 1  # one unanswered question, then print on trust
    assert worker.submit(_receipt_job()).wait(WAIT).printed
    assert printer.queries == asked  # not asked again: no status wait on each receipt
    clock.now += 601
    assert worker.submit(_receipt_job()).wait(WAIT).printed
    assert worker.stop()
    _wait_until(lambda: printer.queries == asked + 1)


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert condition()


def test_status_job_reports_the_printer(make_printer: Callable[..., FakeNetworkPrinter]) -> None:
    printer = make_printer("out_of_paper")
    result = _run_one(printer.uri, PrintJob.status())
    assert result.outcome is JobOutcome.PRINTED  # the question was answered
    assert result.status.problem == "the printer is out of paper"


def test_stale_jobs_are_dropped_and_a_late_drawer_kick_never_sent(
    fake_printer: FakeNetworkPrinter,
) -> None:
    clock = FakeClock()
    worker = _worker(fake_printer.uri, clock=clock)
    drawer = worker.submit(PrintJob.drawer())
    receipt = worker.submit(_receipt_job())
    clock.now += 6  # the drawer kick lives 5 s, the receipt 120 s
    worker.start()
    drawer_result, receipt_result = drawer.wait(WAIT), receipt.wait(WAIT)
    assert worker.stop()
    assert drawer_result is not None and drawer_result.outcome is JobOutcome.EXPIRED
    assert drawer_result.reason is not None and "longer than 5 s" in drawer_result.reason
    assert receipt_result is not None and receipt_result.outcome is JobOutcome.PRINTED
    assert drawer_kick() not in fake_printer.job_bytes()


def test_old_receipts_expire_too(fake_printer: FakeNetworkPrinter) -> None:
    clock = FakeClock()
    worker = _worker(fake_printer.uri, clock=clock)
    ticket = worker.submit(_receipt_job())
    clock.now += 121
    worker.start()
    result = ticket.wait(WAIT)
    assert worker.stop()
    assert result is not None and result.outcome is JobOutcome.EXPIRED
    assert fake_printer.connections == 0


def test_drawer_kick_is_not_sent_when_connecting_took_too_long(
    fake_printer: FakeNetworkPrinter,
) -> None:
    clock = FakeClock()

    def slow_connect() -> Transport:
        clock.now += 6  # as if the connection took six seconds
        return open_transport(fake_printer.uri, FAST)

    worker = PrinterWorker(slow_connect, clock=clock)
    worker.start()
    result = worker.submit(PrintJob.drawer()).wait(WAIT)
    assert worker.stop()
    assert result is not None and result.outcome is JobOutcome.EXPIRED
    assert fake_printer.job_bytes() == b""


def test_cash_payment_opens_the_drawer_before_the_receipt(fake_printer: FakeNetworkPrinter) -> None:
    worker = _worker(fake_printer.uri)
    worker.start()
    job = _receipt_job()
    drawer, receipt = worker.submit_payment(job, open_drawer=True)
    assert drawer is not None
    assert drawer.wait(WAIT).printed
    assert receipt.wait(WAIT).printed
    assert worker.stop()
    assert fake_printer.job_bytes() == drawer_kick() + job.data


def test_no_drawer_for_other_tenders(fake_printer: FakeNetworkPrinter) -> None:
    worker = _worker(fake_printer.uri)
    worker.start()
    drawer, receipt = worker.submit_payment(_receipt_job(), open_drawer=False)
    assert drawer is None and receipt.wait(WAIT).printed
    assert worker.stop()
    assert drawer_kick() not in fake_printer.job_bytes()


def test_stop_fails_queued_jobs_and_joins(fake_printer: FakeNetworkPrinter) -> None:
    gate = threading.Event()

    def gated_connect() -> Transport:
        gate.wait(WAIT)
        return open_transport(fake_printer.uri, FAST)

    recorder = Recorder()
    worker = PrinterWorker(gated_connect, on_result=recorder.result)
    worker.start()
    first = worker.submit(_receipt_job())
    second = worker.submit(_receipt_job())
    stopper = threading.Thread(target=worker.stop)
    stopper.start()
    gate.set()
    stopper.join(WAIT)
    assert not stopper.is_alive()
    assert first.wait(WAIT).outcome is JobOutcome.PRINTED
    second_result = second.wait(WAIT)
    assert second_result is not None and second_result.outcome is JobOutcome.FAILED
    assert second_result.reason == "the printer was shut down"
    assert worker.status.state is WorkerState.STOPPED
    with pytest.raises(RuntimeError, match="stopped"):
        worker.submit(_receipt_job())


def test_a_failing_callback_does_not_stop_the_worker(fake_printer: FakeNetworkPrinter) -> None:
    def broken(result: JobResult) -> None:
        raise ValueError("bug in the caller")

    worker = PrinterWorker(lambda: open_transport(fake_printer.uri, FAST), on_result=broken)
    worker.start()
    assert worker.submit(_receipt_job()).wait(WAIT).printed
    assert worker.submit(_receipt_job()).wait(WAIT).printed
    assert worker.stop()


def test_worker_starts_once(fake_printer: FakeNetworkPrinter) -> None:
    worker = _worker(fake_printer.uri)
    worker.start()
    with pytest.raises(RuntimeError, match="already running"):
        worker.start()
    assert worker.stop()
