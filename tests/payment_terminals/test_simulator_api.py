"""The terminal simulator's HTTP API: sales, idempotency, cancel, scripts, and bad input."""

from __future__ import annotations

import json
import socket
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from ebill_desktop.payment_terminals.simulator import Outcome, TerminalSimulator
from tests.payment_terminals.conftest import DEVICE, money_taken, sales, script


def _sale(request_id: str | None = None, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "request_id": request_id or str(uuid.uuid4()),
        "amount_minor": 123_450,
        "currency": "INR",
        "kind": "card",
    }
    body.update(changes)
    return body


def _post(simulator: TerminalSimulator, path: str, body: Any) -> requests.Response:
    return requests.post(f"{simulator.url}/v1{path}", json=body, timeout=5)


def test_an_approved_card_sale_carries_only_the_permitted_details(
    simulator: TerminalSimulator,
) -> None:
    script(simulator, Outcome("approve", scheme="RUPAY", last4="4242"))
    response = _post(simulator, "/sales", _sale())
    assert response.status_code == 201
    sale = response.json()
    assert sale["state"] == "approved"
    assert (sale["scheme"], sale["last4"], sale["device_id"]) == ("RUPAY", "4242", DEVICE)
    assert len(sale["rrn"]) == 12 and sale["rrn"].isdigit()
    assert len(sale["auth_code"]) == 6
    assert set(sale) == {
        "request_id", "device_id", "kind", "amount_minor", "currency", "state", "reason",
        "scheme", "last4", "rrn", "auth_code", "payer_handle",
    }  # fmt: skip


def test_a_upi_approval_has_a_utr_and_the_payer_handle_but_no_card_details(
    simulator: TerminalSimulator,
) -> None:
    script(simulator, Outcome("approve", payer_handle="ravi.k@okbank"))
    sale = _post(simulator, "/sales", _sale(kind="upi")).json()
    assert sale["state"] == "approved" and len(sale["rrn"]) == 12
    assert sale["payer_handle"] == "ravi.k@okbank"
    assert sale["scheme"] is None and sale["last4"] is None and sale["auth_code"] is None


def test_a_sale_is_idempotent_by_request_id(simulator: TerminalSimulator) -> None:
    body = _sale()
    first = _post(simulator, "/sales", body)
    again = _post(simulator, "/sales", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert len(sales(simulator.url)) == 1
    other = _post(simulator, "/sales", {**body, "amount_minor": 1})
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "request_id_reused"
    assert money_taken(simulator.url) == 123_450


def test_decline_carries_the_reason(simulator: TerminalSimulator) -> None:
    script(simulator, Outcome("decline", reason="Insufficient funds"))
    sale = _post(simulator, "/sales", _sale()).json()
    assert (sale["state"], sale["reason"]) == ("declined", "Insufficient funds")
    assert sale["rrn"] is None and money_taken(simulator.url) == 0


def test_a_delayed_sale_is_pending_until_it_settles_and_can_be_cancelled(
    simulator: TerminalSimulator,
) -> None:
    script(simulator, Outcome("delay", delay_ms=300), Outcome("delay", delay_ms=60_000))
    settles = _post(simulator, "/sales", _sale()).json()
    assert settles["state"] == "pending"
    time.sleep(0.35)  # the simulated customer taps the card
    url = f"{simulator.url}/v1/sales/{settles['request_id']}"
    assert requests.get(url, timeout=5).json()["state"] == "approved"

    waiting = _post(simulator, "/sales", _sale()).json()
    cancelled = _post(simulator, f"/sales/{waiting['request_id']}/cancel", {}).json()
    assert cancelled["state"] == "cancelled"
    assert money_taken(simulator.url) == 123_450


def test_cancelling_an_approved_sale_reverses_it(simulator: TerminalSimulator) -> None:
    sale = _post(simulator, "/sales", _sale()).json()
    reversed_ = _post(simulator, f"/sales/{sale['request_id']}/cancel", {}).json()
    assert reversed_["state"] == "reversed"
    assert _post(simulator, f"/sales/{sale['request_id']}/cancel", {}).json()["state"] == (
        "reversed"
    )
    assert money_taken(simulator.url) == 0


def test_an_id_cancelled_before_it_arrived_can_never_be_charged(
    simulator: TerminalSimulator,
) -> None:
    request_id = str(uuid.uuid4())
    assert requests.get(f"{simulator.url}/v1/sales/{request_id}", timeout=5).status_code == 404
    assert _post(simulator, f"/sales/{request_id}/cancel", {}).json()["state"] == "cancelled"
    late = _post(simulator, "/sales", _sale(request_id))
    assert late.json()["state"] == "cancelled"
    assert money_taken(simulator.url) == 0


def test_approve_then_drop_takes_the_money_but_sends_no_answer(
    simulator: TerminalSimulator,
) -> None:
    script(simulator, Outcome("approve_then_drop"))
    body = _sale()
    with pytest.raises(requests.ConnectionError):
        _post(simulator, "/sales", body)
    status = requests.get(f"{simulator.url}/v1/sales/{body['request_id']}", timeout=5)
    assert status.json()["state"] == "approved"


def test_timeout_holds_the_answer_but_the_status_knows(simulator: TerminalSimulator) -> None:
    script(simulator, Outcome("timeout", then="decline", hold_ms=5_000))
    body = _sale()
    with pytest.raises(requests.Timeout):
        requests.post(f"{simulator.url}/v1/sales", json=body, timeout=(1, 0.5))
    status = requests.get(f"{simulator.url}/v1/sales/{body['request_id']}", timeout=5)
    assert status.json()["state"] == "declined"


def test_sales_survive_a_restart_with_a_state_file(tmp_path: Path) -> None:
    state = tmp_path / "terminal-state.json"
    with TerminalSimulator(0, state_file=state) as first:
        approved = _post(first, "/sales", _sale()).json()
    with TerminalSimulator(0, state_file=state) as second:
        url = f"{second.url}/v1/sales/{approved['request_id']}"
        assert requests.get(url, timeout=5).json() == approved
    assert json.loads(state.read_text())["version"] == 1


_BAD_SALES: list[tuple[str, object]] = [
    ("array", [1, 2]),
    ("missing amount", {"request_id": str(uuid.uuid4()), "currency": "INR", "kind": "card"}),
    ("bad uuid", _sale("not-a-uuid-at-all-not-a-uuid-at-all!")),
    ("upper-case uuid form", _sale(str(uuid.uuid4()).replace("-", ""))),
    ("zero amount", _sale(amount_minor=0)),
    ("negative amount", _sale(amount_minor=-5)),
    ("bool amount", _sale(amount_minor=True)),
    ("text amount", _sale(amount_minor="100")),
    ("float amount", _sale(amount_minor=100.5)),
    ("lower-case currency", _sale(currency="inr")),
    ("cash", _sale(kind="cash")),
    ("unknown field", _sale(note="hello")),
]


@pytest.mark.parametrize(("what", "body"), _BAD_SALES, ids=[w for w, _ in _BAD_SALES])
def test_bad_sales_get_400_with_a_json_error_and_change_nothing(
    simulator: TerminalSimulator, what: str, body: object
) -> None:
    response = _post(simulator, "/sales", body)
    assert response.status_code == 400, what
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["message"]
    assert sales(simulator.url) == []


@pytest.mark.parametrize(
    "field",
    [{"pan": "4111111111111111"}, {"card": "4111 1111 1111 1111"}, {"pan": 5500005555555559}],
)
def test_a_card_number_is_refused_and_never_echoed(
    simulator: TerminalSimulator, field: dict[str, object]
) -> None:
    response = _post(simulator, "/sales", {**_sale(), **field})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "card_number_refused"
    assert "1111" not in response.text and "5555" not in response.text
    assert sales(simulator.url) == []


def _raw(simulator: TerminalSimulator, request: bytes) -> bytes:
    host, port = simulator.server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=5) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_broken_bodies_get_json_errors(simulator: TerminalSimulator) -> None:
    not_json = requests.post(f"{simulator.url}/v1/sales", data=b"{nope", timeout=5)
    assert not_json.status_code == 400 and not_json.json()["error"]["code"] == "bad_request"
    empty = requests.post(f"{simulator.url}/v1/sales", timeout=5)
    assert empty.status_code == 400
    huge = requests.post(f"{simulator.url}/v1/sales", data=b"x" * 20_000, timeout=5)
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
    nested = requests.post(f"{simulator.url}/v1/sales", data=b"[" * 5000, timeout=5)
    assert nested.status_code == 400
    answer = _raw(
        simulator,
        b"POST /v1/sales HTTP/1.1\r\nHost: x\r\nContent-Length: nine\r\nConnection: close\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 400") and b'"bad_request"' in answer
    assert sales(simulator.url) == []


