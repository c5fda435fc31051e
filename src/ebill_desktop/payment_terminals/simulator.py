"""A payment terminal (card reader and UPI/QR collector) simulated as a small HTTP service.

The demo and the tests talk to it exactly as the counter would talk to a real terminal's
cloud/LAN API, over loopback. Standard library only (the desktop package never imports a
server framework)::

    python -m ebill_desktop.payment_terminals.simulator --port 8765 --behaviour approve

API (JSON in and out; every error is ``{"error": {"code", "message"}}`` with a 4xx status):

* ``POST /v1/sales`` ``{"request_id": UUID, "amount_minor": int, "currency": "INR",
  "kind": "card"|"upi"}``: start a sale. Idempotent by ``request_id``: the same body again gets
  the sale as it stands (200), a different body gets 409. New sales get 201.
* ``GET /v1/sales/<request_id>``: the sale as it stands (404 if the terminal never got it).
* ``POST /v1/sales/<request_id>/cancel``: a pending sale is ``cancelled``; an approved one is
  ``reversed`` (voided: no money is taken); a finished one is returned unchanged. An unknown id is
  recorded as ``cancelled``, so a request still on its way can never be charged afterwards.
* ``POST /v1/control/script`` ``{"outcomes": [...]}``: the next sales' outcomes, in order;
  ``DELETE /v1/control/script`` forgets them; ``PUT /v1/control/default`` sets the outcome used
  when the script is empty; ``GET /v1/control/sales`` lists every sale (to check for double
  charges); ``GET /v1/health``.

An outcome is ``{"action": ..., ...}``:

* ``approve`` (optional ``scheme``, ``last4``, ``payer_handle``), ``decline`` (``reason``):
  settled at once and answered;
* ``delay`` (``delay_ms``, ``then``: approve|decline): answered ``pending`` at once; the sale
  settles ``delay_ms`` later (the customer taking time to tap or to approve on the phone);
* ``timeout`` (``then``, ``hold_ms``): the sale settles as ``then`` but the answer never comes:
  the connection is held ``hold_ms`` and closed without a response;
* ``approve_then_drop``: approved, then the connection is closed without a response.

A sale never holds a card number: the terminal reads the card itself and answers only the scheme,
the last 4 digits, the RRN and the authorisation code (UPI: the UTR as RRN and, optionally, the
payer's handle). A body holding anything that looks like a card number is refused. With
``--state-file`` the sales survive a restart (written atomically after every change), so "the app
crashed after the approval" can be tested across restarts of either side.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import secrets
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import asdict, dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

API = "/v1"
KINDS = ("card", "upi")
ACTIONS = ("approve", "decline", "delay", "timeout", "approve_then_drop")
SETTLEMENTS = ("approve", "decline")
MAX_BODY = 16_384
MAX_AMOUNT_MINOR = 99_999_999_999  # 12 digits: nothing an amount can be looks like a card number
MAX_DELAY_MS = 3_600_000
MAX_SCRIPT = 1000
DEFAULT_REASON = "Declined by the card issuer"
DEFAULT_HOLD_MS = 30_000
CARD_SCHEMES = ("VISA", "MASTERCARD", "RUPAY")
# 13 to 19 digits, possibly grouped by spaces or hyphens: the shape of a card number.
CARD_NUMBER_LIKE = re.compile(r"(?<![0-9])(?<![0-9][ -])(?:[0-9][ -]?){12,18}[0-9](?![ -]?[0-9])")
_HANDLE = re.compile(r"^[A-Za-z0-9._-]{2,40}@[A-Za-z0-9.-]{2,30}$")
_SCHEME = re.compile(r"^[A-Z][A-Z0-9_-]{1,19}$")


class ApiError(Exception):
    """A request the simulator refuses: the HTTP status, a code and a message for people."""

    def __init__(self, status: HTTPStatus, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the terminal does with the next sale (see the module's notes)."""

    action: str = "approve"
    then: str = "approve"  # how a delayed or unanswered sale settles
    reason: str = DEFAULT_REASON
    delay_ms: int = 0
    hold_ms: int = DEFAULT_HOLD_MS
    scheme: str | None = None
    last4: str | None = None
    payer_handle: str | None = None

    @property
    def settles_as(self) -> str:
        return self.action if self.action in SETTLEMENTS else self.then


