"""Shift closes and reversals through the outbox to a real central server on loopback.

The counter's own services make the items (a shift with a cash payment, a void, a close) in a
desktop test cache; the sender uploads them as the enrolled terminal of ``tests/sync``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from ebill_central.db.models import PaymentRow, ReversalRow, ShiftCloseRow
from ebill_core.cash_count import CashCount
from ebill_core.money import Money
from ebill_core.protocol import (
    ReversalMessage,
    ShiftCloseMessage,
    reversal_to_wire,
)
from ebill_core.protocol.cash_control import CountTotal
from ebill_desktop.services.payment_types import CommittedPayment, PaymentRequest
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.http import CentralConnection
from ebill_desktop.sync.outbox import (
    DuplicateItemError,
    OutboxEntry,
    OutboxError,
    OutboxKind,
    OutboxState,
    Resolution,
    enqueue,
    enqueue_message,
    find_item,
    outbox_status,
    resolve_attention,
    reversal_entry,
)
from ebill_desktop.sync.sender import WAITS_FOR_PAYMENT, OutboxSender, SendReport
from tests.desktop.security_support import CASHIER, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import NOW, Clock, cash, make_cache, make_service
from tests.desktop.test_shifts import ACCOUNT
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.faultproxy import FaultProxy, Mode
from tests.sync.soak_sender import (
    check_exactly_once,
    enqueue_payments,
    make_payments,
    open_bills,
)


@dataclasses.dataclass
class SenderClock:
    """The sender's now, moved by hand (backoff waits are then exact)."""

    now: datetime = dataclasses.field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


@dataclasses.dataclass
class Counter:
    """A counter's cache with staff and one account, its services, and its uplink set-up."""

    db: CacheDatabase
    shifts: ShiftService
    voids: VoidService
    lock: SyncLock
    terminal: EnrolledTerminal
    clock: SenderClock

    def send(self, connection: Any = None) -> SendReport:
        """One pass of the sender, through ``connection`` or straight to the server."""
        if connection is not None:
            return self._sender(connection).send_due()
        with self.terminal.connection() as direct:
            return self._sender(direct).send_due()

    def _sender(self, connection: Any) -> OutboxSender:
        # draw 0: a failed try may go again at once, so the test needs no waiting.
        return OutboxSender(self.db, connection, self.lock, clock=self.clock, draw=lambda: 0.0)

    def pay(self, minor: int) -> CommittedPayment:
        payments = make_service(self.db, Clock())
        draft = payments.open(ACCOUNT, CASHIER.login, online=True)
        return payments.confirm(draft, PaymentRequest(cash(minor).amount, (cash(minor),)))


@pytest.fixture
def counter(terminal: EnrolledTerminal, tmp_path: Path) -> Iterator[Counter]:
    db = make_cache(tmp_path / "counter" / "cache.sqlite3")
    add_staff(db)
    shifts = ShiftService(
        db,
        terminal="012",
        rules=ShiftRules(blind_close=False),
        clock=Clock(),
        central_terminal_id=terminal.identity.terminal_id,
        branch_code=terminal.identity.branch_code,
    )
    with SyncLock(terminal.paths.data_dir) as lock:
        yield Counter(db, shifts, VoidService(db, clock=Clock()), lock, terminal, SenderClock())
    db.close()


class Recording:
    """An uplink that logs the path of every request it passes on."""

    def __init__(self, inner: CentralConnection) -> None:
        self.inner = inner
        self.paths: list[str] = []

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        self.paths.append(path)
        return self.inner.request(method, path, **kwargs)


def _rows(central: CentralServer, model: Any, **where: object) -> int:
    with central.engine.connect() as connection:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        found = int(connection.execute(query).scalar_one())
        connection.rollback()
    return found


def _float() -> CashCount:
    return CashCount.of("INR", {10_000: 1})


def _state(db: CacheDatabase, item_id: str) -> OutboxState:
    item = find_item(db, item_id)
    assert item is not None
    return item.state


