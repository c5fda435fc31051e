"""Receipt rendering benchmark: a receipt to ESC/POS bytes, against a raw python-escpos floor.

    .venv/bin/python benchmarks/receipt_render.py [--runs 2000]

Measures ``render_receipt`` (the pure function the counter calls after the payment commit) on
two receipts: an 80 mm confirmed split-tender receipt (three tenders, two bills, four
allocation lines, a reprint) and a 58 mm offline cash receipt. Target (issue 5): p99 <= 3 ms
each. The floor is python-escpos's ``Dummy`` printer taking one line of text (what any receipt
costs at the least); the ratio to it is printed. Wall time is what the cashier waits; this
thread's CPU time is printed beside it, since on a loaded machine the wall p99 is mostly the
time the thread was not scheduled (the 1-minute load average is printed too). A receipt with
a Devanagari name (one line drawn as a raster picture) is measured as information: it is the
slow case.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from benchkit import Report, percentile
from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import (
    Receipt,
    ReceiptAllocation,
    ReceiptBill,
    ReceiptCopy,
    ReceiptHeader,
    ReceiptStatus,
    ReceiptTender,
)
from ebill_core.words import amount_in_words
from ebill_desktop.printing.escpos_loader import escpos_printer
from ebill_desktop.printing.receipt_escpos import render_receipt
from ebill_desktop.printing.receipt_text import receipt_text

IST = timezone(timedelta(hours=5, minutes=30))


def _rs(rupees: int) -> Money:
    return Money(rupees * 100, "INR")


def split_receipt() -> Receipt:
    paid = _rs(25000)
    bills = (
        ReceiptBill(
            "B2610-000101", date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 20), _rs(11500)
        ),
        ReceiptBill(
            "B2611-000102", date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 20), _rs(12750)
        ),
    )
    return Receipt(
        header=ReceiptHeader("Dakshin Power Distribution Company Ltd", "29ABCDE1234F1Z5",
                             "Jayanagar Sub-Division Office", "Counter 3", "1912"),
        receipt_no="0140-012-00001235-8",
        payment_id="0d6e1f2a-3b4c-4d5e-8f60-718293a4b5c6",
        taken_at=datetime(2026, 11, 23, 14, 35, tzinfo=IST),
        cashier="Lakshmi Narayan",
        status=ReceiptStatus.CONFIRMED,
        central_reference="CP-2026-000981234",
        account_no="1100234568",
        consumer_name="Sri Venkateshwara Rice Mill and Agro Industries Private Limited",
        masked_mobile="98••••••10",
        bills=bills,
        amount_due=_rs(24250),
        amount_paid=paid,
        amount_in_words=amount_in_words(paid),
        allocations=(
            ReceiptAllocation("current", "B2610-000101", _rs(11500)),
            ReceiptAllocation("current", "B2611-000102", _rs(12500)),
            ReceiptAllocation("surcharge", "B2611-000102", _rs(250)),
            ReceiptAllocation("advance", None, _rs(750)),
        ),
        balance_after=_rs(-750),
        tenders=(
            ReceiptTender(TenderKind.CHEQUE, _rs(15000), reference="004512",
                          bank="State Bank of India", bank_branch="Jayanagar 4th Block",
                          instrument_date=date(2026, 11, 21)),
            ReceiptTender(TenderKind.CARD, _rs(8000), reference="632711223344",
                          card_scheme="VISA", card_last4="4242", auth_code="A1B2C3"),
            ReceiptTender(TenderKind.UPI, _rs(2000), reference="632798765432"),
        ),
        copy=ReceiptCopy(reprint=1),
    )  # fmt: skip


def cash_receipt() -> Receipt:
    paid = _rs(1234)
    r = split_receipt()
    return Receipt(
        header=r.header,
        receipt_no="0140-012-00001234-4",
        payment_id="5f2c9a1e-7b44-4c1d-9e0a-2b6f3c8d1e77",
        taken_at=r.taken_at,
        cashier=r.cashier,
        status=ReceiptStatus.PROVISIONAL,
        central_reference=None,
        account_no="1100234567",
        consumer_name="Ravi Kumar Shetty",
        masked_mobile="98••••••10",
        bills=r.bills[:1],
        amount_due=paid,
        amount_paid=paid,
        amount_in_words=amount_in_words(paid),
        allocations=(ReceiptAllocation("current", "B2610-000101", paid),),
        balance_after=_rs(0),
        tenders=(ReceiptTender(TenderKind.CASH, paid, tendered=_rs(1500), change=_rs(266)),),
    )


def floor_call() -> bytes:
    dummy = escpos_printer().Dummy()
    dummy.text("Receipt no. 0140-012-00001234-4\n")
    output: bytes = dummy.output
    return output


def _timed(call: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (this thread's) milliseconds of each of ``runs`` calls, after a warm-up."""
    for _ in range(min(50, runs)):
        call()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        call()
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        wall.append((time.perf_counter_ns() - w0) / 1e6)
    return wall, cpu


def _series(report: Report, key: str, call: Callable[[], object], runs: int) -> float:
    """Record p50/p99 of wall and CPU time; the wall p99 (what the cashier waits)."""
    gc.collect()
    wall, cpu = _timed(call, runs)
    report.figure(f"{key}_p50_ms", statistics.median(wall))
    report.figure(f"{key}_p99_ms", percentile(wall, 0.99))
    report.figure(f"{key}_cpu_p99_ms", percentile(cpu, 0.99))
    return percentile(wall, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    runs = args.runs
    split, cash = split_receipt(), cash_receipt()
    # A different name each time: the picture of a line is cached, a new consumer's is not.
    devanagari = iter(
        [replace(cash, consumer_name=f"रमेश कुमार शर्मा {n}") for n in range(runs // 4 + 50)]
    )
    report = Report("receipt_render")
    report.figure("load_average_1min", os.getloadavg()[0])
    floor = _series(report, "floor_dummy_one_line", floor_call, runs)
    p99_split = _series(report, "render_80mm_split", lambda: render_receipt(split), runs)
    p99_cash = _series(report, "render_58mm_cash", lambda: render_receipt(cash, paper_mm=58), runs)
    _series(
        report,
        "render_58mm_devanagari_raster",
        lambda: render_receipt(next(devanagari), paper_mm=58),
        max(1, runs // 4),
    )
    _series(report, "text_80mm_split", lambda: receipt_text(split), runs)
    report.figure("bytes_80mm_split", len(render_receipt(split)))
    report.figure("ratio_split_p99_to_floor_p99", p99_split / floor)
    report.target("render 80 mm split p99 ms (wall)", p99_split, "<=", 3.0)
    report.target("render 58 mm cash p99 ms (wall)", p99_cash, "<=", 3.0)
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