@dataclass(slots=True)
class Sale:
    """One sale as the terminal keeps it; ``amount_minor`` is None for a cancelled unknown id."""

    request_id: str
    kind: str | None
    amount_minor: int | None
    currency: str | None
    state: str  # pending | approved | declined | cancelled | reversed
    created_at: float
    settle_at: float | None = None
    settle_as: str | None = None
    reason: str | None = None
    scheme: str | None = None
    last4: str | None = None
    rrn: str | None = None
    auth_code: str | None = None
    payer_handle: str | None = None
    wanted_last4: str | None = None  # from the script, used when the sale settles
    wanted_scheme: str | None = None
    wanted_handle: str | None = None

    def public(self, device_id: str) -> dict[str, object]:
        """What the API answers about the sale (never anything but the permitted details)."""
        return {
            "request_id": self.request_id,
            "device_id": device_id,
            "kind": self.kind,
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "state": self.state,
            "reason": self.reason,
            "scheme": self.scheme,
            "last4": self.last4,
            "rrn": self.rrn,
            "auth_code": self.auth_code,
            "payer_handle": self.payer_handle,
        }


# -- checking input -------------------------------------------------------------------------


def _bad(message: str, code: str = "bad_request") -> ApiError:
    return ApiError(HTTPStatus.BAD_REQUEST, code, message)


