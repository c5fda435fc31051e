"""Both sides really killed: the app mid-request (SIGKILL), then the terminal, restarted from
its state file. On the next start the app asks the terminal and reverses the sale it never
committed: the customer is not charged, and charged at most once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebill_desktop.payment_terminals.pending import CardRequestState, open_requests
from ebill_desktop.storage.database import CacheDatabase
from tests.payment_terminals.conftest import money_taken, sales
from tests.payment_terminals.test_recovery import _restarted

ROOT = Path(__file__).resolve().parents[2]

_APP = """
import sys
from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.storage.database import open_cache

cache_path, url, payment_id = sys.argv[1:4]
db = open_cache(cache_path)
service = CardTenderService(db, HttpPaymentTerminal(url, "SIM-01", timeout=(1.0, 60.0)))
print("sending", flush=True)
service.start(payment_id, TenderKind.CARD, Money(99_900, "INR"))
print("answered", flush=True)
"""


def _simulator(state_file: Path, port: int = 0) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ebill_desktop.payment_terminals.simulator",
            "--port",
            str(port),
            "--state-file",
            str(state_file),
            "--behaviour",
            "timeout",  # approves, then holds the answer: the app is killed while it waits
            "--hold-ms",
            "60000",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("payment terminal simulator listening on "), line
    return process, line.rsplit(" ", 1)[1]


def _kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        _kill(process)


def _wait_for_approval(url: str, within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if money_taken(url) > 0:
            return
        time.sleep(0.05)
    raise AssertionError("the terminal never approved the sale")


def test_killed_after_the_terminal_approved_converges_without_a_charge(
    cache: CacheDatabase,
    cache_path: Path,
    tmp_path: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    state_file = tmp_path / "terminal-state.json"
    terminal, url = _simulator(state_file)
    processes.append(terminal)
    payment_id = str(uuid.uuid4())
    app = subprocess.Popen(
        [sys.executable, "-c", _APP, str(cache_path), url, payment_id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    processes.append(app)
    assert app.stdout is not None and app.stdout.readline().strip() == "sending"
    _wait_for_approval(url, within_s=30)
    _kill(app)  # the app dies waiting for the answer: its row says pending
    [left] = open_requests(cache)
    assert (left.payment_id, left.state) == (payment_id, CardRequestState.PENDING)

    _kill(terminal)  # and the terminal restarts too, from its own journal
    port = int(url.rsplit(":", 1)[1])
    terminal, url = _simulator(state_file, port)
    processes.append(terminal)
    assert [s["state"] for s in sales(url)] == ["approved"]

    db, restarted = _restarted(cache_path, url)
    report = restarted.recover()
    assert [(r.request_id, r.state) for r in report.settled] == [
        (left.request_id, CardRequestState.REVERSED)
    ]
    assert [s["state"] for s in sales(url)] == ["reversed"]
    assert money_taken(url) == 0
    assert restarted.recover().settled == ()
    db.close()
