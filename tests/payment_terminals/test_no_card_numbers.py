"""Nothing but last 4, scheme, RRN and auth code is ever stored, logged or sent.

Two ways in are tried: every normal flow against the simulator, and a rogue terminal that puts
card numbers where only the permitted details belong (and in its error messages). Afterwards
the SQLite file (every value, and the raw bytes of the file and its WAL), the log records and
every message the service returned are searched for anything shaped like a card number.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.payment_terminals.adapter import redact_card_numbers
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.pending import CardRequest, CardRequestState
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.payment_terminals.simulator import Outcome, TerminalSimulator
from ebill_desktop.storage.database import CacheDatabase
from tests.payment_terminals.conftest import (
    DEVICE,
    TIMEOUT,
    card_numbers_in,
    new_payment_id,
    script,
)

AMOUNT = Money(75_000, "INR")
PANS = ("4111111111111111", "5500005555555559", "378282246310005")


def _database_values(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        values: list[str] = []
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                values.extend(str(v) for v in row if v is not None)
    return values


def _assert_clean(path: Path, texts: list[str]) -> None:
    for value in [*_database_values(path), *texts]:
        assert card_numbers_in(value) == [], value
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            raw = file.read_bytes()
            for pan in PANS:
                assert pan.encode() not in raw


def _messages(requests: list[CardRequest]) -> list[str]:
    return [repr(r) for r in requests] + [r.error or "" for r in requests]


def test_normal_flows_leave_no_card_number_anywhere(
    service: CardTenderService,
    simulator: TerminalSimulator,
    cache: CacheDatabase,
    cache_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    script(
        simulator,
        Outcome("approve"),
        Outcome("decline", reason="Insufficient funds"),
        Outcome("timeout", hold_ms=0),
        Outcome("approve_then_drop"),
        Outcome("delay", delay_ms=60_000),
        Outcome("approve", payer_handle="asha@okaxis"),
    )
    seen = [service.start(new_payment_id(), TenderKind.CARD, AMOUNT) for _ in range(5)]
    seen.append(service.start(new_payment_id(), TenderKind.UPI, AMOUNT))
    seen.append(service.cancel(seen[0].request_id))
    seen.append(service.cancel(seen[4].request_id))
    seen.extend(CardTenderService(cache, service.terminal).recover().settled)
    assert {r.state for r in seen} >= {
        CardRequestState.APPROVED,
        CardRequestState.DECLINED,
        CardRequestState.REVERSED,
        CardRequestState.CANCELLED,
    }
    _assert_clean(cache_path, [caplog.text, *_messages(seen)])


class _Rogue(BaseHTTPRequestHandler):
    """A terminal that answers whatever the test queued, card numbers included."""

    answers: ClassVar[list[tuple[int, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        status, answer = self.answers.pop(0) if self.answers else (200, {"state": "pending"})
        self._send(status, {"request_id": body.get("request_id"), **answer})

    def do_GET(self) -> None:
        self._send(500, {"error": {"code": "oops", "message": f"card {PANS[2]} unreadable"}})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def rogue() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Rogue)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


_APPROVED = {"state": "approved", "kind": "card", "scheme": "VISA", "last4": "1111"}
_ROGUE_ANSWERS: list[tuple[int, dict[str, Any]]] = [
    (200, {**_APPROVED, "last4": PANS[0], "rrn": "123456789012", "auth_code": "A1B2C3"}),
    (200, {**_APPROVED, "rrn": PANS[1], "auth_code": "A1B2C3"}),
    (200, {**_APPROVED, "rrn": "123456789012", "auth_code": PANS[0]}),
    (200, {"state": "declined", "reason": f"card {PANS[0]} declined"}),
    (200, {"state": "declined", "reason": "card 4111 1111 1111 1111 declined"}),
    (500, {"error": {"code": "x", "message": f"failed for {PANS[1]}"}}),
    (200, {"state": "approved", "kind": "upi", "rrn": "123456789012"}),  # asked for a card
    (200, {**_APPROVED, "rrn": "123456789012", "auth_code": "A1B2C3", "pan": PANS[2]}),
]


def test_a_rogue_terminal_cannot_get_a_card_number_stored_or_logged(
    rogue: str, cache: CacheDatabase, cache_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _Rogue.answers = list(_ROGUE_ANSWERS)
    service = CardTenderService(cache, HttpPaymentTerminal(rogue, DEVICE, timeout=TIMEOUT))
    seen = [service.start(new_payment_id(), TenderKind.CARD, AMOUNT) for _ in _ROGUE_ANSWERS]
    states = [r.state for r in seen]
    # Unreadable approvals (and one of the wrong kind) stay pending: asked again, never guessed;
    # declines are recorded; the last is a proper approval whose extra "pan" field is ignored.
    assert states == [CardRequestState.PENDING] * 3 + [CardRequestState.DECLINED] * 2 + [
        CardRequestState.PENDING,
        CardRequestState.PENDING,
        CardRequestState.APPROVED,
    ]
    assert seen[-1].tender().card_last4 == "1111"
    _assert_clean(cache_path, [caplog.text, *_messages(seen)])


def test_redaction_keeps_uuids_and_short_numbers() -> None:
    text = "sale 0b9d2f4e-1234-4567-8901-234567890123 for 150000 paise, rrn 123456789012"
    assert redact_card_numbers(text) == text
    assert redact_card_numbers(f"pan {PANS[0]}!") == "pan [number removed]!"
    assert redact_card_numbers("5500-0055-5555-5559") == "[number removed]"
    assert len(redact_card_numbers("x" * 1000)) == 300
