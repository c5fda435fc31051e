"""Rendering every view of the counter to PNG, with real demo data, through the real window.

Used by ``ebill-desktop screenshots --out DIR`` (offscreen) to keep docs/screenshots current and
to look at what we built. Each step drives the window as a cashier would (log in, search, open a
consumer, F1) and waits for the view's own signal, never for a fixed time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from ebill_core.bill_barcode import BillBarcode
from ebill_core.money import Money
from ebill_desktop.services.lookup_results import LookupOutcome
from ebill_desktop.ui.counter_app import CounterStart, apply_look, build_window, qt_application
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner
from ebill_desktop.ui.tender_cash import CashTender

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 800)
_WAIT_MS = 30_000


class ScreenshotError(RuntimeError):
    """A step of the screenshot tour did not reach the state it was to capture."""


def _wait_for(signal: SignalInstance, action: Callable[[], None], what: str) -> tuple[object, ...]:
    """Do ``action`` and run the event loop until ``signal`` fires; its arguments."""
    loop = QEventLoop()
    received: list[tuple[object, ...]] = []

    def on_signal(*args: object) -> None:
        received.append(args)
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(_WAIT_MS, loop.quit)
    try:
        action()
        if not received:
            loop.exec()
    finally:
        signal.disconnect(on_signal)
    if not received:
        raise ScreenshotError(f"timed out waiting for {what}")
    return received[0]


def _settle(app: QApplication) -> None:
    # Layouts and style polish happen in posted events; let them run before grabbing.
    for _ in range(3):
        app.processEvents()


def _misread_barcode() -> str:
    """A bill bar code with its check digit wrong: what a smudged print can produce."""
    valid = BillBarcode("014000000001", "2610000000001", Money(123450), date(2026, 11, 4)).encode()
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def take_screenshots(start: CounterStart, out_dir: Path, *, text_query: str) -> list[Path]:
    """Render login, a refused login, lookup results, a refused search, a consumer and F1."""
    if not start.demo_credentials:
        raise ScreenshotError("screenshots need the demo operators' credentials")
    app = qt_application()
    apply_look(app, start.settings)
    runner = TaskRunner(app)
    window = build_window(start, runner)
    window.resize(*WINDOW_SIZE)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(name: str, widget: QWidget = window) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise ScreenshotError(f"could not write {path}")
        saved.append(path)
        log.info("screenshot %s", path)

    try:
        _tour(window, start, text_query, shot)
        _device_tour(window, start, shot)
    finally:
        window.close()
        runner.shutdown()
    return saved


def _tour(window: MainWindow, start: CounterStart, query: str, shot: Callable[[str], None]) -> None:
    login = window.login_view
    operator = start.demo_credentials[0]
    shot("01-login")

    login.operator_field.setText(operator.login)
    login.password_field.setText("not the password")
    _wait_for(login.refused, login.submit, "the refused log-in")
    shot("02-login-refused")

    login.operator_field.setText(operator.login)
    login.password_field.setText(operator.password)
    _wait_for(login.logged_in, login.submit, "the log-in")
    shot("03-lookup-empty")

    lookup = window.lookup_view
    lookup.search_field.setText(query)
    (outcome,) = _wait_for(lookup.outcome_shown, lookup.search, "the name search")
    assert isinstance(outcome, LookupOutcome)
    if len(outcome.hits) < 2:
        raise ScreenshotError(f"the search {query!r} found {len(outcome.hits)} consumers")
    lookup.choose_row(1)  # the first row chosen, as after one press of Down
    shot("04-lookup-results")

    lookup.search_field.setText(_misread_barcode())
    _wait_for(lookup.outcome_shown, lookup.search, "the refused search")
    shot("05-lookup-refused")

    owing = next((h for h in outcome.hits if h.outstanding.minor > 0), outcome.hits[0])
    consumer = window.consumer_view
    _wait_for(consumer.summary_shown, lambda: window.open_account(owing.account_no), "the consumer")
    shot("06-consumer")

    window.help.open_help()
    shot("07-help")
    window.help.close_help()
    _payment_tour(window, shot)


def _payment_tour(window: MainWindow, shot: Callable[[str], None]) -> None:
    """F4 the bill, F8 a cash payment with change, Enter: the receipt (virtual printer)."""
    _wait_for(window.bill_view.bill_shown, window.open_chosen_bill, "the bill")
    shot("08-bill")
    flow = window.payments
    # Shown with the link up: the screenshots' demo cache has no head office to be offline
    # from, and offline a never-synced counter takes no payment (docs/desktop.md).
    flow.online = lambda: True
    pay = flow.payment_view
    _wait_for(pay.preview_shown, flow.take_payment, "the payment preview")
    cash, draft = (pay.tenders[0] if pay.tenders else None), pay.draft()
    if isinstance(cash, CashTender) and draft is not None:
        note = Money(2000_00, draft.currency)
        for _ in range(draft.total_due.minor // note.minor + 1):  # enough notes for change
            _wait_for(pay.preview_shown, lambda: cash.add_note(note), "the change")
    shot("09-payment")
    _wait_for(pay.paid, pay.confirm, "the payment")
    receipt = flow.receipt_view
    _wait_until(lambda: receipt.print_state() != "printing")
    shot("10-receipt")


def _device_tour(
    window: MainWindow, start: CounterStart, shot: Callable[[str, QWidget], None]
) -> None:
    """The virtual printer's window, with the receipt just printed (and the drawer kick)."""
    if start.virtual_printer is None:
        return
    from ebill_desktop.printing.virtual import virtual_printer
    from ebill_desktop.ui.virtual_printer_view import VirtualPrinterView

    view = VirtualPrinterView(virtual_printer(start.virtual_printer), window)
    view.resize(460, 800)
    view.show()
    try:
        shot("11-virtual-printer", view)
    finally:
        view.close()


