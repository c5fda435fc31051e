"""POST /api/v1/password-resets on a live server, on SQLite and PostgreSQL: the hash goes on the
operator and into the feed; resends, conflicts, another office and unknown operators."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from ebill_central.db.models import AttentionRow, ChangeRow, OperatorRow
from ebill_central.db.models.password_resets import PasswordResetRow
from ebill_central.services.organisation import add_operator
from ebill_core.passwords import hash_password, verify_password
from tests.central.conftest import SeededUtility, bearer, enrol_terminal

PATH = "/api/v1/password-resets"
AT = datetime(2026, 11, 16, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def new_hash() -> str:
    return hash_password("a brand new passphrase")


def _operator(seeded: SeededUtility, office: str = "SD-014") -> str:
    login = f"pr-{uuid.uuid4().hex[:10]}"
    add_operator(seeded.engine, login, "Reset Person", "cashier", office, "the old passphrase")
    return login


def _reset(login: str, password_hash: str, at: datetime = AT) -> dict[str, object]:
    return {
        "reset_id": str(uuid.uuid4()),
        "operator": login,
        "password_hash": password_hash,
        "set_by": "supervisor1",
        "set_at": at.isoformat(),
    }


def _stored_hash(seeded: SeededUtility, login: str) -> str:
    with seeded.engine.connect() as connection:
        found = connection.execute(
            select(OperatorRow.password_hash).where(OperatorRow.login == login)
        ).scalar_one()
        connection.rollback()
    return str(found)


def _feed_payloads(seeded: SeededUtility, login: str) -> list[dict[str, object]]:
    with seeded.engine.connect() as connection:
        rows = connection.execute(
            select(ChangeRow.scope, ChangeRow.payload)
            .where(ChangeRow.entity == "operator", ChangeRow.key == login)
            .order_by(ChangeRow.change_id)
        ).all()
        connection.rollback()
    return [{"scope": scope, **json.loads(payload)} for scope, payload in rows]


def _reset_rows(seeded: SeededUtility, login: str) -> int:
    with seeded.engine.connect() as connection:
        count = len(
            connection.execute(
                select(PasswordResetRow.reset_id).where(PasswordResetRow.operator == login)
            ).all()
        )
        connection.rollback()
    return count


def test_a_reset_is_stored_on_the_operator_and_fed_to_the_office(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))
    login = _operator(seeded)
    body = _reset(login, new_hash)

    answer = client.post(PATH, json=body, headers=auth)

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"reset_id": body["reset_id"], "operator": login, "status": "applied"}
    assert _stored_hash(seeded, login) == new_hash
    feed = _feed_payloads(seeded, login)
    assert len(feed) == 2  # created, then reset
    assert feed[-1]["scope"] == "office:SD-014"
    assert feed[-1]["password_hash"] == new_hash
    assert verify_password(str(feed[-1]["password_hash"]), "a brand new passphrase")

    # A resend (keys in another order) gets the first answer and changes nothing more.
    again = client.post(PATH, json=dict(reversed(list(body.items()))), headers=auth)
    assert again.status_code == 200 and again.json() == answer.json()
    assert len(_feed_payloads(seeded, login)) == 2


def test_the_same_uuid_with_another_body_is_a_conflict(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))
    login = _operator(seeded)
    body = _reset(login, new_hash)
    assert client.post(PATH, json=body, headers=auth).status_code == 200

    other = hash_password("yet another passphrase")
    refused = client.post(PATH, json={**body, "password_hash": other}, headers=auth)

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "reset_id_reused"
    assert _stored_hash(seeded, login) == new_hash
    assert _reset_rows(seeded, login) == 1


def test_an_operator_of_another_office_is_refused_and_nothing_is_stored(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))  # office SD-014
    login = _operator(seeded, "SD-011")
    before = _stored_hash(seeded, login)

    refused = client.post(PATH, json=_reset(login, new_hash), headers=auth)

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "other_office"
    assert _stored_hash(seeded, login) == before
    assert _reset_rows(seeded, login) == 0
    assert len(_feed_payloads(seeded, login)) == 1  # only its creation


def test_an_unknown_operator_raises_an_attention_item(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))
    login = f"ghost-{uuid.uuid4().hex[:8]}"
    body = _reset(login, new_hash)

    answer = client.post(PATH, json=body, headers=auth)

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "unknown_operator"
    with seeded.engine.connect() as connection:
        items = connection.execute(
            select(AttentionRow.kind, AttentionRow.detail).where(AttentionRow.subject == login)
        ).all()
        connection.rollback()
    assert len(items) == 1 and items[0][0] == "password_reset"
    assert body["reset_id"] in items[0][1]
    assert client.post(PATH, json=body, headers=auth).json() == answer.json()


def test_an_earlier_reset_arriving_late_does_not_undo_a_later_one(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))
    login = _operator(seeded)
    earlier_hash = hash_password("the earlier passphrase")
    later = client.post(PATH, json=_reset(login, new_hash, AT + timedelta(hours=1)), headers=auth)
    earlier = client.post(PATH, json=_reset(login, earlier_hash, AT), headers=auth)

    assert later.json()["status"] == "applied"
    assert earlier.status_code == 200 and earlier.json()["status"] == "superseded"
    assert _stored_hash(seeded, login) == new_hash
    assert len(_feed_payloads(seeded, login)) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"password_hash": "$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY"},
            "password_hash",
        ),
        ({"password_hash": "a plain password, never"}, "password_hash"),
        ({"reset_id": "not-a-uuid"}, "reset_id"),
        ({"set_at": "2026-11-16T06:00:00"}, "set_at"),
        ({"operator": ""}, "operator"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_messages_are_refused_and_change_nothing(
    client: httpx.Client,
    seeded: SeededUtility,
    new_hash: str,
    change: dict[str, object],
    field: str,
) -> None:
    auth = bearer(enrol_terminal(client, seeded, "BR-A"))
    login = _operator(seeded)
    before = _stored_hash(seeded, login)

    refused = client.post(PATH, json={**_reset(login, new_hash), **change}, headers=auth)

    assert refused.status_code == 422, refused.text
    assert field in refused.text
    assert _stored_hash(seeded, login) == before
    assert _reset_rows(seeded, login) == 0


def test_a_reset_needs_a_terminal_credential(
    client: httpx.Client, seeded: SeededUtility, new_hash: str
) -> None:
    login = _operator(seeded)
    refused = client.post(PATH, json=_reset(login, new_hash))
    assert refused.status_code == 401
    assert _reset_rows(seeded, login) == 0
