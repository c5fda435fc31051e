"""The printer test page: proves width, code page, fallbacks, QR code and cutter in one go."""

from __future__ import annotations

from datetime import datetime

from ebill_core.money import Money
from ebill_desktop.printing.paper import paper
from ebill_desktop.printing.receipt_escpos import PrintFormat, printer_money, render_blocks
from ebill_desktop.printing.receipt_layout import Align, Block, Cut, Pair, QrCode, Rule, Text
from ebill_desktop.printing.receipt_text import blocks_text

__all__ = ["printer_test_blocks", "printer_test_bytes", "printer_test_text"]


def printer_test_blocks(uri: str, fmt: PrintFormat, when: datetime) -> list[Block]:
    """What the test page says: where it was sent, the width, and each fallback at work."""
    columns = paper(fmt.paper_mm).columns
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    return [
        Text("PRINTER TEST", Align.CENTER, bold=True, big=True),
        Text("ebill payment counter", Align.CENTER),
        Rule("="),
        Pair("Printer", uri),
        Pair("Paper", f"{fmt.paper_mm} mm, {columns} columns"),
        Pair("Code page", fmt.code_page),
        Pair("Printed", when.strftime("%d-%m-%Y %H:%M:%S")),
        Text(ruler),
        Rule(),
        Pair("Rupee sign (falls back to Rs.)", printer_money(Money(123450, "INR"))),
        Text("Accents: José Müller Ørsted"),
        Text("Devanagari (as a picture): रमेश कुमार"),
        Text("OFFLINE - PROVISIONAL", Align.CENTER, bold=True, invert=True),
        QrCode("EBILL-PRINTER-TEST"),
        Text("If all of the above reads well, the printer is ready.", Align.CENTER),
        Cut(),
    ]


def printer_test_bytes(uri: str, fmt: PrintFormat, when: datetime) -> bytes:
    return render_blocks(printer_test_blocks(uri, fmt, when), fmt)


def printer_test_text(uri: str, fmt: PrintFormat, when: datetime) -> str:
    return blocks_text(printer_test_blocks(uri, fmt, when), paper(fmt.paper_mm).columns)