def test_unknown_addresses_methods_and_ids(simulator: TerminalSimulator) -> None:
    base = simulator.url
    assert requests.get(f"{base}/nowhere", timeout=5).status_code == 404
    assert requests.get(f"{base}/v1/nowhere", timeout=5).json()["error"]["code"] == "not_found"
    assert requests.delete(f"{base}/v1/sales", timeout=5).status_code == 405
    assert requests.patch(f"{base}/v1/health", timeout=5).status_code == 405
    assert requests.post(f"{base}/v1/sales/xyz/cancel", json={}, timeout=5).status_code == 400
    unknown = requests.get(f"{base}/v1/sales/{uuid.uuid4()}", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_sale"
    assert requests.get(f"{base}/v1/health", timeout=5).json() == {
        "status": "ok",
        "device_id": DEVICE,
    }


@pytest.mark.parametrize(
    "outcome",
    [
        {"action": "explode"},
        {"action": "delay", "delay_ms": -1},
        {"action": "approve", "last4": "12345"},
        {"action": "approve", "scheme": "<b>visa</b>"},
        {"action": "decline", "reason": ""},
        {"action": "approve", "colour": "red"},
        {"action": "decline", "reason": "card 4111111111111111 refused"},
    ],
)
def test_bad_outcomes_are_refused_and_the_script_is_unchanged(
    simulator: TerminalSimulator, outcome: dict[str, object]
) -> None:
    response = _post(simulator, "/control/script", {"outcomes": [{"action": "decline"}, outcome]})
    assert response.status_code == 400 and "error" in response.json()
    sale = _post(simulator, "/sales", _sale()).json()
    assert sale["state"] == "approved"  # the default; the good first outcome was not queued


def test_the_default_outcome_can_be_changed_and_the_script_cleared(
    simulator: TerminalSimulator,
) -> None:
    put = requests.put(f"{simulator.url}/v1/control/default", json={"action": "decline"}, timeout=5)
    assert put.status_code == 200
    script(simulator, Outcome("approve"))
    assert requests.delete(f"{simulator.url}/v1/control/script", timeout=5).json() == {"queued": 0}
    assert _post(simulator, "/sales", _sale()).json()["state"] == "declined"


def test_the_command_line_refuses_a_state_file_it_did_not_write(tmp_path: Path) -> None:
    from ebill_desktop.payment_terminals.simulator import main

    state = tmp_path / "state.json"
    state.write_text('{"version": 1, "sales": [{"colour": "red"}]}')
    assert main(["--port", "0", "--state-file", str(state)]) == 2
