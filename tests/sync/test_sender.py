"""The sender's rules against a scripted uplink: order, batches, answers by UUID, backoff, splits.

The real server and real faults are in test_sender_central.py and test_faultproxy.py; here the
uplink answers what each test needs, so every rule is pinned down exactly.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.protocol import (
    BatchResult,
    PaymentMessage,
    PaymentOutcome,
    PaymentStatus,
    batch_result_to_wire,
)
from ebill_desktop.storage.database import CacheDatabase, open_cache
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.http import CentralRefused, CentralUnreachable, CredentialRefused
from ebill_desktop.sync.outbox import find_item, outbox_status, pending_items
from ebill_desktop.sync.sender import NOT_NAMED, Backoff, OutboxSender
from tests.sync.soak_sender import OpenBill, enqueue_payments, make_payments

BILLS = [OpenBill("014000000001", "B-1", 1, 120_000), OpenBill("014000000002", "B-2", 2, 9_000)]
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

Answerer = Callable[[list[dict[str, Any]]], "bytes | Exception"]


@dataclass
class Reply:
    content: bytes


def posted(items: list[dict[str, Any]]) -> bytes:
    outcomes = tuple(
        PaymentOutcome(i, str(item["payment_id"]), PaymentStatus.POSTED)
        for i, item in enumerate(items)
    )
    return json.dumps(batch_result_to_wire(BatchResult(outcomes, ()))).encode()


class ScriptedUplink:
    """Records every upload (as sent, serialised) and answers with ``answer(items)``."""

    def __init__(self, answer: Answerer = posted) -> None:
        self.answer = answer
        self.uploads: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: object = None,
    ) -> Reply:
        assert (method, path, params) == ("POST", "/payments", None)
        self.uploads.append(json.dumps(json_body))
        assert isinstance(json_body, dict)
        result = self.answer(json_body["payments"])
        if isinstance(result, Exception):
            raise result
        return Reply(result)

    def seqs(self) -> list[list[int]]:
        return [[p["terminal_seq"] for p in json.loads(u)["payments"]] for u in self.uploads]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def db(data_dir: Path) -> Iterator[CacheDatabase]:
    cache = open_cache(data_dir / "cache.sqlite3")
    yield cache
    cache.close()


@pytest.fixture
def lock(data_dir: Path) -> Iterator[SyncLock]:
    with SyncLock(data_dir) as held:
        yield held


def _enqueue(db: CacheDatabase, *seqs: int) -> list[PaymentMessage]:
    payments = make_payments(BILLS, seqs, random.Random(sum(seqs)))
    enqueue_payments(db, payments)
    return payments


def _sender(
    db: CacheDatabase, uplink: ScriptedUplink, lock: SyncLock, clock: Clock, **options: Any
) -> OutboxSender:
    options.setdefault("backoff", Backoff(2.0, 5.0))
    return OutboxSender(db, uplink, lock, clock=clock, draw=lambda: 0.5, **options)


def _states(db: CacheDatabase, payments: list[PaymentMessage]) -> list[str]:
    return [str(find_item(db, p.payment_id).state) for p in payments]  # type: ignore[union-attr]


def test_items_go_in_sequence_order_in_batches_and_are_done_by_their_answer(
    db: CacheDatabase, lock: SyncLock
) -> None:
    seqs = list(range(1, 13))
    random.Random(3).shuffle(seqs)
    payments = _enqueue(db, *seqs)
    uplink = ScriptedUplink()
    report = _sender(db, uplink, lock, Clock(), batch_size=5).send_due()
    assert uplink.seqs() == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]
    assert (report.uploads, report.sent, report.done, report.failure) == (3, 12, 12, None)
    assert report.retry_at is None
    assert set(_states(db, payments)) == {"done"}
    item = find_item(db, payments[0].payment_id)
    assert item is not None and item.answered_at == T0
    assert item.answer() == {
        "index": item.answer()["index"],  # type: ignore[index]
        "payment_id": payments[0].payment_id,
        "status": "posted",
        "flags": [],
        "error": None,
    }


def test_an_item_the_answer_leaves_out_stays_pending_and_goes_again_later(
    db: CacheDatabase, lock: SyncLock
) -> None:
    payments = _enqueue(db, 1, 2, 3)
    left_out = payments[1].payment_id

    def answer(items: list[dict[str, Any]]) -> bytes:
        body = json.loads(posted(items))
        # Leave one out; name something never sent, and one result with no UUID at all.
        body["results"] = [r for r in body["results"] if r["payment_id"] != left_out]
        body["results"].append(dict(body["results"][0], payment_id=str(uuid.uuid4())))
        body["results"].append(dict(body["results"][0], status="conflict"))  # a second answer
        body["results"].append(
            {"index": 0, "payment_id": None, "status": "rejected", "flags": [],
             "error": {"code": "invalid_message", "message": "?"}}
        )  # fmt: skip
        return json.dumps(body).encode()

    clock = Clock()
    uplink = ScriptedUplink(answer)
    sender = _sender(db, uplink, lock, clock)
    report = sender.send_due()
    assert (report.done, report.unanswered) == (2, 1)
    item = find_item(db, left_out)
    assert item is not None
    assert (item.state, item.attempts, item.last_error) == ("pending", 1, NOT_NAMED)
    assert item.next_attempt_at == T0 + timedelta(seconds=1)  # 0.5 * 2 s
    assert report.retry_at == item.next_attempt_at
    assert sender.send_due().uploads == 0  # not due yet
    clock.advance(1)
    uplink.answer = posted
    assert sender.send_due().done == 1
    assert set(_states(db, payments)) == {"done"}
    first, again = (json.loads(u)["payments"] for u in (uplink.uploads[0], uplink.uploads[-1]))
    assert again == [first[1]]  # the same key and body as the first time


def test_an_item_waiting_out_its_backoff_holds_back_every_later_one(
    db: CacheDatabase, lock: SyncLock
) -> None:
    # "In order": after the answer left out item 2, item 4 (enqueued later) must not reach the
    # server before item 2 does.
    payments = _enqueue(db, 1, 2, 3)
    left_out = payments[1].payment_id

    def answer(items: list[dict[str, Any]]) -> bytes:
        body = json.loads(posted(items))
        body["results"] = [r for r in body["results"] if r["payment_id"] != left_out]
        return json.dumps(body).encode()

    clock = Clock()
    uplink = ScriptedUplink(answer)
    sender = _sender(db, uplink, lock, clock)
    assert sender.send_due().unanswered == 1
    _enqueue(db, 4)
    uplink.answer = posted
    assert sender.send_due().uploads == 0  # 2 is not due yet, so 4 waits behind it
    clock.advance(1)
    assert sender.send_due().done == 2
    assert uplink.seqs() == [[1, 2, 3], [2, 4]]


def test_backoff_with_jitter_and_the_same_key_and_body_on_every_retry(
    db: CacheDatabase, lock: SyncLock
) -> None:
    payments = _enqueue(db, 1, 2)
    failures = iter([CentralUnreachable("reset"), CentralUnreachable("timed out"),
                     CentralUnreachable("HTTP 503", 503)])  # fmt: skip

    def answer(items: list[dict[str, Any]]) -> bytes | Exception:
        return next(failures, None) or posted(items)

    clock = Clock()
    uplink = ScriptedUplink(answer)
    sender = _sender(db, uplink, lock, clock)
    waits = []
    while True:
        report = sender.send_due()
        if report.retry_at is None:
            break
        assert report.failure is not None and report.done == 0
        assert set(_states(db, payments)) == {"pending"}
        assert sender.send_due().uploads == 0  # nothing goes before the wait is over
        waits.append((report.retry_at - clock.now).total_seconds())
        clock.now = report.retry_at
    # draw() = 0.5 of min(cap 5, 2 * 2**(tries - 1)): 1, 2, then capped at 2.5.
    assert waits == [1.0, 2.0, 2.5]
    assert len(uplink.uploads) == 4 and len(set(uplink.uploads)) == 1
    assert set(_states(db, payments)) == {"done"}
    assert find_item(db, payments[0].payment_id).attempts == 4  # type: ignore[union-attr]


@given(
    tries=st.integers(-5, 10_000),
    draw=st.floats(0.0, 1.0, exclude_max=True),
    base=st.floats(0.001, 10.0),
    cap=st.floats(10.0, 3600.0),
)
def test_full_jitter_stays_under_an_exponential_ceiling_bounded_by_the_cap(
    tries: int, draw: float, base: float, cap: float
) -> None:
    backoff = Backoff(base, cap)
    ceiling = backoff.ceiling(tries)
    assert base <= ceiling <= cap
    assert ceiling <= backoff.ceiling(tries + 1)
    assert timedelta(0) <= backoff.delay(tries, lambda: draw) <= timedelta(seconds=ceiling)
    assert backoff.delay(tries, lambda: 0.0) == timedelta(0)


@pytest.mark.parametrize("status", [413, 422])
def test_an_item_the_server_cannot_read_goes_to_attention_and_the_rest_go_on(
    db: CacheDatabase, lock: SyncLock, status: int
) -> None:
    payments = _enqueue(db, *range(1, 10))
    poison = payments[4].payment_id

    def answer(items: list[dict[str, Any]]) -> bytes | Exception:
        if any(item["payment_id"] == poison for item in items):
            return CentralRefused(status, "invalid_message", "payments[2].operator: too long")
        return posted(items)

    uplink = ScriptedUplink(answer)
    report = _sender(db, uplink, lock, Clock()).send_due()
    assert (report.done, report.attention, report.failure) == (8, 1, None)
    item = find_item(db, poison)
    assert item is not None and item.state == "attention"
    assert item.last_error is not None and "too long" in item.last_error
    assert _states(db, payments).count("done") == 8
    assert len(uplink.uploads) <= 9  # halving, not one upload per item
    assert outbox_status(db).attention == 1


@pytest.mark.parametrize(
    "refusal",
    [
        CredentialRefused(401, "credential_invalid", "wrong credential"),
        CredentialRefused(401, "terminal_revoked", "revoked"),
        CentralRefused(404, "not_found", "no such path"),
        CentralRefused(400, "invalid_json", "?"),
    ],
    ids=lambda r: r.code,
)
def test_a_refusal_not_about_the_content_marks_nothing(
    db: CacheDatabase, lock: SyncLock, refusal: CentralRefused
) -> None:
    payments = _enqueue(db, *range(1, 6))
    report = _sender(db, ScriptedUplink(lambda _items: refusal), lock, Clock()).send_due()
    assert report.credential_refused is isinstance(refusal, CredentialRefused)
    assert report.failure == refusal.message
    assert set(_states(db, payments)) == {"pending"}
    assert report.retry_at == T0 + timedelta(seconds=1)


def test_too_many_attempts_waits_at_least_retry_after(db: CacheDatabase, lock: SyncLock) -> None:
    _enqueue(db, 1)
    refusal = CentralRefused(429, "too_many_attempts", "slow down", retry_after=30.0)
    uplink = ScriptedUplink(lambda _items: refusal)
    clock = Clock()
    report = _sender(db, uplink, lock, clock, backoff=Backoff(2.0, 300.0)).send_due()
    assert report.retry_at == T0 + timedelta(seconds=30)
    clock.now = report.retry_at
    capped = _sender(db, uplink, lock, clock, backoff=Backoff(2.0, 5.0)).send_due()
    assert capped.retry_at == clock.now + timedelta(seconds=5)  # never past the cap


@pytest.mark.parametrize(
    "content",
    [b"not json", b'{"results": "x", "gaps": []}', b'{"results": [], "gaps": [], "more": 1}'],
)
def test_an_answer_that_cannot_be_read_marks_nothing(
    db: CacheDatabase, lock: SyncLock, content: bytes
) -> None:
    payments = _enqueue(db, 1, 2)
    report = _sender(db, ScriptedUplink(lambda _items: content), lock, Clock()).send_due()
    assert report.failure is not None and "could not be read" in report.failure
    assert set(_states(db, payments)) == {"pending"}


def test_the_sender_works_only_while_it_holds_the_lock(db: CacheDatabase, data_dir: Path) -> None:
    _enqueue(db, 1)
    uplink = ScriptedUplink()
    sender = OutboxSender(db, uplink, SyncLock(data_dir))
    with pytest.raises(RuntimeError, match="lock"):
        sender.send_due()
    assert uplink.uploads == []
    for size in (0, 501):
        with pytest.raises(ValueError):
            OutboxSender(db, uplink, SyncLock(data_dir), batch_size=size)
    for base, cap in ((0.0, 1.0), (2.0, 1.0)):
        with pytest.raises(ValueError):
            Backoff(base, cap)


def test_run_sends_what_is_enqueued_when_woken_and_stops(db: CacheDatabase, lock: SyncLock) -> None:
    uplink = ScriptedUplink()
    sender = OutboxSender(db, uplink, lock, backoff=Backoff(0.01, 0.05))
    worker = threading.Thread(target=sender.run, kwargs={"poll_seconds": 30.0})
    worker.start()
    try:
        payments = _enqueue(db, 1, 2)
        sender.wake()
        deadline = time.monotonic() + 10
        while outbox_status(db).pending and time.monotonic() < deadline:
            time.sleep(0.01)
        assert set(_states(db, payments)) == {"done"}
    finally:
        sender.stop()
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert pending_items(db) == []


def test_a_pass_stops_at_a_failure_and_keeps_earlier_answers(
    db: CacheDatabase, lock: SyncLock
) -> None:
    payments = _enqueue(db, *range(1, 7))
    calls = iter([None, CentralUnreachable("reset")])

    def answer(items: list[dict[str, Any]]) -> bytes | Exception:
        return next(calls, None) or posted(items)

    report = _sender(db, ScriptedUplink(answer), lock, Clock(), batch_size=3).send_due()
    assert (report.done, report.uploads) == (3, 2)
    assert _states(db, payments) == ["done"] * 3 + ["pending"] * 3


def test_an_item_whose_stored_body_is_damaged_goes_to_attention(
    db: CacheDatabase, lock: SyncLock
) -> None:
    payments = _enqueue(db, 1, 2, 3)
    writer = sqlite3.connect(db.path)
    with writer:
        writer.execute(
            "UPDATE outbox SET body_json = '{\"payments' WHERE item_id = ?",
            (payments[1].payment_id,),
        )
    writer.close()
    uplink = ScriptedUplink()
    report = _sender(db, uplink, lock, Clock()).send_due()
    assert (report.done, report.attention) == (2, 1)
    assert _states(db, payments) == ["done", "attention", "done"]
    assert uplink.seqs() == [[1, 3]]
    damaged = find_item(db, payments[1].payment_id)
    assert damaged is not None and damaged.answer() is None
    assert damaged.last_error == "the stored message cannot be read; it was not sent"


def test_a_pass_ends_with_what_was_there_when_it_began(db: CacheDatabase, lock: SyncLock) -> None:
    _enqueue(db, 1, 2)
    arrivals = {1: (3, 4), 3: (5, 6)}  # sequence number on the wire -> payments taken meanwhile

    def answer(items: list[dict[str, Any]]) -> bytes:
        more = arrivals.get(items[0]["terminal_seq"])
        if more is not None:  # a cashier takes payments while the upload is on the wire
            _enqueue(db, *more)
        return posted(items)

    uplink = ScriptedUplink(answer)
    sender = _sender(db, uplink, lock, Clock(), batch_size=1)
    first = sender.send_due()
    assert uplink.seqs() == [[1], [2]]
    assert first.retry_at is not None  # 3 and 4 are waiting, and due
    sender.send_due()
    assert uplink.seqs() == [[1], [2], [3], [4]]
    sender.send_due()
    assert uplink.seqs()[4:] == [[5], [6]]
    assert outbox_status(db).pending == 0
