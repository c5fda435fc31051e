"""The sender against a real central server on loopback: posted, suspense, conflicts, gaps."""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Iterator

import pytest

from ebill_core.protocol import payment_to_wire
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.outbox import (
    Resolution,
    attention_items,
    find_item,
    outbox_status,
    resolve_attention,
)
from ebill_desktop.sync.sender import OutboxSender, SendReport
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.soak_sender import (
    check_exactly_once,
    enqueue_payments,
    make_payments,
    open_bills,
    server_payments,
)


@pytest.fixture
def lock(terminal: EnrolledTerminal) -> Iterator[SyncLock]:
    with SyncLock(terminal.paths.data_dir) as held:
        yield held


def _send(terminal: EnrolledTerminal, lock: SyncLock) -> SendReport:
    with terminal.connection() as connection:
        return OutboxSender(terminal.db, connection, lock, batch_size=4).send_due()


def test_every_payment_is_posted_once_and_done_with_its_answer(
    central: CentralServer, terminal: EnrolledTerminal, lock: SyncLock
) -> None:
    tid = terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), range(1, 11), random.Random(1), tid)
    unknown = dataclasses.replace(
        make_payments(open_bills(central.engine), [11], random.Random(2), tid)[0],
        account_no="999999999999",
        allocations=(),
    )
    enqueue_payments(terminal.db, [*payments, unknown])
    report = _send(terminal, lock)
    assert (report.done, report.attention, report.uploads, report.failure) == (11, 0, 3, None)
    expected = {p.payment_id: p.terminal_seq for p in [*payments, unknown]}
    check_exactly_once(central.engine, tid, terminal.db, expected)
    answer = find_item(terminal.db, unknown.payment_id).answer()  # type: ignore[union-attr]
    assert answer is not None and answer["status"] == "suspense"
    assert report.gaps == ()
    # Nothing is left to send, and a second pass sends nothing.
    assert _send(terminal, lock).uploads == 0


def test_conflicts_go_to_attention_and_do_not_block_the_rest(
    central: CentralServer, terminal: EnrolledTerminal, lock: SyncLock
) -> None:
    tid = terminal.identity.terminal_id
    bills = open_bills(central.engine)
    payments = make_payments(bills, range(1, 9), random.Random(5), tid)
    # Head office already holds payment 2's UUID with other content, and sequence number 3.
    first_uuid = dataclasses.replace(payments[1], terminal_seq=50, receipt_no="OTHER-50")
    first_seq = dataclasses.replace(payments[2], payment_id=str(uuid.uuid4()))
    with terminal.connection() as connection:
        connection.request(
            "POST",
            "/payments",
            json_body={"payments": [payment_to_wire(first_uuid), payment_to_wire(first_seq)]},
        )
    enqueue_payments(terminal.db, payments)
    report = _send(terminal, lock)
    assert (report.done, report.attention, report.failure) == (6, 2, None)
    listed = {item.item_id: item for item in attention_items(terminal.db)}
    assert set(listed) == {payments[1].payment_id, payments[2].payment_id}
    assert "payment_id_reused" in (listed[payments[1].payment_id].last_error or "")
    assert "terminal_seq_reused" in (listed[payments[2].payment_id].last_error or "")
    held = server_payments(central.engine, tid)
    assert held[payments[1].payment_id] == 50  # the first one stays; nothing was doubled
    assert payments[2].payment_id not in held
    for later in payments[3:]:
        assert held[later.payment_id] == later.terminal_seq
    # A supervisor sets one aside and retries the other: the retry is the same conflict again.
    with terminal.db.write_transaction() as connection:
        resolve_attention(connection, payments[1].payment_id, Resolution.SET_ASIDE, "HO: dup")
        resolve_attention(connection, payments[2].payment_id, Resolution.RETRY, "try again")
    again = _send(terminal, lock)
    assert (again.uploads, again.attention) == (1, 1)
    status = outbox_status(terminal.db)
    assert (status.pending, status.attention) == (0, 1)


def test_the_servers_sequence_gaps_are_reported(
    central: CentralServer, terminal: EnrolledTerminal, lock: SyncLock
) -> None:
    tid = terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), [1, 2, 5, 9], random.Random(8), tid)
    enqueue_payments(terminal.db, payments)
    report = _send(terminal, lock)
    assert report.done == 4
    assert report.gaps == ((3, 4), (6, 8))
