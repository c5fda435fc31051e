"""The outbox sender: payments and the cash-control messages go up in order, each exactly once.

Rules (docs/outbox.md):

* One sender per data folder: :class:`OutboxSender` works only while its :class:`SyncLock`
  (an OS lock on ``<data dir>/sync.lock``) is held.
* Pending items go in terminal-sequence order, up to 500 (the server's limit) per upload to
  ``POST /api/v1/payments``, each with its UUID and its stored body, the same on every try.
* An item leaves ``pending`` only when the server's answer names its UUID: ``posted`` and
  ``suspense`` make it ``done`` (the answer is kept), ``conflict`` and ``rejected`` put it on
  the attention list with the reason. Items an answer leaves out stay pending, retried later.
* An upload refused as a whole for its content (413, 422) is split in halves until the item
  the server cannot read is alone; that one goes to attention and the rest go on.
* No usable answer (offline, timeout, reset, cut, 5xx), a refused credential, or another
  refusal that is not about the content: nothing is marked, and every pending item waits an
  exponential backoff with full jitter (``random() * min(cap, base * 2**(tries - 1))``).

After the payments, each pass sends the pending reversals (``POST /api/v1/reversals``), then
the cheque bounces (``POST /api/v1/cheque-bounces``), then the shift closes
(``POST /api/v1/shift-closes``), then the password resets
(``POST /api/v1/password-resets``), one message per request (the endpoints take one), each kind
in terminal-sequence order, with the same rules: done only when the answer names the message's
UUID; a 4xx about the message itself (400, 409 conflict, 413, 415, 422, and a 403
``other_terminal``/``other_branch``/``other_office``) puts it on the attention list and the
others go on; no usable answer, a refused credential or another refusal stops the pass and holds
every pending item back. A reversal or a cheque bounce waits until its payment's item is
done; a shift close waits while a payment enqueued before it is still pending (the server
reconciles the close against the payments it holds); a password reset waits for nothing. A
waiting item holds back no other.

No database transaction is open during an HTTP call: the answer is recorded afterwards, in one
write transaction per upload.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from ebill_core.protocol import (
    MAX_BATCH,
    BatchResult,
    PaymentOutcome,
    PaymentStatus,
    ProtocolError,
    batch_result_from_wire,
)
from ebill_core.protocol.cash_control_answers import (
    cheque_bounce_answer_from_wire,
    cheque_bounce_answer_to_wire,
    reversal_answer_from_wire,
    reversal_answer_to_wire,
    shift_close_answer_from_wire,
    shift_close_answer_to_wire,
)
from ebill_core.protocol.password_reset import (
    password_reset_answer_from_wire,
    password_reset_answer_to_wire,
)
from ebill_core.protocol.payments import outcome_to_wire
from ebill_desktop.services.payment_sync import record_central_answers
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.http import CentralRefused, CentralUnreachable, CredentialRefused
from ebill_desktop.sync.outbox import (
    Answer,
    OutboxItem,
    OutboxKind,
    OutboxState,
    find_item,
    hold_back,
    hold_item,
    last_item_id,
    next_due,
    pending_items,
    record_answers,
    record_unanswered,
    utc_now,
)

log = logging.getLogger(__name__)

UPLOAD_PATH = "/payments"  # under /api/v1
CONTENT_REFUSALS = frozenset({413, 422})  # refusals about what was sent: split the batch
NOT_NAMED = "the server's answer did not name this item"
# The kinds sent one message per request, in the order a pass sends them (after payments).
MESSAGE_PATHS = {
    OutboxKind.REVERSAL: "/reversals",
    OutboxKind.CHEQUE_BOUNCE: "/cheque-bounces",
    OutboxKind.SHIFT_CLOSE: "/shift-closes",
    OutboxKind.PASSWORD_RESET: "/password-resets",
}
SENT_KINDS = (OutboxKind.PAYMENT, *MESSAGE_PATHS)
# Refusals of one message for what it says: it goes to attention, the rest go on.
MESSAGE_REFUSALS = frozenset({400, 409, 413, 415, 422})
# 403s about the message (another terminal's shift, another branch's payment), not the
# credential (a refused credential is a 401 from this server).
# A password reset of another office's operator is refused for what it says, too.
MESSAGE_FORBIDDEN = frozenset({"other_terminal", "other_branch", "other_office"})
WAITS_FOR_PAYMENT = "waiting until head office has taken its payment"
WAITS_FOR_PAYMENTS = "waiting until head office has taken the payments before it"


class Uplink(Protocol):
    """What the sender needs of :class:`ebill_desktop.sync.http.CentralConnection`."""

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: object = None,
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with full jitter, bounded by ``cap_seconds``."""

    base_seconds: float = 2.0
    cap_seconds: float = 300.0

    def __post_init__(self) -> None:
        if not 0 < self.base_seconds <= self.cap_seconds:
            raise ValueError("backoff needs 0 < base_seconds <= cap_seconds")

    def ceiling(self, tries: int) -> float:
        """The most the wait after ``tries`` failed tries can be."""
        exponent = min(max(tries, 1) - 1, 60)  # 2**60 * base is past any cap: no overflow
        return float(min(self.cap_seconds, self.base_seconds * 2.0**exponent))

    def delay(self, tries: int, draw: Callable[[], float]) -> timedelta:
        """A wait drawn uniformly from ``[0, ceiling(tries))``; ``draw`` gives ``[0, 1)``."""
        return timedelta(seconds=min(max(draw(), 0.0), 1.0) * self.ceiling(tries))