def test_a_closed_shift_reaches_head_office_once_even_after_a_lost_answer(
    central: CentralServer, counter: Counter
) -> None:
    shift = counter.shifts.open(CASHIER, _float())
    counter.pay(300_00)
    assert counter.send().done == 1  # the payment first: the close is reconciled against it
    counter.shifts.record_count(shift.shift_id, SUPERVISOR, CashCount.of("INR", {10_000: 4}))
    counter.shifts.close(shift.shift_id, SUPERVISOR)
    close = find_item(counter.db, shift.shift_id)
    assert close is not None and (close.kind, close.terminal_seq) == (OutboxKind.SHIFT_CLOSE, 1)
    upstream = urlsplit(central.base_url)
    with FaultProxy((upstream.hostname or "", upstream.port or 0)) as proxy:
        # The server stores the close, then the connection is reset: the answer is lost.
        proxy.set_mode(Mode.RESET)
        with CentralConnection(proxy.url, counter.terminal.credential) as via_proxy:
            lost = counter.send(via_proxy)
        assert lost.failure is not None and lost.done == 0
        assert _state(counter.db, shift.shift_id) is OutboxState.PENDING
        assert _rows(central, ShiftCloseRow, shift_id=shift.shift_id) == 1
    again = counter.send()  # the same UUID and body: the server gives its first answer
    assert (again.done, again.attention, again.failure) == (1, 0, None)
    assert _rows(central, ShiftCloseRow, shift_id=shift.shift_id) == 1
    done = find_item(counter.db, shift.shift_id)
    assert done is not None and done.state is OutboxState.DONE
    assert done.answer() == {"shift_id": shift.shift_id, "status": "reconciled", "differences": []}
    assert counter.send().uploads == 0  # nothing left


def test_a_void_travels_as_a_reversal_after_its_payment(
    central: CentralServer, counter: Counter
) -> None:
    counter.shifts.open(CASHIER, _float())
    kept = counter.pay(100_00)
    voided = counter.pay(250_00)
    record = counter.voids.void(voided.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE)
    item = find_item(counter.db, record.reversal_id)
    assert item is not None and (item.kind, item.terminal_seq) == (OutboxKind.REVERSAL, 1)
    assert item.body()["payment_id"] == voided.payment.payment_id
    with counter.terminal.connection() as connection:
        recording = Recording(connection)
        report = counter.send(recording)
    assert recording.paths == ["/payments", "/reversals"]
    assert (report.done, report.attention, report.waiting) == (3, 0, 0)
    answer = find_item(counter.db, record.reversal_id).answer()  # type: ignore[union-attr]
    assert answer == {
        "reversal_id": record.reversal_id,
        "payment_id": voided.payment.payment_id,
        "status": "applied",
        "reversed": {"minor": 250_00, "currency": "INR"},
    }
    assert _rows(central, ReversalRow, payment_id=voided.payment.payment_id) == 1
    assert _rows(central, ReversalRow, payment_id=kept.payment.payment_id) == 0


def test_a_reversal_waits_while_its_payment_is_not_taken_by_head_office(
    central: CentralServer, counter: Counter
) -> None:
    counter.shifts.open(CASHIER, _float())
    voided = counter.pay(250_00)
    record = counter.voids.void(voided.payment.receipt_no, SUPERVISOR, VoidReason.WRONG_AMOUNT)
    # Head office already holds the payment's UUID with other content: a conflict.
    payment = find_item(counter.db, voided.payment.payment_id)
    assert payment is not None
    other = {**payment.body(), "receipt_no": "OTHER-1", "terminal_seq": 90}
    with counter.terminal.connection() as connection:
        connection.request("POST", "/payments", json_body={"payments": [other]})
    report = counter.send()
    assert (report.done, report.attention, report.waiting) == (0, 1, 1)
    waiting = find_item(counter.db, record.reversal_id)
    assert waiting is not None and waiting.state is OutboxState.PENDING
    assert (waiting.attempts, waiting.last_error) == (0, WAITS_FOR_PAYMENT)
    assert _rows(central, ReversalRow) == 0
    # A second pass before its time sends nothing; the reversal waits, it does not spin.
    assert counter.send().uploads == 0
    # Head office sorts the payment out by hand; the supervisor sets the item aside.
    with counter.db.write_transaction() as connection:
        resolve_attention(
            connection, payment.item_id, Resolution.SET_ASIDE, "ravi: posted by head office"
        )
    counter.clock.now += timedelta(seconds=301)  # past the longest wait
    after = counter.send()
    assert (after.done, after.attention, after.waiting) == (1, 0, 0)
    assert _rows(central, ReversalRow, reversal_id=record.reversal_id) == 1


