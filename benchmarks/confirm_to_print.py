"""Confirm-to-print benchmark: from ``PaymentService.confirm`` to the receipt's bytes on the wire.

    .venv/bin/python benchmarks/confirm_to_print.py [--customers 1000000] [--samples 500]

Target (issue 5), on the cache of 1,000,000 consumers: the time from ``PaymentService.confirm``
being called to the receipt's ESC/POS bytes having been handed to the printer's transport p99
<= 50 ms. One sample is what the counter does after Enter: the durable commit, the receipt
rendered to ESC/POS and to text (as ``ui/receipt_printing.py`` does), the job queued on the one
:class:`~ebill_desktop.printing.worker.PrinterWorker` (the drawer kick first for cash), and the
worker connecting to a loopback TCP "printer" that only reads and writing the receipt; the clock
stops when that ``write`` returns (on the printer thread). The listener never answers status
queries, like many cheap printers: the worker asks once (during the warm-up), then skips the
question for ten minutes, as it does at a real counter. Qt's hops between threads are not in
it (this runs headless); the TaskRunner hand-off is a queue put of a few microseconds.

The floor, measured in the same run and alternating with the service round by round: a raw
``sqlite3`` single-row commit (``BEGIN IMMEDIATE; INSERT; COMMIT``, WAL, ``synchronous=FULL``)
plus connecting to the same listener and writing the same receipt bytes from this thread.

Payments are taken in the payment-commit benchmark's own migrated copy of the cache
(``benchmarks/data/payment-commit-<N>/``, made by ``payment_commit.working_copy``), never in
the shared cache.
"""

from __future__ import annotations

import argparse
import itertools
import queue
import random
import socket
import socketserver
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator

from benchkit import Report, percentile
from ebill_core.protocol import TenderKind
from ebill_core.receipt import Receipt
from ebill_desktop.printing.receipt_escpos import render_receipt
from ebill_desktop.printing.receipt_text import receipt_text
from ebill_desktop.printing.transports import NetworkTransport, Transport
from ebill_desktop.printing.uri import parse_printer_uri
from ebill_desktop.printing.worker import PrinterWorker, PrintJob
from ebill_desktop.services.payment_types import PaymentDraft
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.storage.database import open_cache, set_pragmas
from payment_commit import (
    FLOOR_TABLE,
    SETUP,
    drafts,
    floor_commit,
    payable,
    request_for,
    working_copy,
)

ROUND = 100  # samples per round; the counter's path and the floor alternate round by round
WARM_UP = 30  # payments before measuring: imports, caches, the worker's one status question
PAPER_MM, CODE_PAGE = 80, "CP437"  # the settings' defaults
WAIT_S = 10.0  # a receipt not on the wire by then is a failed run, not a slow sample


class _Reader(socketserver.BaseRequestHandler):
    """The loopback "printer": reads everything, answers nothing."""

    def handle(self) -> None:
        while self.request.recv(65536):
            pass


class _Printer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A printer takes one connection at a time; the 5 of the default backlog overflow when
    # the benchmark's connections come faster than the accept thread runs on a busy machine,
    # and a dropped SYN costs a 1 s retransmit: a cost of this listener, not of the counter.
    request_queue_size = 128


def start_printer() -> _Printer:
    server = _Printer(("127.0.0.1", 0), _Reader)
    threading.Thread(target=server.serve_forever, name="loopback-printer", daemon=True).start()
    return server


class TimedTransport(NetworkTransport):
    """The real network transport, noting when each ``write`` returned (and what it wrote)."""

    written: queue.Queue[tuple[int, bytes]]

    def write(self, data: bytes) -> None:
        super().write(data)
        self.written.put((time.perf_counter_ns(), data))


def timed_connection(uri: str, written: queue.Queue[tuple[int, bytes]]) -> Callable[[], Transport]:
    address = parse_printer_uri(uri)

    def connect() -> Transport:
        transport = TimedTransport(address)
        transport.written = written
        return transport

    return connect


def receipt_job(receipt: Receipt) -> PrintJob:
    """What ``ui/receipt_printing.py`` renders for one receipt (off the UI thread there)."""
    data = render_receipt(receipt, paper_mm=PAPER_MM, code_page=CODE_PAGE)
    text = receipt_text(receipt, paper_mm=PAPER_MM)
    return PrintJob.receipt(data, f"{receipt.receipt_no}#{receipt.copy.reprint}", text)


