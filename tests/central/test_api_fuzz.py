"""The API fuzzed from its own OpenAPI document: no 5xx, and every 4xx is the JSON error body.

schemathesis reads ``/api/v1/openapi.json`` from a real server on loopback and generates
requests for every operation, both fitting the schema (positive) and not (negative), once
without a credential and once with a valid terminal's. The run is deterministic
(``derandomize``, no example database) and bounded: ``EBILL_FUZZ_EXAMPLES`` examples per
operation, mode and credential (default 15: the 10 operations x 2 modes x 2 credentials x 2
backends stay near 3 minutes of the suite). For a soak run raise it, e.g.
``EBILL_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/central/test_api_fuzz.py``.

The server has a database of its own (seeded small), so fuzzed payments never touch the bills
the other tests pay, and an enrolment limit high enough that the fuzzer is not merely answered
429 (which would still pass, but would test nothing behind the limit).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Ok

from ebill_central.config import CentralSettings
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo
from tests.central.conftest import (
    SEED_TODAY,
    Databases,
    LiveServer,
    SeededUtility,
    bearer,
    enrol_terminal,
)

Operation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Any]
EXAMPLES = int(os.environ.get("EBILL_FUZZ_EXAMPLES", "15"))
FUZZ_CUSTOMERS = 20
AUTHENTICATED = {"/api/v1/changes", "/api/v1/payments", "/api/v1/terminal"}
# Cash control needs a credential too; a well-formed request there rarely fits the server's
# state (a shift close names the caller's own terminal id, an audit upload continues a real
# hash chain), so the fuzzer is not asked to reach a 2xx on these, only never a 5xx.
CASH_CONTROL = {
    "/api/v1/shift-closes",
    "/api/v1/reversals",
    "/api/v1/cheque-bounces",
    "/api/v1/audit",
}


@pytest.fixture(scope="module")
def fuzz_utility(databases: Databases) -> Iterator[SeededUtility]:
    url = databases.fresh_url()
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, FUZZ_CUSTOMERS, seed=11, today=SEED_TODAY)
    add_branch(engine, "BR-F", "Fuzz counter", "SD-014")
    seeded = SeededUtility(url, engine, CentralSettings(database_url=url, enrol_attempts=1_000_000))
    yield seeded
    engine.dispose()


@pytest.fixture(scope="module")
def fuzz_server(fuzz_utility: SeededUtility) -> Iterator[LiveServer]:
    live = LiveServer(fuzz_utility.settings, fuzz_utility.engine)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def operations(fuzz_server: LiveServer) -> list[Operation]:
    schema = schemathesis.openapi.from_url(f"{fuzz_server.base_url}/api/v1/openapi.json")
    found: list[Operation] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # a route the document describes badly
        found.append(result.ok())
    # The document must describe the whole API, or the fuzzer would quietly skip a route.
    paths = {(operation.method.upper(), operation.path) for operation in found}
    assert {
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/enrol"),
        ("GET", "/api/v1/changes"),
        ("POST", "/api/v1/payments"),
        ("GET", "/api/v1/terminal"),
        *(("POST", path) for path in CASH_CONTROL),
    } <= paths
    return found


def check_answer(case: AnyCase, status: int, content_type: str, body: bytes) -> None:
    """No 5xx; every 4xx is exactly ``{"error": {"code": str, "message": str}}``."""
    where = f"{case.method} {case.formatted_path} -> {status}: {body[:300]!r}"
    assert status < 500, where
    if status < 400:
        return
    assert content_type.split(";")[0].strip() == "application/json", where
    answer = json.loads(body)
    assert isinstance(answer, dict) and set(answer) == {"error"}, where
    error = answer["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message"}, where
    assert isinstance(error["code"], str) and error["code"], where
    assert isinstance(error["message"], str) and error["message"], where


def fuzz(
    operation: Operation, mode: GenerationMode, base_url: str, headers: dict[str, str]
) -> set[int]:
    """Send ``EXAMPLES`` generated requests for one operation, check every answer; the statuses."""
    statuses: set[int] = set()
    session = requests.Session()  # keep-alive: one connection, not one per example
    if mode.is_negative and not operation.body and not list(operation.iter_parameters()):
        return statuses  # nothing in the request to make wrong (GET /health, GET /terminal)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case: AnyCase) -> None:
        answer = case.call(base_url=base_url, session=session, headers=headers or None, timeout=30)
        statuses.add(answer.status_code)
        check_answer(
            case, answer.status_code, answer.headers.get("content-type", [""])[0], answer.content
        )

    with session:
        run()
    assert statuses, f"no request was sent for {operation.label}"
    return statuses


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzz_without_credential(
    operations: list[Operation], fuzz_server: LiveServer, mode: GenerationMode
) -> None:
    for operation in operations:
        statuses = fuzz(operation, mode, fuzz_server.base_url, {})
        if operation.path in AUTHENTICATED | CASH_CONTROL:
            assert statuses <= {401, 422}, (operation.label, statuses)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzz_with_terminal_credential(
    operations: list[Operation],
    fuzz_server: LiveServer,
    fuzz_utility: SeededUtility,
    mode: GenerationMode,
) -> None:
    with httpx.Client(base_url=fuzz_server.base_url, timeout=30) as http:
        headers = bearer(enrol_terminal(http, fuzz_utility, "BR-F"))
        # The credential really works, so the fuzzed requests get past authentication.
        assert http.get("/api/v1/terminal", headers=headers).status_code == 200
    for operation in operations:
        statuses = fuzz(operation, mode, fuzz_server.base_url, headers)
        if mode.is_positive and operation.path in AUTHENTICATED:
            # Well-formed requests with the credential must get through, not only 401s.
            assert any(200 <= status < 300 for status in statuses), (operation.label, statuses)


def test_the_error_check_can_fail() -> None:
    """The body check refuses a 5xx, HTML, and an error body of the wrong shape."""
    case = _any_case()
    good = b'{"error": {"code": "not_found", "message": "Not Found"}}'
    check_answer(case, 404, "application/json", good)
    for status, content_type, body in [
        (500, "application/json", b'{"error": {"code": "internal_error", "message": "x"}}'),
        (404, "text/html", good),
        (422, "application/json", b'{"detail": "x"}'),
        (401, "application/json", b'{"error": {"code": "x"}}'),
    ]:
        with pytest.raises(AssertionError):
            check_answer(case, status, content_type, body)


def _any_case() -> AnyCase:
    schema = schemathesis.openapi.from_dict(
        {
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}},
        }
    )
    return schema["/x"]["GET"].Case()