@dataclass(slots=True)
class SendReport:
    """What one pass of the sender did."""

    uploads: int = 0  # HTTP uploads made
    sent: int = 0  # items put on the wire (an item split out of a refused batch counts again)
    done: int = 0
    attention: int = 0
    unanswered: int = 0  # sent, but left out of the answer: still pending
    waiting: int = 0  # reversals and shift closes held for the payments that go first
    failure: str | None = None  # why the pass stopped before the outbox was empty
    credential_refused: bool = False
    retry_at: datetime | None = None  # when the earliest pending item is due (None: none)
    # The server's missing sequence ranges as of the pass's last answer: every answer lists all
    # of them below the highest number received, so the latest one is the whole picture.
    gaps: tuple[tuple[int, int], ...] = field(default=())


_Parcel = tuple[OutboxItem, dict[str, object]]  # an item and the body it is sent with


class _LinkDownError(Exception):
    """This pass cannot go on: no usable answer, or a refusal not about the content."""

    def __init__(
        self,
        message: str,
        *,
        tries: int,
        credential: bool = False,
        not_before: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.tries = tries  # the most tries an item of the failed upload has had
        self.credential = credential
        self.not_before = not_before  # seconds the server asked us to wait (Retry-After)


class OutboxSender:
    """Sends the outbox of one cache through one uplink, while holding the data folder's lock."""

    def __init__(
        self,
        db: CacheDatabase,
        uplink: Uplink,
        lock: SyncLock,
        *,
        batch_size: int = MAX_BATCH,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = utc_now,
        draw: Callable[[], float] = random.random,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size is 1 to {MAX_BATCH}")
        self.db = db
        self.uplink = uplink
        self.lock = lock
        self.batch_size = batch_size
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.draw = draw
        self._wake = threading.Event()
        self._stopping = threading.Event()

    # -- one pass -----------------------------------------------------------------------------

    def send_due(self) -> SendReport:
        """Send the pending items due now, in order, until none is left or the link fails."""
        if not self.lock.held:
            raise RuntimeError("the sender runs only while it holds the data folder's sync lock")
        report = SendReport()
        start = self.clock()
        # A pass sends what was in the outbox when it began, each item at most once (besides
        # splitting), so it ends even while payments keep coming; the next pass takes those.
        last_id = last_item_id(self.db)
        try:
            self._send_payments(start, last_id, report)
            for kind in MESSAGE_PATHS:
                self._send_messages(kind, start, last_id, report)
        except _LinkDownError as down:
            report.failure = down.message
            report.credential_refused = down.credential
            self._hold_back(down)
        report.retry_at = min(
            (due for due in (next_due(self.db, kind) for kind in SENT_KINDS) if due is not None),
            default=None,
        )
        return report

    def _send_payments(self, start: datetime, last_id: int, report: SendReport) -> None:
        after_seq = 0
        while not self._stopping.is_set():
            pending = pending_items(
                self.db, after_seq=after_seq, up_to_id=last_id, limit=self.batch_size
            )
            # In order: an earlier item waiting out its backoff holds back every later one,
            # so the server never receives sequence N+1 before N.
            batch = _due_prefix(pending, start)
            if not batch:
                break
            after_seq = batch[-1].terminal_seq
            parcels = self._readable(batch, report)
            if parcels:
                self._send(parcels, report)
            if len(batch) < len(pending):
                break

    # -- reversals and shift closes: one message per request ---------------------------------

    def _send_messages(
        self, kind: OutboxKind, start: datetime, last_id: int, report: SendReport
    ) -> None:
        """Send the due items of ``kind`` in sequence order; a waiting one holds back none."""
        after_seq = 0
        while not self._stopping.is_set():
            due = pending_items(
                self.db,
                kind,
                due_at=start,
                after_seq=after_seq,
                up_to_id=last_id,
                limit=self.batch_size,
            )
            for item in due:
                if self._stopping.is_set():
                    return
                after_seq = item.terminal_seq
                wait = self._waits_for(item, start)
                if wait is None:
                    self._send_message(kind, item, report)
                    continue
                with self.db.write_transaction() as connection:
                    hold_item(connection, item.item_id, *wait)
                report.waiting += 1
            if len(due) < self.batch_size:
                return

    def _waits_for(self, item: OutboxItem, start: datetime) -> tuple[str, datetime] | None:
        """Why ``item`` must not go yet, and until when it waits; None: it may go now."""
        if item.kind is OutboxKind.PASSWORD_RESET:
            return None  # about an operator, not money: nothing has to reach head office first
        if item.kind in (OutboxKind.REVERSAL, OutboxKind.CHEQUE_BOUNCE):
            try:
                payment_id = item.body().get("payment_id")
            except (ValueError, RecursionError):
                return None  # sent as it is: _send_message puts it on the attention list
            first = find_item(self.db, payment_id) if isinstance(payment_id, str) else None
            if first is None or first.state is OutboxState.DONE:
                return None  # no item (e.g. set aside and pruned) or answered: it may go
            reason = WAITS_FOR_PAYMENT
        else:
            earlier = pending_items(self.db, OutboxKind.PAYMENT, up_to_id=item.id, limit=1)
            if not earlier:
                return None
            first, reason = earlier[0], WAITS_FOR_PAYMENTS
        # A pending payment is retried at its own time; one on the attention list waits for a
        # supervisor, so look again after the longest backoff. Never sooner than one base wait:
        # a waiting item must not make the sender spin.
        soonest = start + timedelta(seconds=self.backoff.base_seconds)
        if first.state is OutboxState.PENDING:
            return reason, max(first.next_attempt_at or soonest, soonest)
        return reason, start + timedelta(seconds=self.backoff.cap_seconds)

    def _send_message(self, kind: OutboxKind, item: OutboxItem, report: SendReport) -> None:
        """POST one message; record its answer, or put it on the attention list if refused.

        Raises :class:`_LinkDownError` (the try counted) when the pass cannot go on.
        """
        parcels = self._readable([item], report)  # an unreadable body goes to attention
        if not parcels:
            return
        parcel = parcels[0]
        report.uploads += 1
        report.sent += 1
        try:
            response = self.uplink.request("POST", MESSAGE_PATHS[kind], json_body=parcel[1])
        except CentralRefused as refused:
            if not _refuses_message(refused):
                raise _LinkDownError(
                    refused.message,
                    tries=self._count_try([item], refused.message),
                    credential=isinstance(refused, CredentialRefused),
                    not_before=refused.retry_after,
                ) from None
            what = "conflict" if refused.status == 409 else "the server cannot take this item"
            answer = json.dumps({"http_status": refused.status, "code": refused.code})
            error = f"{what}: {refused.message}"
            self._record([Answer(item.item_id, OutboxState.ATTENTION, answer, error)], [], report)
            return
        except CentralUnreachable as failure:
            tries = self._count_try([item], failure.message)
            raise _LinkDownError(failure.message, tries=tries) from None
        try:
            key, wire = _message_answer(kind, response.content)
        except (ValueError, RecursionError) as error:  # ProtocolError is a ValueError
            detail = error if isinstance(error, ProtocolError) else "not JSON"
            message = f"the server's answer could not be read ({detail})"
            raise _LinkDownError(message, tries=self._count_try([item], message)) from None
        if key == item.item_id:
            self._record([Answer(item.item_id, OutboxState.DONE, wire)], [], report)
        else:  # an answer about another message: this one is still unanswered
            self._record([], [item], report)

    def _readable(self, batch: Sequence[OutboxItem], report: SendReport) -> list[_Parcel]:
        """The batch's items with the bodies they are sent with.

        An item whose stored body cannot be read can never be sent: it goes to the attention
        list instead of holding up the rest.
        """
        parcels: list[_Parcel] = []
        broken: list[Answer] = []
        for item in batch:
            try:
                parcels.append((item, _sent_body(item)))
            except (ValueError, RecursionError):
                error = "the stored message cannot be read; it was not sent"
                broken.append(Answer(item.item_id, OutboxState.ATTENTION, None, error))
        if broken:
            self._record(broken, [], report)
        return parcels

    def _send(self, parcels: Sequence[_Parcel], report: SendReport) -> None:
        report.uploads += 1
        report.sent += len(parcels)
        items = [item for item, _body in parcels]
        try:
            result = self._upload([body for _item, body in parcels])
        except CentralRefused as refused:
            if isinstance(refused, CredentialRefused) or refused.status not in CONTENT_REFUSALS:
                raise _LinkDownError(
                    refused.message,
                    tries=self._count_try(items, refused.message),
                    credential=isinstance(refused, CredentialRefused),
                    not_before=refused.retry_after,
                ) from None
            if len(parcels) > 1:  # find the item it cannot read by halving
                middle = len(parcels) // 2
                self._send(parcels[:middle], report)
                self._send(parcels[middle:], report)
                return
            error = f"the server cannot read this item: {refused.message}"
            answer = json.dumps({"http_status": refused.status, "code": refused.code})
            self._record(
                [Answer(items[0].item_id, OutboxState.ATTENTION, answer, error)], [], report
            )
            return
        except CentralUnreachable as failure:
            tries = self._count_try(items, failure.message)
            raise _LinkDownError(failure.message, tries=tries) from None
        answers, unanswered = _sort_answers(items, result.outcomes)
        report.gaps = result.gaps
        self._record(answers, unanswered, report)

    def _upload(self, bodies: list[dict[str, object]]) -> BatchResult:
        response = self.uplink.request("POST", UPLOAD_PATH, json_body={"payments": bodies})
        try:
            return batch_result_from_wire(json.loads(response.content))
        except (ValueError, RecursionError) as error:  # ProtocolError is a ValueError
            detail = error if isinstance(error, ProtocolError) else "not JSON"
            raise CentralUnreachable(f"the server's answer could not be read ({detail})") from None

    # -- bookkeeping --------------------------------------------------------------------------

    def _record(
        self, answers: Sequence[Answer], unanswered: Sequence[OutboxItem], report: SendReport
    ) -> None:
        now = self.clock()
        tries = max((item.attempts + 1 for item in unanswered), default=1)
        retry_at = now + self.backoff.delay(tries, self.draw)
        with self.db.write_transaction() as connection:
            record_answers(connection, answers, now)
            # The payments keep head office's answer themselves (the outbox may be pruned).
            record_central_answers(connection)
            left_out = [item.item_id for item in unanswered]
            record_unanswered(connection, left_out, NOT_NAMED, retry_at)
        report.done += sum(1 for a in answers if a.state is OutboxState.DONE)
        report.attention += sum(1 for a in answers if a.state is OutboxState.ATTENTION)
        report.unanswered += len(unanswered)
        if unanswered:
            log.warning("%d items were left out of the server's answer", len(unanswered))

    def _count_try(self, items: Sequence[OutboxItem], error: str) -> int:
        """Count a failed try on ``items``; the most tries any of them has had now."""
        now = self.clock()
        with self.db.write_transaction() as connection:
            record_unanswered(connection, [item.item_id for item in items], error, now)
        return max((item.attempts + 1 for item in items), default=1)

    def _hold_back(self, down: _LinkDownError) -> None:
        """The link failed: every pending item waits a backoff drawn from the tries so far."""
        now = self.clock()
        until = now + self.backoff.delay(down.tries, self.draw)
        if down.not_before is not None:  # a 429's Retry-After, capped like any wait
            wait = min(down.not_before, self.backoff.cap_seconds)
            until = max(until, now + timedelta(seconds=wait))
        with self.db.write_transaction() as connection:
            for kind in SENT_KINDS:
                hold_back(connection, kind, until)
        log.info("upload failed (%s); next try at %s", down.message, until.isoformat())

    # -- running ------------------------------------------------------------------------------

    def wake(self) -> None:
        """Send now-due items without waiting for the next poll (e.g. after a payment)."""
        self._wake.set()

    def stop(self) -> None:
        """Make :meth:`run` return after the upload in progress (if any) is recorded."""
        self._stopping.set()
        self._wake.set()

    def run(self, poll_seconds: float = 30.0) -> None:
        """Send until :meth:`stop`: each pass, then wait until the next item is due.

        Run it on the sync worker, never on the UI thread.
        """
        while not self._stopping.is_set():
            wait = poll_seconds
            try:
                report = self.send_due()
            except Exception:  # the loop outlives one failed pass (disk full, database busy)
                log.exception("an outbox pass failed; trying again in %s s", poll_seconds)
            else:
                if report.retry_at is not None:
                    until_due = (report.retry_at - self.clock()).total_seconds()
                    wait = min(max(until_due, 0.0), poll_seconds)
            self._wake.wait(wait)
            self._wake.clear()


def _sort_answers(
    items: Sequence[OutboxItem], outcomes: Sequence[PaymentOutcome]
) -> tuple[list[Answer], list[OutboxItem]]:
    """Match the answer to the batch by UUID only; items it does not name stay pending."""
    waiting = {item.item_id: item for item in items}
    answers: list[Answer] = []
    for outcome in outcomes:
        if outcome.payment_id is None or outcome.payment_id not in waiting:
            continue  # an answer for nothing we sent, or a second one: ignored
        del waiting[outcome.payment_id]
        wire = json.dumps(outcome_to_wire(outcome), separators=(",", ":"))
        if outcome.status in (PaymentStatus.POSTED, PaymentStatus.SUSPENSE):
            answers.append(Answer(outcome.payment_id, OutboxState.DONE, wire))
        else:
            reason = f"{outcome.status.value}: {outcome.error_code or ''} {outcome.message or ''}"
            answers.append(Answer(outcome.payment_id, OutboxState.ATTENTION, wire, reason.strip()))
    return answers, list(waiting.values())


def _refuses_message(refused: CentralRefused) -> bool:
    """Whether a 4xx refuses this one message (attention) rather than the terminal or link."""
    if isinstance(refused, CredentialRefused):
        return refused.status == 403 and refused.code in MESSAGE_FORBIDDEN
    return refused.status in MESSAGE_REFUSALS


def _message_answer(kind: OutboxKind, content: bytes) -> tuple[str, str]:
    """The UUID the server's answer names, and the answer as stored; ValueError if unreadable."""
    value = json.loads(content)
    if kind is OutboxKind.PASSWORD_RESET:
        reset = password_reset_answer_from_wire(value)
        return reset.reset_id, json.dumps(
            password_reset_answer_to_wire(reset), separators=(",", ":")
        )
    if kind is OutboxKind.CHEQUE_BOUNCE:
        bounce = cheque_bounce_answer_from_wire(value)
        return bounce.bounce_id, json.dumps(
            cheque_bounce_answer_to_wire(bounce), separators=(",", ":")
        )
    if kind is OutboxKind.REVERSAL:
        reversal = reversal_answer_from_wire(value)
        wire = reversal_answer_to_wire(reversal)
        key = reversal.reversal_id
    else:
        close = shift_close_answer_from_wire(value)
        wire = shift_close_answer_to_wire(close)
        key = close.shift_id
    return key, json.dumps(wire, separators=(",", ":"))


def _sent_body(item: OutboxItem) -> dict[str, object]:
    """The body ``item`` is sent with: the stored one, the same on every try.

    Password resets queued by an older version of the counter have no ``reset_id`` in their
    body; the item's UUID is the message's (the server's idempotency key), so it is added.
    """
    body = item.body()
    if item.kind is OutboxKind.PASSWORD_RESET and "reset_id" not in body:
        body = {"reset_id": item.item_id, **body}
    return body


def _due_prefix(items: Sequence[OutboxItem], now: datetime) -> list[OutboxItem]:
    """The leading items (in sequence order) whose next try is due by ``now``."""
    due: list[OutboxItem] = []
    for item in items:
        if item.next_attempt_at is not None and item.next_attempt_at > now:
            break
        due.append(item)
    return due
