"""The outbox table: written with its record or not at all, read in order, bad input refused."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebill_core.protocol import PaymentMessage, payment_to_wire
from ebill_desktop.storage.database import CacheDatabase, open_cache, set_sync_value
from ebill_desktop.sync.outbox import (
    Answer,
    DuplicateItemError,
    OutboxEntry,
    OutboxError,
    OutboxKind,
    OutboxState,
    Resolution,
    attention_items,
    enqueue,
    find_item,
    hold_back,
    next_due,
    outbox_status,
    payment_entry,
    pending_items,
    record_answers,
    resolve_attention,
)
from tests.sync.soak_sender import OpenBill, make_payments

BILLS = [OpenBill("014000000001", "B-1", 1, 120_000), OpenBill("014000000002", "B-2", 2, 9_000)]
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(data_dir: Path) -> Iterator[CacheDatabase]:
    cache = open_cache(data_dir / "cache.sqlite3")
    yield cache
    cache.close()


def _payments(*seqs: int, seed: int | None = None) -> list[PaymentMessage]:
    # Different sequence numbers give different UUIDs unless a test asks for the same seed.
    return make_payments(BILLS, seqs, random.Random(repr(seqs) if seed is None else seed))


def _rows(db: CacheDatabase) -> int:
    return int(db.reader().execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def test_an_item_is_committed_with_its_record_and_rolled_back_with_it(db: CacheDatabase) -> None:
    kept, lost = _payments(1, 2)
    with db.write_transaction() as connection:
        set_sync_value(connection, "receipt-1", "payment record")
        enqueue(connection, kept, now=T0)

    class CrashError(Exception):
        pass

    with pytest.raises(CrashError), db.write_transaction() as connection:
        set_sync_value(connection, "receipt-2", "payment record")
        enqueue(connection, lost, now=T0)
        raise CrashError

    assert db.sync_value("receipt-1") == "payment record"
    assert find_item(db, kept.payment_id) is not None
    assert db.sync_value("receipt-2") is None
    assert find_item(db, lost.payment_id) is None
    assert _rows(db) == 1


def test_the_stored_body_is_the_payment_on_the_wire(db: CacheDatabase) -> None:
    (payment,) = _payments(7)
    with db.write_transaction() as connection:
        enqueue(connection, payment, now=T0)
    item = find_item(db, payment.payment_id)
    assert item is not None
    assert item.body() == payment_to_wire(payment)
    assert (item.kind, item.terminal_seq, item.state) == (OutboxKind.PAYMENT, 7, "pending")
    assert (item.attempts, item.created_at, item.next_attempt_at) == (0, T0, None)


def _refused(db: CacheDatabase, entry: OutboxEntry, error: type[OutboxError]) -> str:
    with db.write_transaction() as connection, pytest.raises(error) as raised:
        enqueue(connection, entry, now=T0)
    return raised.value.message


def test_bad_entries_are_refused_and_write_nothing(db: CacheDatabase) -> None:
    (payment,) = _payments(3)
    entry = payment_entry(payment)
    other = payment_entry(_payments(4, seed=2)[0])
    float_money = json.loads(json.dumps(payment_to_wire(payment)))
    float_money["tenders"][0]["amount"]["minor"] = 10.5
    bad = {
        "upper-case UUID": OutboxEntry(entry.kind, entry.item_id.upper(), 3, entry.body),
        "not a UUID": OutboxEntry(entry.kind, "payment-3", 3, entry.body),
        "sequence zero": OutboxEntry(entry.kind, entry.item_id, 0, entry.body),
        "sequence a bool": OutboxEntry(entry.kind, entry.item_id, True, entry.body),
        "kind a string": OutboxEntry("payment", entry.item_id, 3, entry.body),  # type: ignore[arg-type]
        "another payment's body": OutboxEntry(entry.kind, entry.item_id, 3, other.body),
        "no tenders": OutboxEntry(entry.kind, entry.item_id, 3, {**entry.body, "tenders": []}),
        "money as a float": OutboxEntry(entry.kind, entry.item_id, 3, float_money),
        "a list for a body": OutboxEntry(entry.kind, entry.item_id, 3, [entry.body]),  # type: ignore[arg-type]
    }
    for name, entry_ in bad.items():
        assert _refused(db, entry_, OutboxError), name
    with db.write_transaction() as connection, pytest.raises(OutboxError):
        enqueue(connection, payment, now=datetime(2026, 11, 23, 9, 0))  # no offset
    assert _rows(db) == 0


def test_a_second_item_with_the_same_uuid_or_sequence_is_refused(db: CacheDatabase) -> None:
    first, second = _payments(1, 2)
    with db.write_transaction() as connection:
        enqueue(connection, first, now=T0)
    same_id = payment_entry(first)
    same_seq = payment_entry(_payments(1, seed=9)[0])
    assert "item" in _refused(db, same_id, DuplicateItemError)
    assert "sequence number 1" in _refused(db, same_seq, DuplicateItemError)
    with db.write_transaction() as connection:
        enqueue(connection, second, now=T0)
    assert _rows(db) == 2


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seqs=st.lists(st.integers(1, 10_000), min_size=1, max_size=30, unique=True))
def test_pending_items_come_in_terminal_sequence_order(db: CacheDatabase, seqs: list[int]) -> None:
    with db.write_transaction() as connection:
        connection.exec_driver_sql("DELETE FROM outbox")  # one cache for every example
        for payment in _payments(*seqs):  # enqueued in the given (random) order
            enqueue(connection, payment, now=T0)
    assert [i.terminal_seq for i in pending_items(db, limit=500)] == sorted(seqs)
    assert [i.terminal_seq for i in pending_items(db, limit=3)] == sorted(seqs)[:3]
    middle = sorted(seqs)[len(seqs) // 2]
    after = [i.terminal_seq for i in pending_items(db, after_seq=middle)]
    assert after == [s for s in sorted(seqs) if s > middle]


def test_due_items_status_and_the_age_of_the_oldest(db: CacheDatabase) -> None:
    payments = _payments(1, 2, 3)
    assert outbox_status(db).oldest_age(T0) is None
    assert next_due(db) is None
    for minutes, payment in zip((0, 5, 10), payments, strict=True):
        with db.write_transaction() as connection:
            enqueue(connection, payment, now=T0 + timedelta(minutes=minutes))
    with db.write_transaction() as connection:
        hold_back(connection, OutboxKind.PAYMENT, T0 + timedelta(hours=1))
        answer = Answer(payments[0].payment_id, OutboxState.ATTENTION, "{}", "conflict: x")
        record_answers(connection, [answer], T0)
    status = outbox_status(db)
    assert (status.pending, status.attention) == (2, 1)
    assert status.oldest_pending_at == T0 + timedelta(minutes=5)
    assert status.oldest_age(T0 + timedelta(minutes=65)) == timedelta(hours=1)
    assert next_due(db) == T0 + timedelta(hours=1)
    assert pending_items(db, due_at=T0 + timedelta(minutes=59)) == []
    assert len(pending_items(db, due_at=T0 + timedelta(hours=1))) == 2
    assert [i.item_id for i in attention_items(db)] == [payments[0].payment_id]


def _on_attention(db: CacheDatabase, seq: int) -> str:
    (payment,) = _payments(seq, seed=seq)
    with db.write_transaction() as connection:
        enqueue(connection, payment, now=T0)
        answer = json.dumps({"status": "conflict"})
        record_answers(
            connection,
            [Answer(payment.payment_id, OutboxState.ATTENTION, answer, "conflict")],
            T0,
        )
    return payment.payment_id


def test_resolving_an_attention_item(db: CacheDatabase) -> None:
    retried, set_aside = _on_attention(db, 1), _on_attention(db, 2)
    later = T0 + timedelta(hours=2)
    with db.write_transaction() as connection:
        resolve_attention(connection, retried, Resolution.RETRY, "server fixed (Asha)", later)
        resolve_attention(connection, set_aside, Resolution.SET_ASIDE, "posted by hand", later)
    again = find_item(db, retried)
    aside = find_item(db, set_aside)
    assert again is not None and aside is not None
    assert (again.state, again.next_attempt_at, again.resolved_at) == ("pending", later, later)
    assert again.resolution == "retry: server fixed (Asha)"
    assert (aside.state, aside.resolution) == ("done", "set_aside: posted by hand")
    assert attention_items(db) == []


def test_resolving_refuses_bad_input_and_changes_nothing(db: CacheDatabase) -> None:
    on_list = _on_attention(db, 1)
    (pending,) = _payments(2)
    with db.write_transaction() as connection:
        enqueue(connection, pending, now=T0)
    cases = [
        (pending.payment_id, Resolution.RETRY, "note"),  # not on the list
        ("00000000-0000-4000-8000-000000000000", Resolution.RETRY, "note"),  # unknown
        (on_list, Resolution.SET_ASIDE, "   "),  # no note
        (on_list, Resolution.SET_ASIDE, "x" * 501),  # too long
        (on_list, "forget", "note"),  # not a resolution
    ]
    for item_id, resolution, note in cases:
        with db.write_transaction() as connection, pytest.raises(OutboxError):
            resolve_attention(connection, item_id, resolution, note, T0)  # type: ignore[arg-type]
    assert [i.item_id for i in attention_items(db)] == [on_list]
    assert [i.item_id for i in pending_items(db)] == [pending.payment_id]


def test_an_answer_cannot_move_an_item_back_to_pending(db: CacheDatabase) -> None:
    (payment,) = _payments(1)
    with db.write_transaction() as connection:
        enqueue(connection, payment, now=T0)
        with pytest.raises(OutboxError):
            record_answers(connection, [Answer(payment.payment_id, OutboxState.PENDING, "{}")], T0)


def test_the_table_refuses_an_unknown_state(db: CacheDatabase) -> None:
    (payment,) = _payments(1)
    with db.write_transaction() as connection:
        enqueue(connection, payment, now=T0)
    writer = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            writer.execute("UPDATE outbox SET state = 'lost'")
    finally:
        writer.close()
