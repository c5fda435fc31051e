"""The composition root's wiring: payment-terminal settings, the audit chain's start, card/UPI
recovery at start-up, and the shift menu (F9) given to the window after the first log-in."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.app import (
    AUDIT_CHAIN_KEY,
    Terminal,
    build_services,
    payment_terminal_of,
    start_audit_chain,
    start_card_recovery,
    virtual_printer_name,
)
from ebill_desktop.config import Settings, SettingsStore
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.pending import CardRequestState, load
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.payment_terminals.simulator import TerminalSimulator
from ebill_desktop.printing.virtual import virtual_printer
from ebill_desktop.security import audit
from ebill_desktop.ui.counter_app import CounterStart, build_window
from ebill_desktop.ui.counter_services import DemoCredential
from ebill_desktop.ui.tasks import TaskRunner

DEVICE = "SIM-T"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("payment_terminal_url", "ftp://127.0.0.1:8765"),
        ("payment_terminal_url", "http://"),
        ("payment_terminal_url", "http://127.0.0.1:8765/?x=1"),
        ("payment_terminal_url", "http://127.0.0.1:port"),
        ("payment_terminal_url", " http://127.0.0.1:8765"),
        ("payment_terminal_device_id", ""),
        ("payment_terminal_device_id", "two words"),
        ("payment_terminal_device_id", "x" * 41),
        ("payment_terminal_device_id", 7),
    ],
)
def test_bad_payment_terminal_settings_are_refused_and_change_nothing(
    data_dir: Path, name: str, value: object
) -> None:
    store = SettingsStore(data_dir / "settings.json")
    store.save(Settings())
    before = store.path.read_bytes()
    with pytest.raises(ValueError, match=name):
        store.update(Settings(), **{name: value})
    assert store.path.read_bytes() == before


def test_a_bad_payment_terminal_in_the_file_falls_back_to_card_and_upi_off(data_dir: Path) -> None:
    path = data_dir / "settings.json"
    path.write_text(
        json.dumps({"version": 2, "payment_terminal_url": "telnet://x", "terminal_id": "T09"}),
        encoding="utf-8",
    )
    loaded = SettingsStore(path).load()
    assert loaded.settings.payment_terminal_url is None and loaded.settings.terminal_id == "T09"
    assert loaded.problem is not None and "payment_terminal_url" in loaded.problem
    assert payment_terminal_of(loaded.settings) is None


def test_the_payment_terminal_is_on_only_with_both_settings() -> None:
    url = "http://127.0.0.1:8765"
    assert payment_terminal_of(Settings()) is None
    assert payment_terminal_of(Settings(payment_terminal_url=url)) is None  # no device id: off
    both = Settings(payment_terminal_url=url, payment_terminal_device_id=DEVICE)
    assert payment_terminal_of(both) == (url, DEVICE)


def test_the_audit_chain_is_started_once_with_the_terminals_identity(terminal: Terminal) -> None:
    assert AUDIT_CHAIN_KEY == audit.CHAIN_KEY
    assert audit.recorded_identity(terminal.db) is None
    start_audit_chain(terminal.db, Settings(central_terminal_id=7))
    start_audit_chain(terminal.db, Settings(central_terminal_id=8))  # later starts: unchanged
    assert audit.recorded_identity(terminal.db) == "terminal:7"


def test_card_recovery_runs_on_its_own_thread_and_undoes_an_uncommitted_approval(
    terminal: Terminal,
) -> None:
    with TerminalSimulator(0, device_id=DEVICE) as simulator:
        earlier_run = CardTenderService(terminal.db, HttpPaymentTerminal(simulator.url, DEVICE))
        request = earlier_run.start(str(uuid.uuid4()), TenderKind.CARD, Money(50_000, "INR"))
        assert request.state is CardRequestState.APPROVED  # ... and the app died here
        services = build_services(terminal.db, payment_terminal=(simulator.url, DEVICE))
        thread = start_card_recovery(services.cards)
        assert thread is not None and thread.name == "ebill-card-recovery"
        thread.join(20)
        assert not thread.is_alive()
        sales = requests.get(f"{simulator.url}/v1/control/sales", timeout=5).json()["sales"]
    found = load(terminal.db, request.request_id)
    assert found is not None and found.state is CardRequestState.REVERSED
    assert [s["state"] for s in sales] == ["reversed"]  # no money kept without a payment
    assert start_card_recovery(None) is None  # no terminal set up: nothing to recover


def test_virtual_printer_names() -> None:
    assert virtual_printer_name(None) is None
    assert virtual_printer_name("tcp://10.0.0.5:9100") is None
    assert virtual_printer_name("virtual:") == "default"
    assert virtual_printer_name("virtual://demo") == "demo"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(10_000)
    tasks.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_shift_menu_comes_after_the_first_log_in_with_printer_and_pdf_folder(
    qtbot: QtBot, terminal: Terminal, runner: TaskRunner, tmp_path: Path
) -> None:
    printer_name = f"wiring-{uuid.uuid4().hex[:8]}"
    services = build_services(
        terminal.db,
        settings=terminal.settings,
        printer_uri=f"virtual://{printer_name}",
        shifts=True,
        z_report_folder=tmp_path / "z-reports",
    )
    cashier = OPERATORS[0]
    start = CounterStart(
        services=services,
        settings=terminal.settings,
        keep_geometry=lambda _geometry: None,
        demo_credentials=[DemoCredential(cashier.login, cashier.password, "", "cashier")],
    )
    window = build_window(start, runner)
    qtbot.addWidget(window)
    window.show()
    assert window.shift_menu is None  # the login screen loads none of it
    assert ("F9", "Shift: open, drop, pay-out, X report, close") in window.help.shortcuts()
    login = window.login_view
    login.operator_field.setText(cashier.login)
    login.password_field.setText(cashier.password)
    with qtbot.waitSignal(login.logged_in, timeout=20_000):
        login.submit()
    qtbot.waitUntil(lambda: window.shift_menu is not None, timeout=20_000)
    assert services.make_shift_tools is not None
    tools = services.make_shift_tools()
    assert tools.pdf_folder == tmp_path / "z-reports"
    assert tools.shifts.current() is None  # no shift open in the demo cache
    assert tools.send is not None
    tools.send(b"\x1b@X report")  # X/Z reports go to the counter's receipt printer
    assert [job.data for job in virtual_printer(printer_name).jobs()] == [b"\x1b@X report"]
    window.close()
