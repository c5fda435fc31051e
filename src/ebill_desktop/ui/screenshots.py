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
from PySide6.QtWidgets import QApplication

from ebill_core.bill_barcode import BillBarcode
from ebill_core.money import Money
from ebill_desktop.services.lookup_results import LookupOutcome
from ebill_desktop.ui.counter_app import CounterStart, apply_look, build_window, qt_application
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner

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

    def shot(name: str) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        if not window.grab().save(str(path)):
            raise ScreenshotError(f"could not write {path}")
        saved.append(path)
        log.info("screenshot %s", path)

    try:
        _tour(window, start, text_query, shot)
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
