"""The X/Z report on paper, screen and PDF: golden ESC/POS bytes, the lines that must be there.

After an intended change of the report's layout, regenerate the golden files:

    EBILL_REGENERATE_GOLDEN=1 .venv/bin/pytest -q tests/printing/test_z_report.py
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebill_core.cash_count import CashCount, Drawer
from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_core.protocol.cash_control import CountTotal, TenderTotal
from ebill_core.receipt import ReceiptHeader
from ebill_desktop.documents.z_report_pdf import shift_report_pdf, write_shift_report_pdf
from ebill_desktop.printing.receipt_escpos import PrintFormat
from ebill_desktop.printing.z_report import render_shift_report, shift_report_text
from ebill_desktop.services.shift_reports import ReportKind, ShiftReport

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("EBILL_REGENERATE_GOLDEN") == "1"
IST = timezone(timedelta(hours=5, minutes=30))
HEADER = ReceiptHeader(
    "Gandhi Nagar Power", "29ABCDE1234F1Z5", "Gandhi Nagar Sub-division", "Counter 3", "1912"
)


def inr(minor: int) -> Money:
    return Money(minor, "INR")


def z_report() -> ShiftReport:
    """A closed shift: ₹1,600 float, ₹400 cash and ₹250 cheques, a void, a drop, ₹10 short."""
    return ShiftReport(
        kind=ReportKind.Z,
        shift_id="6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5",
        operator="asha",
        terminal="012",
        opened_at=datetime(2024, 3, 10, 3, 30, tzinfo=UTC),
        at=datetime(2024, 3, 10, 12, 0, tzinfo=UTC),
        opening_count=CashCount.of("INR", {50_000: 2, 10_000: 5, 1_000: 10}),
        drawer=Drawer(inr(1_600_00), inr(400_00), inr(100_00), inr(200_00), inr(0)),
        tenders=(
            TenderTotal(TenderKind.CASH, 2, inr(400_00)),
            TenderTotal(TenderKind.CHEQUE, 2, inr(250_00)),
        ),
        receipts=3,
        first_receipt_no="0140-012-00000001-6",
        last_receipt_no="0140-012-00000003-2",
        voids=CountTotal(1, inr(150_00)),
        reprints=1,
        drops=CountTotal(1, inr(200_00)),
        pay_outs=CountTotal(0, inr(0)),
        no_sales=0,
        unsynced=0,
        closing_count=CashCount.of("INR", {50_000: 3, 10_000: 1, 5_000: 1, 2_000: 2}),
        over_short=inr(-10_00),
        over_short_approved_by="ravi",
    )


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_z_report_bytes_match_the_golden_file(paper_mm: int) -> None:
    rendered = render_shift_report(z_report(), HEADER, IST, PrintFormat(paper_mm=paper_mm))
    golden = GOLDEN / f"z_report_{paper_mm}.bin"
    if REGENERATE:
        golden.write_bytes(rendered)
    assert golden.exists(), f"{golden} missing: run with EBILL_REGENERATE_GOLDEN=1"
    assert rendered == golden.read_bytes(), f"{golden.name} differs; regenerate if intended"


def test_the_z_report_says_what_the_close_found() -> None:
    printed = render_shift_report(z_report(), HEADER, IST)
    assert printed.startswith(b"\x1b@\x1bt\x00")  # reset, then code page CP437
    for line in (
        b"Z REPORT - SHIFT CLOSE",
        b"Expected cash",
        b"Rs. 1,700.00",
        b"Counted cash",
        b"Rs. 1,690.00",
        b"Short",
        b"Rs. 10.00",
        b"0140-012-00000001-6",
        b"Voids x1",
        b"Over/short approved by",
        b"Opened",
        b"09:00",  # local time at the counter
    ):
        assert line in printed, line
    assert b"\xe2\x82\xb9" not in printed  # no UTF-8 rupee sign reaches a CP437 printer
    assert printed.endswith(b"\x1dV\x00") or b"\x1dV" in printed[-8:]  # cut


def test_the_x_report_has_no_count_and_no_signatures() -> None:
    x = replace(z_report(), kind=ReportKind.X, closing_count=None, over_short=None)
    text = shift_report_text(x, HEADER, IST)
    assert "X REPORT - MID-SHIFT" in text and "₹1,700.00" in text
    assert "Counted cash" not in text and "signature" not in text
    assert "Cheque x2" in text and "Net" in text


def test_the_pdf_is_one_whole_page(tmp_path: Path) -> None:
    pdf = shift_report_pdf(z_report(), HEADER, IST, compress=False)
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    assert b"(Z report 6f1c2d3e)" in pdf
    assert shift_report_pdf(z_report(), HEADER, IST) == shift_report_pdf(z_report(), HEADER, IST)
    target = write_shift_report_pdf(z_report(), HEADER, IST, tmp_path / "z" / "z.pdf")
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["z.pdf"]
