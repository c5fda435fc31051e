"""A payment terminal reached over HTTP: the simulator's API (see ``simulator.py``).

Short timeouts: a counter cannot wait half a minute for a dead terminal. Every way a call can go
wrong (refused, timed out, reset, a 5xx, a body that is not the expected JSON) becomes
:class:`~ebill_desktop.payment_terminals.adapter.Unknown`, and the caller asks the status again;
nothing here decides a sale was approved or declined unless the terminal said so.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from ebill_core.protocol.payments import TenderKind
from ebill_desktop.payment_terminals.adapter import (
    ApprovalDetails,
    Approved,
    Cancelled,
    Declined,
    NotFound,
    Pending,
    SaleRequest,
    TerminalDataError,
    TerminalResult,
    Unknown,
    redact_card_numbers,
)
from ebill_desktop.sync.http import check_server_url

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (1.0, 5.0)  # (connect, read) seconds
API = "/v1"


class HttpPaymentTerminal:
    """A terminal at ``base_url`` (e.g. ``http://127.0.0.1:8765``) with the id ``device_id``.

    Safe to call from several threads: each call uses its own HTTP session.
    """

    def __init__(
        self, base_url: str, device_id: str, timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ) -> None:
        self.base_url = check_server_url(base_url)
        self._device_id = device_id
        self.timeout = timeout

    @property
    def device_id(self) -> str:
        return self._device_id

    def request(self, sale: SaleRequest) -> TerminalResult:
        body = {
            "request_id": sale.request_id,
            "amount_minor": sale.amount.minor,
            "currency": sale.amount.currency,
            "kind": sale.kind.value,
        }
        return self._call("POST", "/sales", body, sale.kind.value)

    def status(self, request_id: str) -> TerminalResult:
        return self._call("GET", f"/sales/{request_id}", None, None)

    def cancel(self, request_id: str) -> TerminalResult:
        return self._call("POST", f"/sales/{request_id}/cancel", {}, None)

    def _call(self, method: str, path: str, body: Any, kind: str | None) -> TerminalResult:
        try:
            with requests.Session() as session:
                session.trust_env = False  # no proxy between the counter and its terminal
                response = session.request(
                    method, self.base_url + API + path, json=body, timeout=self.timeout
                )
                payload = response.json() if response.content else None
        except requests.Timeout:
            return self._unknown(method, path, "the terminal did not answer in time")
        except requests.RequestException as error:
            return self._unknown(
                method, path, f"no answer from the terminal ({type(error).__name__})"
            )
        except ValueError:
            return self._unknown(method, path, "the terminal's answer is not JSON")
        if response.status_code == 404 and method == "GET":
            return NotFound()
        if response.status_code in (400, 413, 422) and method == "POST" and kind is not None:
            # The terminal read the request and refused it: no sale exists, no money was taken.
            return Declined(f"The terminal refused the request: {_error_text(payload)}")
        if not 200 <= response.status_code < 300:
            reason = f"HTTP {response.status_code}: {_error_text(payload)}"
            return self._unknown(method, path, reason)
        return self._result(payload, method, path)

    def _result(self, payload: Any, method: str, path: str) -> TerminalResult:
        try:
            return sale_result(payload)
        except TerminalDataError as error:
            return self._unknown(method, path, f"unreadable answer: {error}")

    @staticmethod
    def _unknown(method: str, path: str, reason: str) -> Unknown:
        reason = redact_card_numbers(reason)
        log.warning("payment terminal %s %s: %s", method, path, reason)
        return Unknown(reason)


def _error_text(payload: object) -> str:
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        message = payload["error"].get("message")
        if isinstance(message, str):
            return redact_card_numbers(message)
    return "no reason given"


def sale_result(payload: object) -> TerminalResult:
    """The result a sale record of the terminal's API stands for; TerminalDataError if unclear."""
    if not isinstance(payload, dict):
        raise TerminalDataError("a sale is a JSON object")
    state = payload.get("state")
    if state == "approved":
        kind, rrn = payload.get("kind"), payload.get("rrn")
        if kind not in ("card", "upi") or not isinstance(rrn, str):
            raise TerminalDataError("an approval names its kind (card or upi) and its RRN")
        details = ApprovalDetails(
            rrn=rrn,
            scheme=payload.get("scheme"),
            last4=payload.get("last4"),
            auth_code=payload.get("auth_code"),
        )
        details.check_for(TenderKind(kind))
        return Approved(details)
    if state == "declined":
        reason = payload.get("reason")
        text = reason if isinstance(reason, str) and reason else "Declined"
        return Declined(redact_card_numbers(text)[:100])
    if state == "pending":
        return Pending()
    if state in ("cancelled", "reversed"):
        return Cancelled(reversed=state == "reversed")
    raise TerminalDataError("the sale's state is not one this program knows")