def _object(body: object, allowed: set[str], what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _bad(f"{what} is a JSON object")
    for key, value in body.items():
        if key != "request_id" and CARD_NUMBER_LIKE.search(f"{key} {value}"):
            raise _bad(
                "A card number is never sent to the terminal: it reads the card itself.",
                "card_number_refused",
            )
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise _bad(f"{what}: unknown field(s) {', '.join(unknown)[:200]}")
    return body


def _whole(body: dict[str, Any], key: str, low: int, high: int, default: int | None = None) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(f"{key} is a whole number from {low} to {high}")
    return value


def _choice(body: dict[str, Any], key: str, options: tuple[str, ...], default: str | None) -> str:
    value = body.get(key, default)
    if value not in options:
        raise _bad(f"{key} is one of {', '.join(options)}")
    return str(value)


def _text(body: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _bad(f"{key} is not in the expected form")
    return value


def parse_sale(body: object) -> tuple[str, str, int, str]:
    """``(request_id, kind, amount_minor, currency)`` of a create-sale body, checked strictly."""
    fields = _object(body, {"request_id", "kind", "amount_minor", "currency"}, "a sale")
    request_id = fields.get("request_id")
    if not isinstance(request_id, str) or len(request_id) != 36:
        raise _bad("request_id is a UUID in the form 8-4-4-4-12")
    try:
        canonical = str(uuid.UUID(request_id))
    except ValueError:
        raise _bad("request_id is a UUID in the form 8-4-4-4-12") from None
    if canonical != request_id.lower():
        raise _bad("request_id is a UUID in the form 8-4-4-4-12")
    kind = _choice(fields, "kind", KINDS, None)
    amount = _whole(fields, "amount_minor", 1, MAX_AMOUNT_MINOR)
    currency = fields.get("currency")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise _bad("currency is a three-letter ISO 4217 code such as INR")
    return canonical, kind, amount, currency


def parse_outcome(body: object) -> Outcome:
    """An :class:`Outcome` from the control API, checked strictly."""
    allowed = {f for f in Outcome.__dataclass_fields__}
    fields = _object(body, allowed, "an outcome")
    reason = fields.get("reason", DEFAULT_REASON)
    if not isinstance(reason, str) or not 1 <= len(reason) <= 100:
        raise _bad("reason is text of 1 to 100 characters")
    return Outcome(
        action=_choice(fields, "action", ACTIONS, None),
        then=_choice(fields, "then", SETTLEMENTS, "approve"),
        reason=reason,
        delay_ms=_whole(fields, "delay_ms", 0, MAX_DELAY_MS, 0),
        hold_ms=_whole(fields, "hold_ms", 0, MAX_DELAY_MS, DEFAULT_HOLD_MS),
        scheme=_text(fields, "scheme", _SCHEME),
        last4=_text(fields, "last4", re.compile(r"[0-9]{4}")),
        payer_handle=_text(fields, "payer_handle", _HANDLE),
    )


# -- the terminal's book of sales -------------------------------------------------------------


def _digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def _auth_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class SaleBook:
    """The terminal's sales, the scripted outcomes, and the optional state file; thread-safe."""

    def __init__(self, default: Outcome, state_file: Path | None = None) -> None:
        self.default = default
        self._state_file = state_file
        self._sales: dict[str, Sale] = {}
        self._script: deque[Outcome] = deque()
        self._lock = threading.Lock()
        if state_file is not None and state_file.exists():
            self._load(state_file)

    def create(self, body: object) -> tuple[Sale, Outcome | None, bool]:
        """Start (or find again) a sale: ``(sale, outcome for a new sale, created)``."""
        request_id, kind, amount, currency = parse_sale(body)
        with self._lock:
            sale = self._sales.get(request_id)
            if sale is not None:
                if sale.amount_minor is not None and (
                    (sale.kind, sale.amount_minor, sale.currency) != (kind, amount, currency)
                ):
                    raise ApiError(
                        HTTPStatus.CONFLICT,
                        "request_id_reused",
                        "This request_id was used for a different sale.",
                    )
                return self._settled(sale), None, False
            outcome = self._script.popleft() if self._script else self.default
            now = time.time()
            sale = Sale(request_id, kind, amount, currency, "pending", now)
            sale.wanted_last4, sale.wanted_scheme = outcome.last4, outcome.scheme
            sale.wanted_handle = outcome.payer_handle
            if outcome.action == "delay":
                sale.settle_at, sale.settle_as = now + outcome.delay_ms / 1000, outcome.then
            else:
                self._settle(sale, outcome.settles_as, outcome.reason)
            self._sales[request_id] = sale
            self._save()
            return replace(sale), outcome, True

    def get(self, request_id: str) -> Sale | None:
        with self._lock:
            sale = self._sales.get(request_id)
            return None if sale is None else self._settled(sale)

    def cancel(self, request_id: str) -> Sale:
        """Cancel a pending sale, reverse an approved one; record an unknown id as cancelled."""
        with self._lock:
            sale = self._sales.get(request_id)
            if sale is None:
                sale = Sale(request_id, None, None, None, "cancelled", time.time())
                sale.reason = "Cancelled before the request reached the terminal"
                self._sales[request_id] = sale
            else:
                self._settled(sale)
                if sale.state == "pending":
                    sale.state, sale.reason, sale.settle_at = "cancelled", "Cancelled", None
                elif sale.state == "approved":
                    sale.state, sale.reason = "reversed", "Reversed: no money was taken"
            self._save()
            return replace(sale)

    def script(self, outcomes: list[Outcome]) -> int:
        with self._lock:
            if len(self._script) + len(outcomes) > MAX_SCRIPT:
                raise _bad(f"at most {MAX_SCRIPT} outcomes can wait in the script")
            self._script.extend(outcomes)
            return len(self._script)

    def clear_script(self) -> None:
        with self._lock:
            self._script.clear()

    def set_default(self, outcome: Outcome) -> None:
        with self._lock:
            self.default = outcome

    def all_sales(self) -> list[Sale]:
        with self._lock:
            return [self._settled(sale) for sale in self._sales.values()]

    # -- inside the lock ----------------------------------------------------------------------

    def _settled(self, sale: Sale) -> Sale:
        """The sale, settled first if its delay is over (settling is lazy: no timers)."""
        if sale.state == "pending" and sale.settle_at is not None and time.time() >= sale.settle_at:
            self._settle(sale, sale.settle_as or "approve", DEFAULT_REASON)
            self._save()
        return replace(sale)

    @staticmethod
    def _settle(sale: Sale, how: str, reason: str) -> None:
        sale.settle_at = None
        if how == "decline":
            sale.state, sale.reason = "declined", reason
            return
        sale.state, sale.reason, sale.rrn = "approved", None, _digits(12)
        if sale.kind == "card":
            sale.scheme = sale.wanted_scheme or secrets.choice(CARD_SCHEMES)
            sale.last4 = sale.wanted_last4 or _digits(4)
            sale.auth_code = _auth_code()
        else:
            sale.payer_handle = sale.wanted_handle

    def _save(self) -> None:
        if self._state_file is None:
            return
        text = json.dumps({"version": 1, "sales": [asdict(s) for s in self._sales.values()]})
        temporary = self._state_file.with_name(self._state_file.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._state_file)

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data["sales"]:
            sale = Sale(**raw)
            self._sales[sale.request_id] = sale


# -- HTTP ------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: SimulatorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _serve(self, method: str) -> None:
        try:
            body = self._body() if method in ("POST", "PUT") else None
            self._route(method, self.path.split("?", 1)[0], body)
        except ApiError as error:
            self._answer(error.status, {"error": {"code": error.code, "message": error.message}})

    def _body(self) -> object:
        length_text = self.headers.get("Content-Length", "0")
        if not length_text.isdigit():
            raise _bad("Content-Length is a number")
        length = int(length_text)
        if length > MAX_BODY:
            self.close_connection = True  # the unread body must not be taken as a request
            raise ApiError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "body too large")
        raw = self.rfile.read(length)
        if not raw:
            raise _bad("a JSON body is required")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise _bad("the body is not valid JSON") from None

    def _route(self, method: str, path: str, body: object) -> None:
        book, device = self.server.book, self.server.device_id
        parts = path.rstrip("/").split("/")[1:]  # "/v1/sales/x" -> ["v1", "sales", "x"]
        if parts[:1] != [API.strip("/")]:
            raise ApiError(HTTPStatus.NOT_FOUND, "not_found", "no such address")
        route = parts[1:]
        if route == ["health"] and method == "GET":
            self._answer(HTTPStatus.OK, {"status": "ok", "device_id": device})
        elif route == ["sales"] and method == "POST":
            self._create(body)
        elif len(route) == 2 and route[0] == "sales" and method == "GET":
            sale = book.get(route[1])
            if sale is None:
                raise ApiError(HTTPStatus.NOT_FOUND, "unknown_sale", "no sale with that id")
            self._answer(HTTPStatus.OK, sale.public(device))
        elif len(route) == 3 and route[0] == "sales" and route[2] == "cancel" and method == "POST":
            self._answer(HTTPStatus.OK, book.cancel(_request_id(route[1])).public(device))
        elif route[:1] == ["control"]:
            self._control(method, route[1:], body)
        elif route[:1] in (["sales"], ["health"]):
            raise ApiError(HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "wrong method")
        else:
            raise ApiError(HTTPStatus.NOT_FOUND, "not_found", "no such address")

    def _create(self, body: object) -> None:
        sale, outcome, created = self.server.book.create(body)
        status = HTTPStatus.CREATED if created else HTTPStatus.OK
        answer = sale.public(self.server.device_id)
        if outcome is not None and outcome.action == "timeout":
            # The sale is settled, but its answer never comes: hold, then hang up.
            self.server.stopping.wait(outcome.hold_ms / 1000)
            self._hang_up()
        elif outcome is not None and outcome.action == "approve_then_drop":
            self._hang_up()
        else:
            self._answer(status, answer)

    def _control(self, method: str, route: list[str], body: object) -> None:
        book = self.server.book
        if route == ["script"] and method == "POST":
            fields = _object(body, {"outcomes"}, "a script")
            items = fields.get("outcomes")
            if not isinstance(items, list) or not items:
                raise _bad("outcomes is a non-empty list")
            queued = book.script([parse_outcome(item) for item in items])
            self._answer(HTTPStatus.OK, {"queued": queued})
        elif route == ["script"] and method == "DELETE":
            book.clear_script()
            self._answer(HTTPStatus.OK, {"queued": 0})
        elif route == ["default"] and method == "PUT":
            book.set_default(parse_outcome(body))
            self._answer(HTTPStatus.OK, {"default": asdict(book.default)})
        elif route == ["sales"] and method == "GET":
            sales = [s.public(self.server.device_id) for s in book.all_sales()]
            self._answer(HTTPStatus.OK, {"sales": sales})
        else:
            raise ApiError(HTTPStatus.NOT_FOUND, "not_found", "no such control address")

    def _answer(self, status: HTTPStatus, body: object) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):  # the client may have gone away already
            self.connection.shutdown(socket.SHUT_RDWR)


