"""The virtual printer's window (the demo's paper roll) and Ctrl+C closing the counter."""

from __future__ import annotations

import signal
import threading
import uuid

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ebill_desktop.printing.virtual import VirtualPrinter, virtual_printer
from ebill_desktop.ui.counter_app import close_on_interrupt
from ebill_desktop.ui.virtual_printer_view import KEPT_JOBS, VirtualPrinterView


def _printer() -> VirtualPrinter:
    return virtual_printer(f"test-{uuid.uuid4().hex[:8]}")  # one per test: no shared jobs


def _print_on_a_worker(printer: VirtualPrinter, text: str | None, data: bytes = b"\x1b@") -> None:
    # As the printer worker does: the job (and the listeners) on another thread.
    worker = threading.Thread(target=printer.receive, args=(data, text))
    worker.start()
    worker.join()


def test_shows_jobs_printed_before_and_after_it_opened(qtbot: QtBot) -> None:
    printer = _printer()
    printer.receive(b"earlier", "RECEIPT 0001\nCash     100.00")
    view = VirtualPrinterView(printer)
    qtbot.addWidget(view)
    assert "RECEIPT 0001" in view.shown_text()
    _print_on_a_worker(printer, "RECEIPT 0002\n<b>Kumar</b> & sons")
    qtbot.waitUntil(lambda: "RECEIPT 0002" in view.shown_text())
    text = view.shown_text()
    assert "<b>Kumar</b> & sons" in text  # user data as plain text, never markup
    assert text.index("RECEIPT 0001") < text.index("RECEIPT 0002")  # newest at the bottom


def test_keeps_the_latest_jobs_and_names_jobs_without_text(qtbot: QtBot) -> None:
    printer = _printer()
    view = VirtualPrinterView(printer)
    qtbot.addWidget(view)
    assert view.shown_text() == "Nothing printed yet."
    for n in range(KEPT_JOBS + 2):
        _print_on_a_worker(printer, f"RECEIPT {n:04d}")
    _print_on_a_worker(printer, None, b"\x1bp\x00\x19\xfa")  # a drawer kick: bytes only
    qtbot.waitUntil(lambda: "5 bytes without a text rendering" in view.shown_text())
    text = view.shown_text()
    shown = [n for n in range(KEPT_JOBS + 2) if f"RECEIPT {n:04d}" in text]
    assert shown == list(range(3, KEPT_JOBS + 2))  # the drawer kick is one of the kept jobs


def test_a_closed_view_stops_listening(qtbot: QtBot) -> None:
    printer = _printer()
    view = VirtualPrinterView(printer)
    qtbot.addWidget(view)
    view.show()
    view.close()
    _print_on_a_worker(printer, "RECEIPT 0009")  # the print itself succeeds
    QApplication.processEvents()
    assert "RECEIPT 0009" not in view.shown_text()
    assert [job.text for job in printer.jobs()] == ["RECEIPT 0009"]


def test_ctrl_c_closes_the_window_and_the_handler_is_put_back(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    before = signal.getsignal(signal.SIGINT)
    restore = close_on_interrupt(app, window)
    try:
        assert signal.getsignal(signal.SIGINT) is not before
        signal.raise_signal(signal.SIGINT)
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        restore()
    assert signal.getsignal(signal.SIGINT) is before
