"""Transports against real endpoints: a loopback TCP printer, a pseudo-terminal standing in
for a serial/device printer, a file, and CUPS's ``lp`` command."""

from __future__ import annotations

import importlib.util
import os
import select
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ebill_desktop.printing.status import PaperState
from ebill_desktop.printing.transports import (
    PrinterUnavailableError,
    Timeouts,
    open_transport,
    query_status,
)
from tests.printing.fake_printer import FakeNetworkPrinter, unreachable_uri

FAST = Timeouts(connect=1.0, send=1.0, status=0.3)


def test_network_printer_takes_bytes_and_answers_status(fake_printer: FakeNetworkPrinter) -> None:
    with open_transport(fake_printer.uri, FAST) as transport:
        status = query_status(transport)
        transport.write(b"hello printer\n")
        again = query_status(transport)
    assert status.answered and status.can_print and status.paper is PaperState.OK
    assert again.describe() == "ready; paper ok"
    deadline = time.monotonic() + 2
    while fake_printer.job_bytes() != b"hello printer\n" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake_printer.job_bytes() == b"hello printer\n"


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        ("out_of_paper", "the printer is out of paper"),
        ("cover_open", "the printer's cover is open"),
    ],
)
def test_network_status_problems(
    make_printer: Callable[..., FakeNetworkPrinter], mode: str, problem: str
) -> None:
    printer = make_printer(mode)
    with open_transport(printer.uri, FAST) as transport:
        status = query_status(transport)
    assert status.answered and not status.can_print
    assert status.problem == problem


def test_a_printer_that_never_answers_status_is_unknown_not_broken(
    make_printer: Callable[..., FakeNetworkPrinter],
) -> None:
    printer = make_printer("silent")
    started = time.monotonic()
    with open_transport(printer.uri, FAST) as transport:
        status = query_status(transport)
    assert not status.answered and status.can_print
    assert time.monotonic() - started < 1.5  # one unanswered question, not three


def test_unreachable_network_printer_fails_fast_with_a_clear_error() -> None:
    uri = unreachable_uri()
    started = time.monotonic()
    with pytest.raises(PrinterUnavailableError, match="unreachable"):
        open_transport(uri, FAST).open()
    assert time.monotonic() - started < 2


# -- a pseudo-terminal as a serial or device printer -----------------------------------------


@pytest.fixture
def pty_printer() -> Iterator[tuple[str, bytearray]]:
    """A pty whose far end behaves as a printer: records bytes, answers DLE EOT with 'ok'."""
    if sys.platform == "win32":
        pytest.skip("pseudo-terminals are POSIX")
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)  # no line discipline: bytes pass both ways at once, as on a device
    path = os.ttyname(slave)
    received = bytearray()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            received.extend(chunk)
            for _ in range(chunk.count(b"\x10\x04")):
                os.write(master, b"\x12")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield path, received
    stop.set()
    thread.join(2)
    os.close(slave)
    os.close(master)


def _wait_for(received: bytearray, expected: bytes) -> None:
    deadline = time.monotonic() + 2
    while expected not in received and time.monotonic() < deadline:
        time.sleep(0.01)
    assert expected in received


def test_serial_port_gets_bytes_and_answers_status(pty_printer: tuple[str, bytearray]) -> None:
    path, received = pty_printer
    with open_transport(f"serial://{path}?baud=19200", FAST) as transport:
        status = query_status(transport)
        transport.write(b"via serial\n")
    assert status.answered and status.paper is PaperState.OK
    _wait_for(received, b"via serial\n")


def test_device_node_gets_bytes_and_answers_status(pty_printer: tuple[str, bytearray]) -> None:
    path, received = pty_printer
    with open_transport(f"file://{path}", FAST) as transport:
        assert query_status(transport).answered
        transport.write(b"via device\n")
    _wait_for(received, b"via device\n")


def test_plain_file_gets_exactly_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "printer.bin"
    target.write_bytes(b"")
    with open_transport(f"file://{target}", FAST) as transport:
        assert not query_status(transport).answered  # no queries written into the file
        transport.write(b"\x1b@receipt")
    assert target.read_bytes() == b"\x1b@receipt"


def test_missing_device_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PrinterUnavailableError, match="cannot open"):
        open_transport(f"file://{tmp_path}/no/such/lp0", FAST).open()


def test_serial_on_something_that_is_not_a_tty(tmp_path: Path) -> None:
    target = tmp_path / "not-a-tty"
    target.write_bytes(b"")
    with pytest.raises(PrinterUnavailableError, match="not a usable serial port"):
        open_transport(f"serial://{target}", FAST).open()


# -- CUPS ---------------------------------------------------------------------------------------


def _fake_lp(folder: Path, script: str) -> None:
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(0o755)


def test_cups_sends_raw_through_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "job"
    _fake_lp(
        tmp_path, f'echo "$@" > {record}.args\n/bin/cat > {record}\necho "request id is Q-1"\n'
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    with open_transport("cups://Receipts", FAST) as transport:
        assert not query_status(transport).answered
        transport.write(b"\x1b@cups job")
    assert record.read_bytes() == b"\x1b@cups job"
    assert Path(f"{record}.args").read_text().split() == ["-d", "Receipts", "-o", "raw"]


def test_cups_refusal_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_lp(
        tmp_path,
        '/bin/cat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n',
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterUnavailableError, match="does not exist"):
        open_transport("cups://Nope", FAST).write(b"x")


def test_cups_without_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterUnavailableError, match="'lp' command"):
        open_transport("cups://Receipts", FAST).write(b"x")


@pytest.mark.skipif(importlib.util.find_spec("usb") is not None, reason="pyusb is installed")
def test_usb_without_pyusb_says_what_to_do() -> None:
    with pytest.raises(PrinterUnavailableError, match="pyusb"):
        open_transport("usb://04b8:0202", FAST).open()


def test_bad_time_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        Timeouts(connect=0)
