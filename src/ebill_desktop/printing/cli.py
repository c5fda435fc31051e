"""``ebill-desktop print-test --printer URI``: print the test page and say how the printer is.

Runs the same worker the counter uses, so a supervisor setting up a printer sees exactly what
a cashier would: the status the printer reports, then whether the page printed and, if not,
why. Exit code 0 printed, 1 failed, 2 bad arguments.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TextIO

from ebill_desktop.printing.code_page import CodePageError
from ebill_desktop.printing.printer_test_page import printer_test_bytes, printer_test_text
from ebill_desktop.printing.receipt_escpos import PrintFormat
from ebill_desktop.printing.transports import Timeouts, open_transport
from ebill_desktop.printing.uri import PrinterUriError, parse_printer_uri
from ebill_desktop.printing.worker import JobKind, PrinterWorker, PrintJob

__all__ = ["print_test_page", "run_print_test"]

_WAIT = 60.0  # seconds: far beyond the transports' own limits; a hang is a bug


def print_test_page(
    uri: str, *, paper_mm: int = 80, code_page: str = "CP437", timeouts: Timeouts | None = None
) -> tuple[str, str | None]:
    """Print the test page on ``uri``; (printer status in words, failure reason or None).

    Blocks until done: call it off the UI thread. Raises PrinterUriError / ValueError for bad
    arguments before anything is sent.
    """
    fmt = PrintFormat(paper_mm=paper_mm, code_page=code_page)
    parse_printer_uri(uri)
    when = datetime.now().astimezone()
    job = PrintJob(
        JobKind.TEST_PAGE,
        printer_test_bytes(uri, fmt, when),
        "test page",
        printer_test_text(uri, fmt, when),
    )
    worker = PrinterWorker(lambda: open_transport(uri, timeouts))
    worker.start()
    try:
        status = worker.submit(PrintJob.status()).wait(_WAIT)
        printed = worker.submit(job).wait(_WAIT)
    finally:
        worker.stop()
    said = (
        status.status.describe()
        if status and status.printed
        else (status.reason if status else "no answer")
    )
    if printed is None:
        return said or "", "the printer worker did not finish in time"
    return said or "", None if printed.printed else printed.reason


def run_print_test(
    uri: str, *, paper_mm: int = 80, code_page: str = "CP437", out: TextIO | None = None
) -> int:
    """The command: prints what happened; the exit code."""
    out = out or sys.stdout
    try:
        status, failure = print_test_page(uri, paper_mm=paper_mm, code_page=code_page)
    except (PrinterUriError, CodePageError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"printer {uri}: {status}", file=out)
    if failure is not None:
        print(f"test page NOT printed: {failure}", file=out)
        return 1
    print("test page printed", file=out)
    if uri.startswith("virtual"):
        from ebill_desktop.printing.virtual import virtual_printer

        name = parse_printer_uri(uri).name
        last = virtual_printer(name).jobs()[-1]
        print(last.text or "", file=out, end="")
    return 0
