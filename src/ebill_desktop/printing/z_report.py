"""The X and Z reports of a shift on the receipt printer: blocks, ESC/POS bytes, screen text.

The report is laid out once, as the same blocks a receipt is made of
(:mod:`ebill_desktop.printing.receipt_layout`), so the printer's bytes
(:func:`render_shift_report`, through the receipt's renderer and its code-page handling), the
screen's text (:func:`shift_report_text`) and the PDF
(:mod:`ebill_desktop.documents.z_report_pdf`) say the same thing.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from ebill_core.formatting import format_money
from ebill_core.money import Money
from ebill_core.receipt import ReceiptHeader
from ebill_desktop.printing.paper import paper
from ebill_desktop.printing.receipt_escpos import PrintFormat, printer_money, render_blocks
from ebill_desktop.printing.receipt_layout import _TENDER_NAMES as TENDER_NAMES
from ebill_desktop.printing.receipt_layout import (
    Align,
    Block,
    Cut,
    FormatMoney,
    Pair,
    Rule,
    Text,
)
from ebill_desktop.printing.receipt_text import blocks_text
from ebill_desktop.services.shift_reports import ReportKind, ShiftReport

__all__ = ["render_shift_report", "shift_report_blocks", "shift_report_text"]


def _moment(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%d-%m-%Y %H:%M")


def _header(report: ShiftReport, header: ReceiptHeader, tz: tzinfo) -> list[Block]:
    title = "Z REPORT - SHIFT CLOSE" if report.kind is ReportKind.Z else "X REPORT - MID-SHIFT"
    return [
        Text(header.utility_name, Align.CENTER, bold=True),
        Text(header.office, Align.CENTER),
        Text(f"{header.counter}  Terminal {report.terminal}", Align.CENTER),
        Rule("="),
        Text(title, Align.CENTER, bold=True),
        Pair("Cashier", report.operator),
        Pair("Shift", report.shift_id[:8]),
        Pair("Opened", _moment(report.opened_at, tz)),
        Pair("Closed" if report.kind is ReportKind.Z else "Taken", _moment(report.at, tz)),
        Rule(),
    ]


def _tenders(report: ShiftReport, money: FormatMoney) -> list[Block]:
    blocks: list[Block] = [Text("Takings by tender (gross)", bold=True)]
    if not report.tenders:
        blocks.append(Text("No payments"))
    for t in report.tenders:
        blocks.append(Pair(f"{TENDER_NAMES[t.kind]} x{t.count}", money(t.total)))
    gross = sum((t.total for t in report.tenders), Money.zero(report.currency))
    blocks += [
        Pair("Gross", money(gross), bold=True),
        Pair(f"Voids x{report.voids.count}", money(-report.voids.total)),
        Pair("Net", money(gross - report.voids.total), bold=True),
        Rule(),
        Pair("Receipts", str(report.receipts)),
        Pair("First", report.first_receipt_no or "-"),
        Pair("Last", report.last_receipt_no or "-"),
        Pair("Reprints", str(report.reprints)),
        Pair("Unsynced payments", str(report.unsynced)),
        Rule(),
    ]
    return blocks


def _drawer(report: ShiftReport, money: FormatMoney) -> list[Block]:
    d = report.drawer
    blocks: list[Block] = [
        Text("Cash drawer", bold=True),
        Pair("Opening float", money(d.opening_float)),
        Pair("+ Cash taken", money(d.cash_payments)),
        Pair("- Cash voided", money(d.voids)),
        Pair(f"- Drops x{report.drops.count}", money(d.drops)),
        Pair(f"- Pay-outs x{report.pay_outs.count}", money(d.pay_outs)),
        Pair("Expected cash", money(d.expected), bold=True),
        Pair("No-sale opens", str(report.no_sales)),
    ]
    if report.closing_count is not None and report.over_short is not None:
        label = "Over" if report.over_short.minor > 0 else "Short"
        blocks += [
            Pair("Counted cash", money(report.closing_count.total), bold=True),
            Pair("Even" if report.over_short.minor == 0 else label, money(abs(report.over_short))),
        ]
        if report.over_short_approved_by:
            blocks.append(Pair("Over/short approved by", report.over_short_approved_by))
    if report.unsynced_approved_by:
        blocks.append(Pair("Unsynced close approved by", report.unsynced_approved_by))
    return blocks


def _count(report: ShiftReport, money: FormatMoney) -> list[Block]:
    if report.closing_count is None:
        return []
    blocks: list[Block] = [Rule(), Text("Closing count", bold=True)]
    currency = report.currency
    for value, pieces in report.closing_count.pieces.items():
        each = Money(value, currency)
        blocks.append(Pair(f"{money(each)} x {pieces}", money(each * pieces)))
    return blocks


def shift_report_blocks(
    report: ShiftReport, header: ReceiptHeader, tz: tzinfo, money: FormatMoney
) -> list[Block]:
    """The report's blocks, times in ``tz`` (the counter's), money formatted by ``money``."""
    blocks = _header(report, header, tz) + _tenders(report, money) + _drawer(report, money)
    blocks += _count(report, money)
    if report.kind is ReportKind.Z:
        blocks += [Rule("="), Text("Cashier signature:"), Text(" "), Text("Supervisor signature:")]
    return [*blocks, Text(" "), Cut()]


def render_shift_report(
    report: ShiftReport, header: ReceiptHeader, tz: tzinfo, fmt: PrintFormat | None = None
) -> bytes:
    """The ESC/POS bytes of the report (pure: the same report gives the same bytes)."""
    blocks = shift_report_blocks(report, header, tz, printer_money)
    return render_blocks(blocks, fmt or PrintFormat())


def shift_report_text(
    report: ShiftReport, header: ReceiptHeader, tz: tzinfo, *, paper_mm: int = 80
) -> str:
    """The report as the lines of a ``paper_mm`` roll, money with its symbol, for a screen."""
    blocks = shift_report_blocks(report, header, tz, lambda m: format_money(m))
    return blocks_text(blocks, paper(paper_mm).columns)
