"""Starting Qt for the counter: the application object, its look, its language, its window.

The composition root (:mod:`ebill_desktop.app`) builds the services and calls
:func:`run_counter`; this module is where Qt begins and ends.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ebill_desktop.config import Settings
from ebill_desktop.resources import ResourceMissingError, resource_path, resources_root
from ebill_desktop.ui.counter_services import CounterServices, DemoCredential
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ebill_desktop.ui.shift_dialogs import ShiftTools

log = logging.getLogger(__name__)

_READY_TIMEOUT_S = 20.0
_INTERRUPT_POLL_MS = 250


@dataclass(frozen=True, slots=True)
class CounterStart:
    """What the composition root hands to Qt."""

    services: CounterServices
    settings: Settings
    keep_geometry: Callable[[str], None]  # persists the window geometry on close
    data_as_of: datetime | None = None
    demo_credentials: Sequence[DemoCredential] = ()
    notice: str | None = None  # e.g. "the settings file could not be used ...", shown at login
    virtual_printer: str | None = None  # the virtual printer's name: its receipts are shown


def qt_application() -> QApplication:
    """The one ``QApplication`` (made on first use), named for settings and accessibility."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName("ebill")
    QCoreApplication.setOrganizationName("ebill")
    QGuiApplication.setApplicationDisplayName("ebill counter")
    return QApplication(sys.argv[:1])


def apply_look(app: QApplication, settings: Settings) -> None:
    """Large readable type, the counter style sheet and the window icon."""
    font = QFont(app.font())
    font.setPointSize(settings.font_point_size)
    app.setFont(font)
    app.setStyleSheet(resource_path("styles", "counter.qss").read_text(encoding="utf-8"))
    app.setWindowIcon(QIcon(str(resource_path("icons", "ebill.svg"))))


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load ``translations/ebill_<language>.qm`` when one ships; English needs none."""
    try:
        folder = resources_root() / "translations"
    except ResourceMissingError:
        return None
    translator = QTranslator(app)
    if translator.load(QLocale(language), "ebill", "_", str(folder)):
        app.installTranslator(translator)
        return translator
    if not language.startswith("en"):
        log.warning("no translation for %s in %s; showing English", language, folder)
    return None


def show_fatal(message: str) -> None:
    """Tell the cashier something stops the counter from starting (console and, if any, screen)."""
    title = QCoreApplication.translate("CounterApp", "ebill cannot start")
    print(f"{title}: {message}", file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return  # nobody can see a dialog, and it would wait forever for a click
    app = qt_application()
    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote a path or a file's text
    box.exec()
    app.processEvents()


def build_window(start: CounterStart, runner: TaskRunner) -> MainWindow:
    window = MainWindow(
        start.services,
        runner,
        start.settings,
        data_as_of=start.data_as_of,
        demo_credentials=start.demo_credentials,
        shift_tools=start.services.shift_tools,
    )
    window.geometry_to_keep.connect(start.keep_geometry)
    make_tools = start.services.make_shift_tools
    if make_tools is not None and window.shift_menu is None:
        shift_menu_after_log_in(window, make_tools, runner)
    if start.notice:
        window.login_view.reset(start.notice)
    return window


def shift_menu_after_log_in(
    window: MainWindow, make_tools: Callable[[], ShiftTools], runner: TaskRunner
) -> None:
    """Give the window its shift menu (F9) once the first operator has logged in.

    The shift dialogs and their services import the cache's ORM side and password hashing,
    which the login screen does without (start-up stays light); the log-in has loaded them by
    then, and the tools are made on a worker, so the UI thread waits for none of it.
    """

    def attach(tools: object) -> None:
        from ebill_desktop.ui.shift_dialogs import ShiftMenu, ShiftTools

        assert isinstance(tools, ShiftTools)
        window.shift_menu = ShiftMenu(window, tools, runner, window.operator)

    def failed(error: BaseException) -> None:
        log.error("the shift menu could not be set up: %s", error)

    def logged_in(_operator: object) -> None:
        window.login_view.logged_in.disconnect(logged_in)
        runner.run("shift-tools", make_tools, attach, failed)

    window.login_view.logged_in.connect(logged_in)


def run_counter(start: CounterStart, *, quit_after_ready: bool = False) -> int:
    """Show the counter and run it until the window closes; the exit code of the event loop."""
    started = time.perf_counter()
    app = qt_application()
    apply_look(app, start.settings)
    install_translator(app, start.settings.language)
    runner = TaskRunner(app)
    window = build_window(start, runner)
    if start.virtual_printer is not None:
        show_virtual_printer(window, start.virtual_printer)
    window.show()
    window.activateWindow()
    if quit_after_ready:
        _quit_when_interactive(app, window, started)
    undo: list[Callable[[], None]] = []

    def running() -> None:
        # Set from inside the event loop: a Ctrl+C before it runs is the plain interruption
        # (KeyboardInterrupt) the caller handles, never a close that no loop would act on.
        undo.append(close_on_interrupt(app, window))
        log.info("counter window shown")

    QTimer.singleShot(0, running)
    try:
        code = app.exec()
    finally:
        for step in undo:
            step()
        runner.shutdown()
    log.info("counter closed with code %d", code)
    return code


def show_virtual_printer(window: MainWindow, name: str) -> QWidget:
    """The virtual printer's receipts in a window of their own beside the counter.

    A child of the counter's window: it closes with it and does not keep the application open.
    """
    from ebill_desktop.printing.virtual import virtual_printer
    from ebill_desktop.ui.virtual_printer_view import VirtualPrinterView

    view = VirtualPrinterView(virtual_printer(name), window)
    view.show()
    return view


def close_on_interrupt(app: QApplication, window: QWidget) -> Callable[[], None]:
    """Ctrl+C in the console closes the window (and so ends the event loop); the undo.

    Python runs a signal handler only between bytecodes, and the event loop runs in C++: a
    timer every :data:`_INTERRUPT_POLL_MS` gives Python a turn. The demo's server is stopped
    after the loop ends, as on any other close.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signal handlers can only be set from the main thread
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:  # set outside Python: put the default back afterwards
        previous = signal.SIG_DFL

    def interrupted(_number: int, _frame: object) -> None:
        log.info("Ctrl+C: closing the counter")
        window.close()
        app.closeAllWindows()  # a dialog open on top ends its own loop too

    signal.signal(signal.SIGINT, interrupted)
    poll = QTimer(app)
    poll.timeout.connect(lambda: None)
    poll.start(_INTERRUPT_POLL_MS)

    def restore() -> None:
        poll.stop()
        poll.deleteLater()
        signal.signal(signal.SIGINT, previous)

    return restore


def _quit_when_interactive(app: QApplication, window: MainWindow, started: float) -> None:
    # Runs from inside the event loop: the first view counts as interactive once it is visible
    # and its first field has the keyboard focus.
    deadline = started + _READY_TIMEOUT_S

    def check() -> None:
        field = window.login_view.operator_field
        if window.isVisible() and field.isVisible() and field.hasFocus():
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info("ready in %.0f ms (quit-after-ready)", elapsed_ms)
            print(f"ready in {elapsed_ms:.0f} ms")
            window.close()
            app.exit(0)
        elif time.perf_counter() > deadline:
            log.error("the first view did not become interactive in %.0f s", _READY_TIMEOUT_S)
            app.exit(3)
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)