def pays_cash(receipt: Receipt) -> bool:
    """The drawer opens for a cash tender (as ``ui/receipt_printing.pays_cash``)."""
    return not receipt.copy.duplicate and any(t.kind is TenderKind.CASH for t in receipt.tenders)


def wait_for(written: queue.Queue[tuple[int, bytes]], data: bytes) -> int:
    """When the write of ``data`` returned (drawer kicks and status queries passed over)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        at, sent = written.get(timeout=max(0.001, deadline - time.monotonic()))
        if sent == data:
            return at


def confirm_to_print(
    service: PaymentService,
    worker: PrinterWorker,
    written: queue.Queue[tuple[int, bytes]],
    draft: PaymentDraft,
) -> tuple[float, bytes]:
    """One payment, from confirm to its receipt written; milliseconds and the receipt bytes."""
    request = request_for(draft)
    began = time.perf_counter_ns()
    done = service.confirm(draft, request)
    job = receipt_job(done.receipt)
    worker.submit_payment(job, open_drawer=pays_cash(done.receipt))
    ended = wait_for(written, job.data)
    assert done.payment.amount == draft.total_due
    return (ended - began) / 1e6, job.data


def floor_sample(floor: sqlite3.Connection, port: int, data: bytes) -> float:
    """A raw one-row commit plus connecting and writing ``data`` to the same listener."""
    commit_ms = floor_commit(floor)
    began = time.perf_counter_ns()
    with socket.create_connection(("127.0.0.1", port), timeout=2.0) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(data)
    return commit_ms + (time.perf_counter_ns() - began) / 1e6


def measure(
    service: PaymentService,
    ready: Iterator[tuple[PaymentDraft, float]],
    floor: sqlite3.Connection,
    samples: int,
) -> tuple[list[float], list[float], list[float]]:
    """Counter path and floor samples (alternating in rounds), and the receipts' sizes."""
    printer = start_printer()
    port = printer.server_address[1]
    written: queue.Queue[tuple[int, bytes]] = queue.Queue()
    worker = PrinterWorker(timed_connection(f"tcp://127.0.0.1:{port}", written))
    worker.start()
    try:
        data = b""
        for draft, _ in itertools.islice(ready, WARM_UP):
            _, data = confirm_to_print(service, worker, written, draft)
            floor_sample(floor, port, data)
        paths: list[float] = []
        floors: list[float] = []
        sizes: list[float] = []
        while len(paths) < samples:
            batch = list(itertools.islice(ready, min(ROUND, samples - len(paths))))
            if not batch:
                break  # the cache ran out of accounts with something due
            sent = []
            for draft, _ in batch:
                took, data = confirm_to_print(service, worker, written, draft)
                paths.append(took)
                sent.append(data)
            floors += [floor_sample(floor, port, data) for data in sent]
            sizes += [len(data) for data in sent]
        return paths, floors, sizes
    finally:
        worker.stop()
        printer.shutdown()
        printer.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()

    path = working_copy(args.customers)
    db = open_cache(path)
    raw = sqlite3.connect(path)
    set_pragmas(raw)
    floor = sqlite3.connect(path.parent / "floor.sqlite3")
    set_pragmas(floor)
    floor.execute(FLOOR_TABLE)
    operator = raw.execute("SELECT login FROM operators ORDER BY login LIMIT 1").fetchone()[0]
    service = PaymentService(db, SETUP)
    # Seeded by what the cache holds: each run picks other accounts (earlier runs paid theirs).
    taken = raw.execute("SELECT count(*) FROM payments").fetchone()[0]
    accounts = payable(raw, (args.samples + WARM_UP) * 2, random.Random(taken))
    paths, floors, sizes = measure(
        service, drafts(service, iter(accounts), operator), floor, args.samples
    )

    report = Report("confirm_to_print")
    report.figure("accounts", raw.execute("SELECT count(*) FROM accounts").fetchone()[0])
    report.figure("samples", len(paths))
    report.figure("receipt_bytes_p50", percentile(sizes, 0.50))
    report.figure("confirm_to_print_p50_ms", percentile(paths, 0.50))
    report.figure("confirm_to_print_p99_ms", percentile(paths, 0.99))
    report.figure("floor_p50_ms", percentile(floors, 0.50))
    report.figure("floor_p99_ms", percentile(floors, 0.99))
    ratio = percentile(paths, 0.99) / percentile(floors, 0.99)
    report.figure("ratio_to_floor_p99", ratio)
    report.target("confirm -> receipt bytes written p99 (ms)", percentile(paths, 0.99), "<=", 50.0)
    db.close()
    raw.close()
    floor.close()
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
