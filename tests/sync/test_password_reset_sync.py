"""A password reset travels from one counter to head office and on to every counter of the office.

A supervisor resets a cashier's password at counter 1; the sender posts it
(POST /api/v1/password-resets); head office stores the hash and feeds the operator; counter 2
pulls it and the cashier logs in there with the new password (the old one is refused). Also:
a reset of another office's operator goes to the attention list, and an item queued by an older
counter (no ``reset_id`` in its body) is sent under its item UUID.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from ebill_central.db.models import OperatorRow
from ebill_core.passwords import hash_password, verify_password
from ebill_core.protocol.password_reset import PasswordResetMessage
from ebill_desktop.security.credentials import find_operator
from ebill_desktop.security.password_change import PasswordService
from ebill_desktop.services.login import LoginRefused, LoginService
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.outbox import (
    OutboxKind,
    OutboxState,
    enqueue_message,
    find_item,
    pending_items,
)
from ebill_desktop.sync.puller import pull_changes
from ebill_desktop.sync.sender import OutboxSender, SendReport
from tests.sync.conftest import CentralServer, EnrolledTerminal, enrol_terminal

NEW_PASSWORD = "lotus pond at dawn"


def _pull(terminal: EnrolledTerminal) -> None:
    with terminal.connection() as connection:
        report = pull_changes(terminal.db, connection, page_size=2000)
    assert report.complete


def _send(terminal: EnrolledTerminal) -> SendReport:
    with SyncLock(terminal.paths.data_dir) as lock, terminal.connection() as connection:
        return OutboxSender(terminal.db, connection, lock).send_due()


def _central_hash(central: CentralServer, login: str) -> str:
    with central.engine.connect() as connection:
        found = connection.scalar(
            select(OperatorRow.password_hash).where(OperatorRow.login == login)
        )
        connection.rollback()
    return str(found)


def test_a_reset_at_one_counter_lets_the_cashier_log_in_at_another(
    central: CentralServer, terminal: EnrolledTerminal, tmp_path: Path
) -> None:
    second = enrol_terminal(central, tmp_path / "second")
    try:
        _pull(terminal)
        _pull(second)
        supervisor = find_operator(terminal.db, "supervisor")
        assert supervisor is not None

        PasswordService(terminal.db).reset(supervisor, "cashier", NEW_PASSWORD)
        (item,) = pending_items(terminal.db, OutboxKind.PASSWORD_RESET)
        report = _send(terminal)

        assert (report.done, report.attention, report.failure) == (1, 0, None)
        sent = find_item(terminal.db, item.item_id)
        assert sent is not None and sent.state is OutboxState.DONE
        assert sent.answer() == {
            "reset_id": item.item_id,
            "operator": "cashier",
            "status": "applied",
        }
        assert verify_password(_central_hash(central, "cashier"), NEW_PASSWORD)

        _pull(second)
        LoginService(second.db).log_in("cashier", NEW_PASSWORD)
        with pytest.raises(LoginRefused):
            LoginService(second.db).log_in("cashier", "cashier-demo")
        # The counter that reset it keeps the new hash through its own next pull.
        _pull(terminal)
        LoginService(terminal.db).log_in("cashier", NEW_PASSWORD)
    finally:
        second.db.close()


def test_a_reset_of_another_offices_operator_goes_to_the_attention_list(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    before = _central_hash(central, "cashier2")  # office SD-011; the terminal is SD-014's
    message = PasswordResetMessage(
        str(uuid.uuid4()), "cashier2", hash_password(NEW_PASSWORD), "supervisor", datetime.now(UTC)
    )
    with terminal.db.write_transaction() as connection:
        enqueue_message(connection, message)

    report = _send(terminal)

    assert (report.done, report.attention, report.failure) == (0, 1, None)
    item = find_item(terminal.db, message.reset_id)
    assert item is not None and item.state is OutboxState.ATTENTION
    assert item.last_error is not None and "another office" in item.last_error
    assert _central_hash(central, "cashier2") == before


def test_an_item_queued_without_a_reset_id_is_sent_under_its_item_uuid(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    # What counters queued before the message had a UUID of its own.
    item_id = str(uuid.uuid4())
    body = {
        "operator": "kiosk1",
        "password_hash": hash_password(NEW_PASSWORD),
        "set_by": "supervisor",
        "set_at": datetime.now(UTC).isoformat(),
    }
    with terminal.db.write_transaction() as connection:
        connection.exec_driver_sql(
            "INSERT INTO outbox (item_id, kind, terminal_seq, body_json, created_at, state, "
            "attempts) VALUES (?, 'password_reset', 1, ?, ?, 'pending', 0)",
            (item_id, json.dumps(body), datetime.now(UTC).isoformat()),
        )

    report = _send(terminal)

    assert (report.done, report.attention, report.failure) == (1, 0, None)
    item = find_item(terminal.db, item_id)
    assert item is not None and item.answer() == {
        "reset_id": item_id,
        "operator": "kiosk1",
        "status": "applied",
    }
    assert verify_password(_central_hash(central, "kiosk1"), NEW_PASSWORD)
