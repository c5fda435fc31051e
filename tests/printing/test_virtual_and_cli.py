"""The virtual printer, ``ebill-desktop print-test``, and the contained escpos import."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ebill_desktop.__main__ import main
from ebill_desktop.printing.cli import run_print_test
from ebill_desktop.printing.receipt_escpos import render_receipt
from ebill_desktop.printing.receipt_text import receipt_text
from ebill_desktop.printing.status import PaperState, PrinterStatus
from ebill_desktop.printing.transports import open_transport
from ebill_desktop.printing.virtual import virtual_printer
from ebill_desktop.printing.worker import JobOutcome, PrinterWorker, PrintJob
from tests.printing import receipts
from tests.printing.fake_printer import FakeNetworkPrinter, unreachable_uri


def _name() -> str:
    return "t" + uuid.uuid4().hex[:12]


def test_virtual_printer_keeps_bytes_and_text() -> None:
    name = _name()
    seen: list[object] = []
    printer = virtual_printer(name)
    printer.add_listener(seen.append)
    r = receipts.devanagari_name()
    data = render_receipt(r, paper_mm=58)
    text = receipt_text(r, paper_mm=58)
    worker = PrinterWorker(lambda: open_transport(f"virtual://{name}"))
    worker.start()
    result = worker.submit(PrintJob.receipt(data, r.receipt_no, text)).wait(5)
    assert worker.stop()
    assert result is not None and result.printed and result.status.answered
    jobs = printer.jobs()
    assert [job.data for job in jobs] == [data]
    assert jobs[0].text == text and "रमेश कुमार शर्मा" in text and "₹1,234.50" in text
    assert seen == jobs


def test_virtual_printer_out_of_paper_fails_like_a_real_one() -> None:
    name = _name()
    virtual_printer(name).set_status(PrinterStatus(answered=True, paper=PaperState.OUT))
    worker = PrinterWorker(lambda: open_transport(f"virtual://{name}"))
    worker.start()
    result = worker.submit(PrintJob.receipt(b"x", "r")).wait(5)
    assert worker.stop()
    assert result is not None and result.outcome is JobOutcome.FAILED
    assert result.reason == "the printer is out of paper"
    assert virtual_printer(name).jobs() == []


def test_print_test_on_the_fake_network_printer(fake_printer: FakeNetworkPrinter) -> None:
    out = io.StringIO()
    assert run_print_test(fake_printer.uri, paper_mm=58, out=out) == 0
    assert out.getvalue().splitlines() == [
        f"printer {fake_printer.uri}: ready; paper ok",
        "test page printed",
    ]
    printed = fake_printer.job_bytes()
    assert b"PRINTER TEST\n" in printed
    assert b"Rs. 1,234.50" in printed
    assert b"\x1dv0" in printed  # the Devanagari line as a picture
    assert b"EBILL-PRINTER-TEST" in printed  # the QR code's data


def test_print_test_reports_failure(capsys: pytest.CaptureFixture[str]) -> None:
    uri = unreachable_uri()
    assert main(["print-test", "--printer", uri]) == 1
    out = capsys.readouterr().out
    assert "test page NOT printed" in out and "unreachable" in out


def test_print_test_shows_the_virtual_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print-test", "--printer", f"virtual://{_name()}", "--paper", "58"]) == 0
    out = capsys.readouterr().out
    assert "test page printed" in out
    assert "12345678901234567890123456789012" in out  # the 58 mm ruler, shown on screen


@pytest.mark.parametrize(
    "argv",
    [
        ["print-test", "--printer", "lpt1"],
        ["print-test", "--printer", "virtual:", "--code-page", "CP000"],
    ],
)
def test_print_test_bad_arguments(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_escpos_import_is_contained(tmp_path: Path) -> None:
    # A fresh interpreter: importing through our loader adds no root handler, prints nothing.
    code = (
        "import logging, os\n"
        "from ebill_desktop.printing.escpos_loader import escpos_printer\n"
        "escpos_printer()\n"
        "assert logging.getLogger().handlers == [], logging.getLogger().handlers\n"
        "d = os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR']\n"
        "assert d.endswith('escpos')\n"
        "assert any(n.endswith('.capabilities.pickle') for n in os.listdir(d))\n"
        "print('ok')\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"
    assert done.stderr == ""


def test_escpos_loggers_are_quiet() -> None:
    from ebill_desktop.printing.escpos_loader import escpos_printer

    escpos_printer()
    assert logging.getLogger("escpos").level == logging.WARNING
