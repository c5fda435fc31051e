"""Requests that once answered 500 (found while fuzzing the API): now a clean 4xx or reject."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from ebill_central.db.models import PaymentRow
from ebill_central.services.terminals import add_terminal
from ebill_core.protocol import PaymentStatus, batch_result_from_wire, error_from_wire
from tests.central.conftest import SeededUtility, bearer, enrol_terminal


def _payment(taken_at: str, seq: int, receipt_no: str = "R-1") -> dict[str, object]:
    return {
        "payment_id": str(uuid.uuid4()),
        "terminal_seq": seq,
        "receipt_no": receipt_no,
        "account_no": "099999999999",  # unknown: suspense, touches no shared account
        "taken_at": taken_at,
        "operator": "cashier",
        "offline": True,
        "tenders": [
            {
                "kind": "cash",
                "amount": {"minor": 500, "currency": "INR"},
                "reference": None,
                "bank": None,
                "instrument_date": None,
            }
        ],
        "allocations": [],
    }


def _stored(seeded: SeededUtility, payment_id: object) -> int:
    with seeded.engine.connect() as connection:
        count = connection.execute(
            select(func.count()).select_from(PaymentRow).where(PaymentRow.payment_id == payment_id)
        ).scalar_one()
        connection.rollback()
    return int(count)


@pytest.mark.parametrize(
    "taken_at",
    [
        "0001-01-01T00:00:00+05:30",  # before year 1 in UTC
        "9999-12-31T23:59:59-12:00",  # after year 9999 in UTC
    ],
)
def test_a_time_outside_the_utc_range_is_rejected_not_a_500(
    client: httpx.Client, seeded: SeededUtility, taken_at: str
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bad = _payment(taken_at, 1)
    answer = client.post("/api/v1/payments", json={"payments": [bad]}, headers=bearer(credential))
    assert answer.status_code == 200, answer.text
    [outcome] = batch_result_from_wire(answer.json()).outcomes
    assert outcome.status is PaymentStatus.REJECTED
    assert outcome.error_code == "invalid_message"
    assert "payments[0].taken_at" in (outcome.message or "")
    assert _stored(seeded, bad["payment_id"]) == 0


def test_the_earliest_time_that_fits_in_utc_is_still_accepted(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    good = _payment("0001-01-01T05:30:00+05:30", 1)  # exactly 0001-01-01T00:00Z
    answer = client.post("/api/v1/payments", json={"payments": [good]}, headers=bearer(credential))
    assert answer.status_code == 200, answer.text
    [outcome] = batch_result_from_wire(answer.json()).outcomes
    assert outcome.status is not PaymentStatus.REJECTED, outcome
    assert _stored(seeded, good["payment_id"]) == 1


def _raw_post(
    client: httpx.Client, path: str, body: str, headers: dict[str, str]
) -> httpx.Response:
    return client.post(
        path, content=body.encode("ascii"), headers={**headers, "content-type": "application/json"}
    )


def test_a_lone_surrogate_escape_in_a_payment_is_invalid_json(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    unreadable = {"payments": [{"payment_id": "PLACEHOLDER"}]}
    # A lone surrogate in an unreadable item (it was kept for review) and in a readable one.
    lone_in_id = json.dumps(unreadable).replace("PLACEHOLDER", "\\ud800")
    item = _payment("2026-11-16T10:30:00+05:30", 1)
    lone_in_receipt = json.dumps({"payments": [item]}).replace('"R-1"', '"R\\udc00"')
    for body in (lone_in_id, lone_in_receipt):
        answer = _raw_post(client, "/api/v1/payments", body, bearer(credential))
        assert answer.status_code == 400, answer.text
        assert error_from_wire(answer.json()).code == "invalid_json"
    assert _stored(seeded, item["payment_id"]) == 0


def test_a_lone_surrogate_escape_in_an_enrolment_is_invalid_json_and_uses_no_code(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", f"Counter {uuid.uuid4().hex[:6]}", code_hours=1)
    body = json.dumps({"code": new.enrolment_code, "machine_name": "pc-\\ud83d"})
    answer = _raw_post(client, "/api/v1/enrol", body.replace("\\\\", "\\"), {})
    assert answer.status_code == 400, answer.text
    assert error_from_wire(answer.json()).code == "invalid_json"
    # A paired escape (an emoji) is ordinary text; the code was not used by the refusal.
    paired = json.dumps({"code": new.enrolment_code, "machine_name": "pc-\U0001f600"})
    answer = _raw_post(client, "/api/v1/enrol", paired, {})
    assert answer.status_code == 200, answer.text