def _request_id(text: str) -> str:
    try:
        canonical = str(uuid.UUID(text))
    except ValueError:
        raise _bad("the sale id is a UUID in the form 8-4-4-4-12") from None
    if len(text) != 36 or canonical != text.lower():
        raise _bad("the sale id is a UUID in the form 8-4-4-4-12")
    return canonical


class SimulatorServer(ThreadingHTTPServer):
    """The HTTP server, holding the sale book and the event that releases held answers."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], book: SaleBook, device_id: str) -> None:
        super().__init__(address, _Handler)
        self.book = book
        self.device_id = device_id
        self.stopping = threading.Event()


class TerminalSimulator:
    """A simulator running on a background thread (what the tests and the demo start)."""

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        default: Outcome | None = None,
        state_file: Path | None = None,
        device_id: str = "SIM-01",
    ) -> None:
        self.book = SaleBook(default or Outcome(), state_file)
        self.server = SimulatorServer((host, port), self.book, device_id)
        self._thread = threading.Thread(target=self._serve, name="terminal-simulator", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _serve(self) -> None:
        # A short poll interval: stop() (every test's teardown) returns within 50 ms.
        self.server.serve_forever(poll_interval=0.05)

    def start(self) -> TerminalSimulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> TerminalSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ebill_desktop.payment_terminals.simulator",
        description="A payment terminal simulator (card and UPI) on an HTTP port.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free port)")
    parser.add_argument("--behaviour", choices=ACTIONS, default="approve")
    parser.add_argument("--then", choices=SETTLEMENTS, default="approve")
    parser.add_argument("--decline-reason", default=DEFAULT_REASON)
    parser.add_argument("--delay-ms", type=int, default=3000)
    parser.add_argument("--hold-ms", type=int, default=DEFAULT_HOLD_MS)
    parser.add_argument("--state-file", type=Path, help="keep the sales in this JSON file")
    parser.add_argument("--device-id", default="SIM-01")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; prints the address it listens on first (tests read it)."""
    args = _arguments(argv)
    try:
        default = parse_outcome(
            {
                "action": args.behaviour,
                "then": args.then,
                "reason": args.decline_reason,
                "delay_ms": args.delay_ms,
                "hold_ms": args.hold_ms,
            }
        )
    except ApiError as error:
        print(f"error: {error.message}")
        return 2
    try:
        simulator = TerminalSimulator(
            args.port,
            host=args.host,
            default=default,
            state_file=args.state_file,
            device_id=args.device_id,
        )
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port} or read the state file: {error}")
        return 2
    except (ValueError, KeyError, TypeError) as error:
        print(f"error: the state file {args.state_file} is not one this simulator wrote: {error}")
        return 2
    print(f"payment terminal simulator listening on {simulator.url}", flush=True)
    try:
        simulator.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.server.stopping.set()
        simulator.server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
