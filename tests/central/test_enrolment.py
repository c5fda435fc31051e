"""Enrolment: a one-time code, used once, before it expires, at a limited rate."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from ebill_central.api.ratelimit import AttemptLimiter
from ebill_central.db.models import EnrolmentCodeRow, TerminalRow
from ebill_central.errors import TooManyAttemptsError
from ebill_central.services.credentials import code_hash
from ebill_central.services.terminals import add_terminal, revoke_terminal
from ebill_core.protocol import enrol_response_from_wire, error_from_wire
from tests.central.conftest import LiveServer, SeededUtility, bearer


def _enrol(client: httpx.Client, code: str) -> httpx.Response:
    return client.post("/api/v1/enrol", json={"code": code, "machine_name": "pc-7"})


def _error_code(answer: httpx.Response) -> str:
    return error_from_wire(answer.json()).code


def test_a_good_code_gives_a_working_credential_stored_only_hashed(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter 1", code_hours=1)
    answer = _enrol(client, new.enrolment_code.lower().replace("-", " "))  # as typed
    assert answer.status_code == 200, answer.text
    enrolled = enrol_response_from_wire(answer.json())
    assert (enrolled.terminal_id, enrolled.branch_code) == (new.terminal_id, "BR-A")
    assert enrolled.office_code == "SD-014"
    me = client.get("/api/v1/terminal", headers=bearer(enrolled.credential))
    assert me.status_code == 200
    assert me.json()["terminal_id"] == new.terminal_id
    assert me.json()["policy"]["max_per_payment"] == {"minor": 1_000_000, "currency": "INR"}
    with seeded.engine.connect() as connection:
        stored = connection.execute(
            select(TerminalRow.secret_hash, TerminalRow.machine_name).where(
                TerminalRow.terminal_id == new.terminal_id
            )
        ).one()
        connection.rollback()
    secret = enrolled.credential.split(".", 1)[1]
    assert stored.secret_hash is not None and secret not in stored.secret_hash
    assert stored.machine_name == "pc-7"


def test_a_code_works_only_once(client: httpx.Client, seeded: SeededUtility) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter 2", code_hours=1)
    first = _enrol(client, new.enrolment_code)
    assert first.status_code == 200
    again = _enrol(client, new.enrolment_code)
    assert again.status_code == 401
    assert _error_code(again) == "enrolment_code_used"
    # The first credential still works: a replayed code does not disturb the terminal.
    assert client.get("/api/v1/terminal", headers=bearer(first.json()["credential"])).is_success


def test_an_expired_code_is_refused(client: httpx.Client, seeded: SeededUtility) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=3)
    new = add_terminal(seeded.engine, "BR-A", "Counter 3", code_hours=2, now=long_ago)
    answer = _enrol(client, new.enrolment_code)
    assert answer.status_code == 401
    assert _error_code(answer) == "enrolment_code_expired"
    _assert_unused(seeded, new.enrolment_code)


def test_a_wrong_code_is_refused(client: httpx.Client) -> None:
    answer = _enrol(client, "AAAA-BBBB-CCCC-DDDD")
    assert answer.status_code == 401
    assert _error_code(answer) == "enrolment_code_invalid"


def test_the_code_of_a_revoked_terminal_is_refused(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter 4", code_hours=1)
    revoke_terminal(seeded.engine, new.terminal_id)
    answer = _enrol(client, new.enrolment_code)
    assert answer.status_code == 401
    assert _error_code(answer) == "terminal_revoked"
    _assert_unused(seeded, new.enrolment_code)


def test_enrolment_attempts_are_limited_per_address(
    strict_server: LiveServer, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter 5", code_hours=1)
    with httpx.Client(base_url=strict_server.base_url) as client:
        for _ in range(3):
            assert _enrol(client, "AAAA-BBBB-CCCC-DDDD").status_code == 401
        limited = _enrol(client, new.enrolment_code)
        assert limited.status_code == 429
        assert _error_code(limited) == "too_many_attempts"
        assert int(limited.headers["Retry-After"]) >= 1
    # Refused before it was looked at: the good code is still unused.
    _assert_unused(seeded, new.enrolment_code)


def _assert_unused(seeded: SeededUtility, code: str) -> None:
    with seeded.engine.connect() as connection:
        used = connection.execute(
            select(EnrolmentCodeRow.used_at).where(EnrolmentCodeRow.code_hash == code_hash(code))
        ).scalar_one()
        connection.rollback()
    assert used is None


def test_two_enrolments_racing_with_one_code_give_one_credential(
    server: LiveServer, seeded: SeededUtility
) -> None:
    new = add_terminal(seeded.engine, "BR-A", "Counter race", code_hours=1)
    start = threading.Barrier(4)
    answers: list[httpx.Response] = []

    def attempt() -> None:
        with httpx.Client(base_url=server.base_url, timeout=30) as own:
            start.wait()
            answers.append(_enrol(own, new.enrolment_code))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 401, 401, 401]
    assert {_error_code(a) for a in answers if a.status_code == 401} == {"enrolment_code_used"}


def test_the_attempt_limit_opens_again_when_the_window_moves() -> None:
    now = [1000.0]
    limiter = AttemptLimiter(2, 60.0, clock=lambda: now[0])
    limiter.attempt("10.0.0.1")
    limiter.attempt("10.0.0.1")
    with pytest.raises(TooManyAttemptsError) as refused:
        limiter.attempt("10.0.0.1")
    assert refused.value.retry_after == 60
    limiter.attempt("10.0.0.2")  # another address has its own count
    now[0] += 30
    with pytest.raises(TooManyAttemptsError) as still:
        limiter.attempt("10.0.0.1")
    assert still.value.retry_after == 30
    now[0] += 30.5
    limiter.attempt("10.0.0.1")
