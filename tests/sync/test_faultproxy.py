"""Uploads through the fault proxy: each fault, then the fault clears: every item once, all done.

The first half checks that the proxy really does what each mode says (at the socket level);
the second runs the real sender through every mode against the real server.
"""

from __future__ import annotations

import contextlib
import random
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.http import CentralConnection
from ebill_desktop.sync.outbox import outbox_status
from ebill_desktop.sync.sender import OutboxSender
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.faultproxy import FaultProxy, Mode
from tests.sync.soak_sender import (
    check_exactly_once,
    enqueue_payments,
    make_payments,
    open_bills,
    server_payments,
)

HEALTH = b"GET /api/v1/health HTTP/1.1\r\nHost: test\r\n\r\n"


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    parts = urlsplit(central.base_url)
    assert parts.hostname is not None and parts.port is not None
    with FaultProxy((parts.hostname, parts.port)) as running:
        yield running


def _raw(proxy: FaultProxy, timeout: float = 5.0) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=timeout)
    sock.sendall(HEALTH)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65_536):
        chunks.append(chunk)
    return b"".join(chunks)


# -- the proxy itself ---------------------------------------------------------------------------


def test_pass_keeps_connections_alive_until_the_mode_changes(proxy: FaultProxy) -> None:
    with requests.Session() as session:
        for _ in range(3):
            assert session.get(proxy.url + "/api/v1/health", timeout=5).status_code == 200
        assert proxy.counts[Mode.PASS] == 1  # one kept-alive connection
        proxy.set_mode(Mode.HTTP_503)
        assert session.get(proxy.url + "/api/v1/health", timeout=5).status_code == 503
    assert proxy.counts[Mode.HTTP_503] == 1


def test_refuse_closes_at_once(proxy: FaultProxy) -> None:
    proxy.set_mode(Mode.REFUSE)
    # Closing with the request unread may send RST instead of FIN: refused either way.
    with _raw(proxy) as sock, contextlib.suppress(ConnectionResetError):
        assert sock.recv(100) == b""


def test_reset_comes_after_the_server_answered(proxy: FaultProxy) -> None:
    proxy.set_mode(Mode.RESET)
    with _raw(proxy) as sock, pytest.raises(ConnectionResetError):
        _read_all(sock)


def test_cut_passes_exactly_the_first_bytes(proxy: FaultProxy) -> None:
    proxy.set_mode(Mode.CUT, cut_after=17)
    with _raw(proxy) as sock:
        assert _read_all(sock) == b"HTTP/1.1 200 OK\r\n"


def test_hang_holds_until_released(proxy: FaultProxy) -> None:
    proxy.set_mode(Mode.HANG)
    with _raw(proxy, timeout=0.3) as sock:
        with pytest.raises(TimeoutError):
            sock.recv(100)
        proxy.release()
        sock.settimeout(5)
        assert sock.recv(100) == b""


def test_delay_answers_late_but_whole(proxy: FaultProxy) -> None:
    proxy.set_mode(Mode.DELAY, delay=0.3)
    started = time.monotonic()
    with _raw(proxy) as sock:
        answer = _read_all(sock)
    assert time.monotonic() - started >= 0.3
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b"}")


@pytest.mark.parametrize("mode", [Mode.HTTP_500, Mode.HTTP_503])
def test_server_errors_come_from_the_proxy(proxy: FaultProxy, mode: Mode) -> None:
    proxy.set_mode(mode)
    answer = requests.get(proxy.url + "/api/v1/health", timeout=5)
    assert answer.status_code == int(mode.value[-3:])
    assert answer.json()["error"]["code"] == "proxy_fault"


# -- the sender through each fault ---------------------------------------------------------------


class Clock:
    """Real time to start with, moved on by hand so backoff waits cost nothing."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


FAULTS: list[tuple[Mode, dict[str, Any], bool]] = [
    # mode, its options, whether the server got (and posted) the first batch anyway
    (Mode.REFUSE, {}, False),
    (Mode.HANG, {}, False),
    (Mode.RESET, {}, True),
    (Mode.CUT, {"cut_after": 20}, True),  # inside the status line
    (Mode.CUT, {"cut_after": 200}, True),  # inside the headers or the body
    (Mode.DELAY, {"delay": 1.5}, True),  # longer than the read timeout
    (Mode.HTTP_500, {}, False),
    (Mode.HTTP_503, {}, False),
]


@pytest.mark.parametrize(
    ("mode", "options", "server_got_it"),
    FAULTS,
    ids=[f"{m.value}{o.get('cut_after', '')}" for m, o, _ in FAULTS],
)
def test_after_each_fault_every_item_is_on_the_server_once_and_done(
    central: CentralServer,
    terminal: EnrolledTerminal,
    proxy: FaultProxy,
    mode: Mode,
    options: dict[str, Any],
    server_got_it: bool,
) -> None:
    tid = terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), range(1, 13), random.Random(4), tid)
    enqueue_payments(terminal.db, payments)
    clock = Clock()
    clock.now += timedelta(seconds=1)  # after the items were made
    with (
        SyncLock(terminal.paths.data_dir) as lock,
        CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 1.0)) as connection,
    ):
        sender = OutboxSender(
            terminal.db, connection, lock, batch_size=5, clock=clock, draw=lambda: 0.5
        )
        proxy.set_mode(mode, **options)
        failed = sender.send_due()
        assert proxy.counts[mode] >= 1
        assert failed.failure is not None and failed.done == 0
        assert outbox_status(terminal.db).pending == 12
        held = server_payments(central.engine, tid)
        first_batch = {p.payment_id for p in payments[:5]}
        assert set(held) == (first_batch if server_got_it else set())

        proxy.set_mode(Mode.PASS)
        assert sender.send_due().uploads == 0  # backing off: nothing goes before retry_at
        assert failed.retry_at is not None
        clock.now = failed.retry_at
        cleared = sender.send_due()
    assert (cleared.failure, cleared.done, cleared.uploads) == (None, 12, 3)
    check_exactly_once(
        central.engine, tid, terminal.db, {p.payment_id: p.terminal_seq for p in payments}
    )


def test_a_short_delay_is_only_slow(
    central: CentralServer, terminal: EnrolledTerminal, proxy: FaultProxy
) -> None:
    tid = terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), range(1, 4), random.Random(6), tid)
    enqueue_payments(terminal.db, payments)
    proxy.set_mode(Mode.DELAY, delay=0.2)
    with (
        SyncLock(terminal.paths.data_dir) as lock,
        CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 5.0)) as connection,
    ):
        report = OutboxSender(terminal.db, connection, lock).send_due()
    assert (report.failure, report.done) == (None, 3)
    assert proxy.counts[Mode.DELAY] == 1
    check_exactly_once(
        central.engine, tid, terminal.db, {p.payment_id: p.terminal_seq for p in payments}
    )