def test_refused_messages_go_to_attention_and_the_others_still_go(
    central: CentralServer, counter: Counter
) -> None:
    tid = counter.terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), [1, 2, 3], random.Random(3), tid)
    enqueue_payments(counter.db, payments)
    at = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)

    def reversal(payment_index: int) -> ReversalMessage:
        return ReversalMessage(
            str(uuid.uuid4()), payments[payment_index].payment_id, "duplicate", "ravi", at
        )

    def close(terminal_id: int) -> ShiftCloseMessage:
        zero = CountTotal(0, Money(0, "INR"))
        return ShiftCloseMessage(
            shift_id=str(uuid.uuid4()),
            terminal_id=terminal_id,
            branch_code=counter.terminal.identity.branch_code,
            operator="nobody",  # took no payment: the server's figures are all zero too
            opened_at=at,
            closed_at=at,
            opening_float=Money(100_00, "INR"),
            tenders=(),
            receipts=0,
            first_receipt_no=None,
            last_receipt_no=None,
            voids=zero,
            reprints=0,
            drops=zero,
            pay_outs=zero,
            over_short=Money(0, "INR"),
            unsynced=0,
        )

    first, twice, other = reversal(0), reversal(0), reversal(1)
    foreign, good = close(tid + 1000), close(tid)
    with counter.db.write_transaction() as connection:
        for message in (first, twice, other, foreign, good):
            enqueue_message(connection, message)
    report = counter.send()
    assert (report.done, report.attention, report.failure) == (3 + 2 + 1, 2, None)
    assert report.uploads == 1 + 3 + 2  # one batch of payments, one request per message
    conflict = find_item(counter.db, twice.reversal_id)
    assert conflict is not None and conflict.state is OutboxState.ATTENTION
    assert conflict.last_error is not None and conflict.last_error.startswith("conflict:")
    assert conflict.answer() == {"http_status": 409, "code": "payment_already_reversed"}
    refused = find_item(counter.db, foreign.shift_id)
    assert refused is not None and refused.state is OutboxState.ATTENTION
    assert refused.answer() == {"http_status": 403, "code": "other_terminal"}
    for done in (first.reversal_id, other.reversal_id, good.shift_id):
        assert _state(counter.db, done) is OutboxState.DONE
    assert _rows(central, PaymentRow, terminal_id=tid) == 3
    assert _rows(central, ReversalRow) == 2
    assert _rows(central, ShiftCloseRow) == 1
    assert (outbox_status(counter.db).pending, outbox_status(counter.db).attention) == (0, 2)


def test_a_link_failure_holds_every_kind_back_and_marks_nothing(
    central: CentralServer, counter: Counter
) -> None:
    counter.shifts.open(CASHIER, _float())
    voided = counter.pay(250_00)
    record = counter.voids.void(voided.payment.receipt_no, SUPERVISOR, VoidReason.DUPLICATE)
    central.stop()
    down = counter.send()
    assert down.failure is not None and (down.done, down.attention) == (0, 0)
    for item_id in (voided.payment.payment_id, record.reversal_id):
        item = find_item(counter.db, item_id)
        assert item is not None and item.state is OutboxState.PENDING
        assert item.next_attempt_at is not None  # held back (the draw of 0 makes it now)
    central.start()
    back = counter.send()
    assert (back.done, back.failure) == (2, None)