def take_sync_screenshots(start: CounterStart, out_dir: Path, *, prefix: str = "20") -> list[Path]:
    """The status bar once the sync has settled, and the attention list (F6), as a supervisor.

    ``start.services.sync`` must be a running coordinator; the shots show whatever state it
    reaches (online with the offline limits, items waiting, items needing attention).
    """
    sync = start.services.sync
    supervisor = next((c for c in start.demo_credentials if c.role == "supervisor"), None)
    if sync is None or supervisor is None:
        raise ScreenshotError("sync screenshots need a coordinator and a demo supervisor")
    app = qt_application()
    apply_look(app, start.settings)
    runner = TaskRunner(app)
    window = build_window(start, runner)
    window.resize(*WINDOW_SIZE)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        _settle(app)
        # Status texts that changed since the last layout pass: lay the bar out again first.
        bar_layout = window.statusBar().layout()
        if bar_layout is not None:
            bar_layout.activate()
        _settle(app)
        path = out_dir / f"{prefix}-{name}.png"
        if not widget.grab().save(str(path)):
            raise ScreenshotError(f"could not write {path}")
        saved.append(path)

    try:
        sync_ui = window.sync_ui
        assert sync_ui is not None
        _wait_until(lambda: not sync.status().syncing and sync.status().data_as_of is not None)
        login = window.login_view
        login.operator_field.setText(supervisor.login)
        login.password_field.setText(supervisor.password)
        _wait_for(login.logged_in, login.submit, "the log-in")
        save(window, "sync-status-bar")
        sync_ui.open_attention()
        attention = sync_ui.attention
        assert attention is not None
        _wait_for(attention.loaded, lambda: None, "the attention list")
        save(attention, "attention")
        attention.reject()
    finally:
        window.close()
        runner.shutdown()
    return saved


def _wait_until(check: Callable[[], bool]) -> None:
    """Run the event loop until ``check()`` holds (polled every 20 ms), or fail."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if check() else None)
    timer.start(20)
    QTimer.singleShot(_WAIT_MS, loop.quit)
    if not check():
        loop.exec()
    timer.stop()
    if not check():
        raise ScreenshotError("timed out waiting for the sync to settle")
