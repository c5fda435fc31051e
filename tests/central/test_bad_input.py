"""Bad requests get a 4xx with {"error": {"code", "message"}}, never a 500, and change nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from ebill_central.db.models import EnrolmentCodeRow
from ebill_central.services.credentials import code_hash
from ebill_central.services.terminals import add_terminal
from ebill_core.protocol import error_from_wire
from tests.central.conftest import SeededUtility, bearer, enrol_terminal

JSON = {"Content-Type": "application/json"}


def _refused(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert error_from_wire(answer.json()).code == code


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b"not json", JSON, 400, "invalid_json"),
        (b"\xff\xfe{}", JSON, 400, "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, JSON, 413, "too_large"),
        (b"[" * 1500 + b"]" * 1500, JSON, 400, "invalid_json"),  # deeper than json.loads goes
        (b"[" * 900 + b"]" * 900, JSON, 422, "invalid_message"),
        (b"1" * 5000, JSON, 413, "too_large"),
        (b"9" * 4000, JSON, 422, "invalid_message"),
        (b'{"code": "AAAA-BBBB-CCCC-DDDD"}', JSON, 422, "invalid_message"),
        (b'{"code": 12, "machine_name": "pc"}', JSON, 422, "invalid_message"),
        (b'{"code": "AAAA", "machine_name": "pc"}', JSON, 422, "invalid_message"),
        (
            b'{"code": "AAAA-BBBB-CCCC-DDDD", "machine_name": "pc", "x": 1}',
            JSON,
            422,
            "invalid_message",
        ),
        (b'{"code": "AAAA-BBBB-CCCC-DDDD", "machine_name": ""}', JSON, 422, "invalid_message"),
        (
            b'{"code": "AAAA-BBBB-CCCC-DDD\\u0000", "machine_name": "pc"}',
            JSON,
            422,
            "invalid_message",
        ),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        (b"", JSON, 400, "invalid_json"),
    ],
)
def test_bad_enrolment_requests_are_refused(
    client: httpx.Client, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    _refused(client.post("/api/v1/enrol", content=body, headers=headers), status, code)


def test_a_bad_request_with_a_good_code_leaves_the_code_unused(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter bad", code_hours=1)
    answer = client.post(
        "/api/v1/enrol", json={"code": new.enrolment_code, "machine_name": "x" * 101}
    )
    _refused(answer, 422, "invalid_message")
    assert "machine_name" in answer.json()["error"]["message"]
    with seeded.engine.connect() as connection:
        used = connection.execute(
            select(EnrolmentCodeRow.used_at).where(
                EnrolmentCodeRow.code_hash == code_hash(new.enrolment_code)
            )
        ).scalar_one()
        connection.rollback()
    assert used is None
    good = client.post("/api/v1/enrol", json={"code": new.enrolment_code, "machine_name": "pc"})
    assert good.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "after=-1",
        "after=abc",
        "after=1.5",
        "after=99999999999999999999999",
        "limit=0",
        "limit=10001",
        "limit=",
        "limit=ten",
    ],
)
def test_bad_feed_parameters_are_refused(
    client: httpx.Client, seeded: SeededUtility, query: str
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    _refused(
        client.get(f"/api/v1/changes?{query}", headers=bearer(credential)),
        422,
        "invalid_request",
    )


def test_unknown_paths_and_methods_answer_json(client: httpx.Client) -> None:
    _refused(client.get("/api/v1/nothing-here"), 404, "not_found")
    _refused(client.delete("/api/v1/enrol"), 405, "method_not_allowed")
    _refused(client.post("/api/v1/changes"), 405, "method_not_allowed")
