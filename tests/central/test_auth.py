"""Every call after enrolment needs the terminal's credential, and sees only its scope."""

from __future__ import annotations

import httpx
import pytest

from ebill_central.services.terminals import revoke_terminal
from ebill_core.protocol import Entity, change_page_from_wire, error_from_wire
from ebill_core.records import Account, Operator
from tests.central.conftest import SeededUtility, bearer, enrol_terminal


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "credential_missing"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "credential_malformed"),
        ({"Authorization": "Bearer no-dot-here"}, "credential_malformed"),
        ({"Authorization": "Bearer x.y"}, "credential_malformed"),
        ({"Authorization": "Bearer 999999.not-the-secret"}, "credential_invalid"),
    ],
)
def test_calls_without_a_valid_credential_are_refused(
    client: httpx.Client, headers: dict[str, str], code: str
) -> None:
    for path in ("/api/v1/changes", "/api/v1/terminal"):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 401
        assert error_from_wire(answer.json()).code == code


def test_a_wrong_secret_for_a_real_terminal_is_refused(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    terminal_id, secret = credential.split(".", 1)
    wrong = f"{terminal_id}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}"
    answer = client.get("/api/v1/changes", headers=bearer(wrong))
    assert answer.status_code == 401
    assert error_from_wire(answer.json()).code == "credential_invalid"


def test_a_revoked_terminal_is_refused_at_once(client: httpx.Client, seeded: SeededUtility) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    assert client.get("/api/v1/changes?limit=1", headers=bearer(credential)).is_success
    revoke_terminal(seeded.engine, int(credential.split(".")[0]))
    answer = client.get("/api/v1/changes?limit=1", headers=bearer(credential))
    assert answer.status_code == 401
    assert error_from_wire(answer.json()).code == "terminal_revoked"


def test_a_terminal_sees_only_its_own_office_and_branch(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-B")  # office SD-011
    changes = []
    after = 0
    while True:
        page = change_page_from_wire(
            client.get(
                f"/api/v1/changes?after={after}&limit=5000", headers=bearer(credential)
            ).json()
        )
        changes.extend(page.changes)
        after = page.next_after
        if not page.more:
            break
    accounts = [c.record for c in changes if c.entity is Entity.ACCOUNT]
    assert accounts and all(isinstance(a, Account) for a in accounts)
    assert {a.office_code for a in accounts if isinstance(a, Account)} == {"SD-011"}
    operators = [c.record for c in changes if isinstance(c.record, Operator)]
    assert operators and {o.office_code for o in operators} == {"SD-011"}
    policies = {c.key for c in changes if c.entity is Entity.POLICY}
    assert policies == {"BR-B"}  # not BR-A's policy
    # Reference data goes to everyone.
    assert {c.key for c in changes if c.entity is Entity.OFFICE} >= {"SD-011", "SD-014"}
