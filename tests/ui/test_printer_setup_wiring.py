"""Ctrl+Shift+P in the running counter: the printer set-up, for administrators alone.

The real window over the real services and a copy of the demo cache; the test page goes to
our fake network printer on a loopback port; saving goes through the terminal's settings
store and audit trail (app.SettingsChange), off the UI thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS, DemoOperator
from ebill_core.records import OperatorRole
from ebill_desktop.app import Terminal, build_services
from ebill_desktop.security import audit
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner
from tests.printing.fake_printer import FakeNetworkPrinter


def _operator(role: OperatorRole) -> DemoOperator:
    return next(o for o in OPERATORS if o.role is role)


@pytest.fixture
def printer() -> Iterator[FakeNetworkPrinter]:
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


@pytest.fixture
def window(qtbot: QtBot, terminal: Terminal) -> Iterator[MainWindow]:
    runner = TaskRunner()
    services = replace(build_services(terminal.db), change_settings=terminal.settings_change)
    main = MainWindow(services, runner, terminal.settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    assert runner.shutdown(10_000)
    main.deleteLater()
    runner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _log_in(qtbot: QtBot, window: MainWindow, who: DemoOperator) -> None:
    login = window.login_view
    login.operator_field.setText(who.login)
    login.password_field.setText(who.password)
    with qtbot.waitSignal(login.logged_in, timeout=20_000):
        login.submit()


def _press_ctrl_shift_p(qtbot: QtBot, window: MainWindow) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_P, modifiers)


def test_the_key_is_listed_in_the_help(window: MainWindow) -> None:
    keys = [keys for keys, _meaning in window.help.shortcuts()]
    assert "Ctrl+Shift+P" in keys


def test_an_administrator_tests_and_saves_a_printer_and_the_change_is_audited(
    qtbot: QtBot, window: MainWindow, terminal: Terminal, printer: FakeNetworkPrinter
) -> None:
    admin = _operator(OperatorRole.ADMINISTRATOR)
    _log_in(qtbot, window, admin)
    before = terminal.settings.printer_uri
    assert before != printer.uri
    _press_ctrl_shift_p(qtbot, window)
    dialog = window.printer_setup
    assert dialog is not None and dialog.isVisible()
    assert "next start" in dialog.applies_note.text()
    dialog.connection.setCurrentIndex(dialog.connection.findData("tcp"))
    dialog.address.setText(f"127.0.0.1:{printer.port}")
    with qtbot.waitSignal(dialog.test_finished, timeout=20_000) as tested:
        dialog.test_button.click()
    assert str(tested.args[0]).startswith("Test page printed")
    assert b"\x1b@" in printer.job_bytes()  # the test page's bytes reached the printer

    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save()
    stored = json.loads(terminal.paths.settings_file.read_text(encoding="utf-8"))
    assert stored["printer_uri"] == printer.uri
    assert terminal.settings.printer_uri == printer.uri  # kept for the geometry saved on exit
    assert window.settings.printer_uri == printer.uri
    assert "next start" in window.statusBar().currentMessage()
    entry = audit.entries(terminal.db)[-1]
    assert (entry.actor, entry.action) == (admin.login, "settings_change")
    assert entry.detail["printer_uri"] == {"from": before, "to": printer.uri}
    assert audit.verify(terminal.db) is None


@pytest.mark.parametrize("role", [OperatorRole.CASHIER, OperatorRole.SUPERVISOR])
def test_a_cashier_or_supervisor_is_refused_with_the_reason(
    qtbot: QtBot, window: MainWindow, terminal: Terminal, role: OperatorRole
) -> None:
    who = _operator(role)
    _log_in(qtbot, window, who)
    trail = len(audit.entries(terminal.db))
    _press_ctrl_shift_p(qtbot, window)
    assert window.printer_setup is None
    assert window.statusBar().currentMessage() == (
        f"A {role.value} may not do this (change settings)"
    )
    assert len(audit.entries(terminal.db)) == trail


def test_the_service_refuses_a_cashier_and_a_bad_value_and_changes_nothing(
    terminal: Terminal,
) -> None:
    from ebill_desktop.security.approvals import NotPermittedError
    from ebill_desktop.services.login import LoginService

    login = LoginService(terminal.db)
    cashier, admin = (
        login.log_in(who.login, who.password)
        for who in (_operator(OperatorRole.CASHIER), _operator(OperatorRole.ADMINISTRATOR))
    )
    settings_file = terminal.paths.settings_file
    stored = settings_file.read_bytes() if settings_file.exists() else None
    trail = len(audit.entries(terminal.db))
    with pytest.raises(NotPermittedError, match="cashier may not"):
        terminal.settings_change(cashier).update(terminal.settings, printer_paper_mm=58)
    with pytest.raises(ValueError, match="printer_paper_mm"):
        terminal.settings_change(admin).update(terminal.settings, printer_paper_mm=61)
    assert (settings_file.read_bytes() if settings_file.exists() else None) == stored
    assert len(audit.entries(terminal.db)) == trail
    assert terminal.settings.printer_paper_mm != 61
