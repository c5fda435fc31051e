"""The printer set-up dialog, offscreen, against the fake network printer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ebill_desktop.config import Settings, SettingsStore
from ebill_desktop.ui.printer_setup import PrinterSetupDialog, printer_uri
from ebill_desktop.ui.tasks import TaskRunner
from tests.printing.fake_printer import FakeNetworkPrinter, unreachable_uri


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def _dialog(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, settings: Settings
) -> PrinterSetupDialog:
    dialog = PrinterSetupDialog(settings, SettingsStore(tmp_path / "settings.json"), runner)
    qtbot.addWidget(dialog)
    return dialog


def _choose(dialog: PrinterSetupDialog, kind: str) -> None:
    dialog.connection.setCurrentIndex(dialog.connection.findData(kind))


@pytest.mark.parametrize(
    ("kind", "address", "uri"),
    [
        ("tcp", " 10.0.0.5:9100 ", "tcp://10.0.0.5:9100"),
        ("usb", "04b8:0202", "usb://04b8:0202"),
        ("serial", "/dev/ttyUSB0", "serial:///dev/ttyUSB0?baud=9600"),
        ("file", "/dev/usb/lp0", "file:///dev/usb/lp0"),
        ("cups", "Receipts", "cups://Receipts"),
        ("virtual", "", "virtual:"),
        ("virtual", "demo", "virtual://demo"),
    ],
)
def test_printer_uri(kind: str, address: str, uri: str) -> None:
    assert printer_uri(kind, address) == uri


def test_dialog_shows_the_stored_printer(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    settings = Settings(printer_uri="serial:///dev/ttyS1?baud=19200", printer_paper_mm=58)
    dialog = _dialog(qtbot, runner, tmp_path, settings)
    assert dialog.connection.currentData() == "serial"
    assert dialog.address.text() == "/dev/ttyS1"
    assert dialog.baud.currentData() == 19200 and dialog.baud.isEnabled()
    assert dialog.paper.currentData() == 58
    assert dialog.uri_label.text() == "serial:///dev/ttyS1?baud=19200"
    _choose(dialog, "tcp")
    assert not dialog.baud.isEnabled()
    assert dialog.address.placeholderText().startswith("192.168.1.50")


def test_test_page_prints_off_the_ui_thread(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, fake_printer: FakeNetworkPrinter
) -> None:
    dialog = _dialog(qtbot, runner, tmp_path, Settings())
    _choose(dialog, "tcp")
    dialog.address.setText(f"127.0.0.1:{fake_printer.port}")
    with qtbot.waitSignal(dialog.test_finished, timeout=10_000) as signal:
        dialog.test_button.click()
        assert not dialog.test_button.isEnabled()  # busy while the page prints
    assert signal.args == ["Test page printed. Printer: ready; paper ok"]
    assert dialog.test_button.isEnabled()
    assert b"PRINTER TEST" in fake_printer.job_bytes()


def test_test_page_failure_is_shown(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, runner, tmp_path, Settings())
    _choose(dialog, "tcp")
    dialog.address.setText(unreachable_uri().removeprefix("tcp://"))
    with qtbot.waitSignal(dialog.test_finished, timeout=10_000) as signal:
        dialog.test_button.click()
    assert signal.args[0].startswith("Test page NOT printed: printer 127.0.0.1")
    assert "unreachable" in dialog.message.text()


def test_bad_address_is_explained_and_not_saved(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, runner, tmp_path, Settings())
    _choose(dialog, "usb")
    dialog.address.setText("epson")
    dialog.save()
    assert "4 hex digits" in dialog.message.text()
    assert not (tmp_path / "settings.json").exists()
    dialog.print_test_page()  # refused the same way, nothing started
    assert not runner.is_busy()


def test_save_writes_the_settings(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, runner, tmp_path, Settings(terminal_id="T07"))
    assert dialog.baud.currentData() == 9600  # the usual factory setting
    _choose(dialog, "tcp")
    dialog.address.setText("192.168.1.50")
    dialog.paper.setCurrentIndex(dialog.paper.findData(58))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as signal:
        dialog.save()
    saved: Settings = signal.args[0]
    assert (saved.printer_uri, saved.printer_paper_mm, saved.terminal_id) == (
        "tcp://192.168.1.50",
        58,
        "T07",
    )
    stored = json.loads((tmp_path / "settings.json").read_text())
    assert stored["printer_uri"] == "tcp://192.168.1.50"
    assert SettingsStore(tmp_path / "settings.json").load().settings == saved


def test_a_bad_stored_printer_setting_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "printer_uri": "lpt1", "printer_paper_mm": 76}))
    loaded = SettingsStore(path).load()
    assert loaded.settings.printer_uri is None and loaded.settings.printer_paper_mm == 80
    assert loaded.problem is not None and "printer_uri" in loaded.problem