def test_the_new_kinds_are_checked_before_anything_is_written(counter: Counter) -> None:
    message = ReversalMessage(str(uuid.uuid4()), str(uuid.uuid4()), "duplicate", "ravi", NOW)
    body = reversal_to_wire(message)
    bad_entries = [
        OutboxEntry(OutboxKind.REVERSAL, str(uuid.uuid4()), 1, body),  # not the message's UUID
        OutboxEntry(OutboxKind.REVERSAL, message.reversal_id, 1, {**body, "reason_code": "a b"}),
        OutboxEntry(OutboxKind.SHIFT_CLOSE, message.reversal_id, 1, body),  # not a close
        OutboxEntry(OutboxKind.REVERSAL, message.reversal_id, 1, {**body, "extra": 1}),
    ]
    for entry in bad_entries:
        with pytest.raises(OutboxError), counter.db.write_transaction() as connection:
            enqueue(connection, entry)
    assert outbox_status(counter.db).pending == 0
    with counter.db.write_transaction() as connection:
        enqueue_message(connection, message)
    with pytest.raises(DuplicateItemError), counter.db.write_transaction() as connection:
        enqueue(connection, reversal_entry(dataclasses.replace(message), 2))
    # Each kind numbers its own items, without gaps, whatever else is in the outbox.
    with counter.db.write_transaction() as connection:
        second = enqueue_message(
            connection, dataclasses.replace(message, reversal_id=str(uuid.uuid4()))
        )
    assert second.terminal_seq == 2
    stored = find_item(counter.db, message.reversal_id)
    assert stored is not None and json.loads(stored.body_json) == body


def test_an_unenrolled_counter_queues_no_shift_close(counter: Counter) -> None:
    shifts = ShiftService(counter.db, terminal="012", rules=ShiftRules(blind_close=False))
    shift = shifts.open(CASHIER, _float())
    shifts.record_count(shift.shift_id, SUPERVISOR, _float())
    shifts.close(shift.shift_id, SUPERVISOR)
    assert find_item(counter.db, shift.shift_id) is None


def test_payment_passes_are_unchanged_by_the_new_kinds(
    central: CentralServer, counter: Counter
) -> None:
    tid = counter.terminal.identity.terminal_id
    payments = make_payments(open_bills(central.engine), range(1, 8), random.Random(9), tid)
    enqueue_payments(counter.db, payments)
    with counter.terminal.connection() as connection:
        recording = Recording(connection)
        sender = OutboxSender(counter.db, recording, counter.lock, batch_size=3)
        report = sender.send_due()
    assert recording.paths == ["/payments"] * 3
    assert (report.done, report.attention, report.waiting, report.retry_at) == (7, 0, 0, None)
    expected = {p.payment_id: p.terminal_seq for p in payments}
    check_exactly_once(central.engine, tid, counter.db, expected)


class Answering:
    """An uplink that answers every message with ``content`` (a server gone wrong)."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.paths: list[str] = []

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        self.paths.append(path)
        return dataclasses.make_dataclass("Response", [("content", bytes)])(self.content)


@pytest.mark.parametrize(
    ("content", "failure"),
    [
        (b'{"shift_id": "%s", "status": "reconciled", "differences": []}', None),
        (b"<html>busy</html>", "could not be read (not JSON)"),
        (b'{"shift_id": "%s", "status": "fine"}', "could not be read"),
    ],
)
def test_an_answer_that_does_not_name_the_message_marks_nothing(
    counter: Counter, content: bytes, failure: str | None
) -> None:
    message = counter.shifts.open(CASHIER, _float())
    counter.shifts.record_count(message.shift_id, SUPERVISOR, _float())
    counter.shifts.close(message.shift_id, SUPERVISOR)
    answering = Answering(content.replace(b"%s", str(uuid.uuid4()).encode()))
    report = counter.send(answering)
    assert answering.paths == ["/shift-closes"]
    assert report.done == report.attention == 0
    assert report.failure is None or (failure is not None and failure in report.failure)
    item = find_item(counter.db, message.shift_id)
    assert item is not None and item.state is OutboxState.PENDING and item.attempts == 1
    assert item.next_attempt_at is not None  # a backoff (the draw of 0 makes it now)
