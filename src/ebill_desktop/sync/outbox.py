"""The outbox: what the terminal owes head office, written with the record it carries.

A payment, a void's reversal, a shift close or a password reset is put in the outbox by
:func:`enqueue` **inside the caller's write transaction**, the same one that stores the record,
so either both are committed or neither is. The sender (:mod:`ebill_desktop.sync.sender`)
reads pending items in terminal-sequence order, uploads them and records the server's answers
here.

An item's ``item_id`` is its UUID, the idempotency key the server keys on; its body is stored
once, as JSON text, and sent unchanged on every try. States:

* ``pending``: to be sent (again), not before ``next_attempt_at``;
* ``done``: the server's answer named the item (``posted`` or ``suspense``); the answer is kept;
* ``attention``: the server could not take it (``conflict``, ``rejected``, or an upload of this
  item alone refused as unreadable); ``last_error`` says why. A supervisor resolves it with
  :func:`resolve_attention`: send it again, or set it aside with a note.

Moments are stored as ISO text in UTC (text order is time order).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ebill_core.protocol import (
    ChequeBounceMessage,
    PaymentMessage,
    ProtocolError,
    ReversalMessage,
    ShiftCloseMessage,
    cheque_bounce_from_wire,
    cheque_bounce_to_wire,
    payment_from_wire,
    payment_to_wire,
    reversal_from_wire,
    reversal_to_wire,
    shift_close_from_wire,
    shift_close_to_wire,
)
from ebill_core.protocol.password_reset import (
    PasswordResetMessage,
    password_reset_from_wire,
    password_reset_to_wire,
)
from ebill_desktop.storage.column_types import datetime_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase

MAX_NOTE = 500  # characters of a supervisor's note


class OutboxKind(StrEnum):
    PAYMENT = "payment"
    # A password set for an operator at this counter (PasswordResetMessage: the new argon2id
    # hash), keyed by its own UUID; sent to POST /api/v1/password-resets after the shift
    # closes (ebill_desktop.security.password_change, docs/security.md).
    PASSWORD_RESET = "password_reset"
    # A closed shift's control totals (ShiftCloseMessage), keyed by the shift's UUID; sent to
    # POST /api/v1/shift-closes after the payments and reversals enqueued before it.
    SHIFT_CLOSE = "shift_close"
    # A void (ReversalMessage), keyed by its reversal UUID; sent to POST /api/v1/reversals
    # only once its payment's item is done.
    REVERSAL = "reversal"
    # A cheque tender returned unpaid (ChequeBounceMessage), keyed by its bounce UUID; sent to
    # POST /api/v1/cheque-bounces only once its payment's item is done
    # (ebill_desktop.services.cheque_bounce).
    CHEQUE_BOUNCE = "cheque_bounce"


class OutboxState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    ATTENTION = "attention"


class Resolution(StrEnum):
    """What a supervisor does with an item on the attention list."""

    RETRY = "retry"  # back to pending, sent again at once (e.g. after a server fix)
    SET_ASIDE = "set_aside"  # handled at head office by hand: done, with the note


class OutboxError(ValueError):
    """Bad input to the outbox; ``message`` says what, and nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DuplicateItemError(OutboxError):
    """The UUID, or the kind's terminal sequence number, is already in the outbox."""


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A message to put in the outbox: its kind, UUID, terminal sequence and wire body."""

    kind: OutboxKind
    item_id: str
    terminal_seq: int
    body: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row as read back."""

    id: int
    item_id: str
    kind: OutboxKind
    terminal_seq: int
    body_json: str
    created_at: datetime
    state: OutboxState
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    answered_at: datetime | None
    answer_json: str | None
    resolved_at: datetime | None
    resolution: str | None

    def body(self) -> dict[str, object]:
        """The message as it is sent (the same on every try)."""
        value = json.loads(self.body_json)
        if not isinstance(value, dict):
            raise OutboxError(f"outbox item {self.item_id}: the stored body is not an object")
        return value

    def answer(self) -> dict[str, object] | None:
        """The server's answer for this item, if it has one."""
        value = None if self.answer_json is None else json.loads(self.answer_json)
        return value if isinstance(value, dict) else None


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    """What the status bar shows: items waiting, the attention list, the oldest waiting."""

    pending: int
    attention: int
    oldest_pending_at: datetime | None

    def oldest_age(self, now: datetime) -> timedelta | None:
        """How long the oldest waiting item has waited (``None`` when nothing waits)."""
        if self.oldest_pending_at is None:
            return None
        return max(now - self.oldest_pending_at, timedelta(0))


def utc_now() -> datetime:
    return datetime.now(UTC)


def payment_entry(payment: PaymentMessage) -> OutboxEntry:
    """The outbox entry for a payment: keyed by its UUID, ordered by its terminal sequence."""
    return OutboxEntry(
        OutboxKind.PAYMENT, payment.payment_id, payment.terminal_seq, payment_to_wire(payment)
    )


def next_seq(connection: Connection, kind: OutboxKind) -> int:
    """The kind's next terminal sequence number, in the caller's write transaction.

    Gap-free within the kind: the last one enqueued plus one. The transaction is BEGIN
    IMMEDIATE, so no other writer can take the same number before this one commits.
    """
    row = connection.exec_driver_sql(
        "SELECT COALESCE(MAX(terminal_seq), 0) + 1 FROM outbox WHERE kind = ?", (kind.value,)
    ).first()
    return 1 if row is None else int(row[0])


def shift_close_entry(message: ShiftCloseMessage, terminal_seq: int) -> OutboxEntry:
    """The outbox entry for a closed shift: keyed by the shift's UUID (the server's key too)."""
    body = shift_close_to_wire(message)
    return OutboxEntry(OutboxKind.SHIFT_CLOSE, message.shift_id, terminal_seq, body)


def reversal_entry(message: ReversalMessage, terminal_seq: int) -> OutboxEntry:
    """The outbox entry for a void: keyed by the reversal's own UUID."""
    body = reversal_to_wire(message)
    return OutboxEntry(OutboxKind.REVERSAL, message.reversal_id, terminal_seq, body)


def password_reset_entry(message: PasswordResetMessage, terminal_seq: int) -> OutboxEntry:
    """The outbox entry for a password set at this counter: keyed by the message's UUID."""
    body = password_reset_to_wire(message)
    return OutboxEntry(OutboxKind.PASSWORD_RESET, message.reset_id, terminal_seq, body)


def cheque_bounce_entry(message: ChequeBounceMessage, terminal_seq: int) -> OutboxEntry:
    """The outbox entry for a bounced cheque: keyed by the bounce's own UUID."""
    body = cheque_bounce_to_wire(message)
    return OutboxEntry(OutboxKind.CHEQUE_BOUNCE, message.bounce_id, terminal_seq, body)


def enqueue_message(
    connection: Connection,
    message: ShiftCloseMessage | ReversalMessage | PasswordResetMessage | ChequeBounceMessage,
    now: datetime | None = None,
) -> OutboxEntry:
    """Enqueue a shift close, a reversal, a password reset or a cheque bounce with its kind's
    next sequence number (see :func:`next_seq`), in the caller's write transaction; the entry
    written."""
    if isinstance(message, ShiftCloseMessage):
        entry = shift_close_entry(message, next_seq(connection, OutboxKind.SHIFT_CLOSE))
    elif isinstance(message, PasswordResetMessage):
        entry = password_reset_entry(message, next_seq(connection, OutboxKind.PASSWORD_RESET))
    elif isinstance(message, ChequeBounceMessage):
        entry = cheque_bounce_entry(message, next_seq(connection, OutboxKind.CHEQUE_BOUNCE))
    else:
        entry = reversal_entry(message, next_seq(connection, OutboxKind.REVERSAL))
    enqueue(connection, entry, now)
    return entry


# -- writing (inside the caller's write transaction) ------------------------------------------

_INSERT = (
    "INSERT INTO outbox (item_id, kind, terminal_seq, body_json, created_at, state, attempts) "
    "VALUES (?, ?, ?, ?, ?, 'pending', 0)"
)


def enqueue(
    connection: Connection, item: OutboxEntry | PaymentMessage, now: datetime | None = None
) -> None:
    """Put ``item`` in the outbox, in the caller's open write transaction.

    Call it inside the ``write_transaction()`` that stores the record the item carries, so a
    rollback leaves neither. A bad entry (unknown kind, malformed UUID, a body that is not the
    protocol's shape or disagrees with the entry) or a duplicate raises :class:`OutboxError`
    before anything is written.
    """
    entry = payment_entry(item) if isinstance(item, PaymentMessage) else item
    body_json = _checked_body(entry)
    when = _aware(now or utc_now(), "now")
    clash = connection.exec_driver_sql(
        "SELECT item_id, kind, terminal_seq FROM outbox "
        "WHERE item_id = ? OR (kind = ? AND terminal_seq = ?) LIMIT 1",
        (entry.item_id, entry.kind.value, entry.terminal_seq),
    ).first()
    if clash is not None:
        what = (
            f"item {entry.item_id}"
            if clash[0] == entry.item_id
            else f"{entry.kind.value} sequence number {entry.terminal_seq}"
        )
        raise DuplicateItemError(f"The outbox already holds {what}; nothing was added.")
    connection.exec_driver_sql(
        _INSERT,
        (
            entry.item_id,
            entry.kind.value,
            entry.terminal_seq,
            body_json,
            datetime_text(when),
        ),
    )


def _checked_body(entry: OutboxEntry) -> str:
    if not isinstance(entry.kind, OutboxKind):
        raise OutboxError(f"Unknown outbox kind {entry.kind!r}.")
    try:
        canonical = str(uuid.UUID(str(entry.item_id)))
    except ValueError:
        raise OutboxError(f"The item id {entry.item_id!r} is not a UUID.") from None
    if canonical != entry.item_id:
        raise OutboxError(f"The item id {entry.item_id!r} is not a lower-case 8-4-4-4-12 UUID.")
    seq = entry.terminal_seq
    if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq < 2**63:
        raise OutboxError(f"The terminal sequence number {seq!r} is not a positive integer.")
    if not isinstance(entry.body, Mapping):
        raise OutboxError("The message body is not a JSON object.")
    if entry.kind in _MESSAGE_CODECS:
        return _message_body(entry)
    if entry.kind is not OutboxKind.PAYMENT:
        return _plain_body(entry)
    try:
        payment = payment_from_wire(dict(entry.body))
    except ProtocolError as error:
        raise OutboxError(f"The payment cannot be sent as it is: {error}") from None
    if payment.payment_id != entry.item_id or payment.terminal_seq != seq:
        raise OutboxError("The payment's UUID or sequence number differs from the entry's.")
    # Stored as the canonical wire form, so every try sends exactly the same bytes' meaning.
    return json.dumps(payment_to_wire(payment), ensure_ascii=False, separators=(",", ":"))


def _shift_close_key(body: dict[str, object]) -> str:
    return shift_close_from_wire(body).shift_id


def _reversal_key(body: dict[str, object]) -> str:
    return reversal_from_wire(body).reversal_id


def _password_reset_key(body: dict[str, object]) -> str:
    return password_reset_from_wire(body).reset_id


def _cheque_bounce_key(body: dict[str, object]) -> str:
    return cheque_bounce_from_wire(body).bounce_id


# Kinds whose body is a protocol message: checked with the server's own decoder, which also
# gives the message's UUID (it must be the entry's).
_MESSAGE_CODECS = {
    OutboxKind.SHIFT_CLOSE: _shift_close_key,
    OutboxKind.REVERSAL: _reversal_key,
    OutboxKind.PASSWORD_RESET: _password_reset_key,
    OutboxKind.CHEQUE_BOUNCE: _cheque_bounce_key,
}


def _message_body(entry: OutboxEntry) -> str:
    body = dict(entry.body)
    try:
        key = _MESSAGE_CODECS[entry.kind](body)
    except ProtocolError as error:
        what = entry.kind.value
        raise OutboxError(f"The {what} message cannot be sent as it is: {error}") from None
    if key != entry.item_id:
        raise OutboxError(f"The {entry.kind.value} message's UUID differs from the entry's.")
    return _plain_body(entry)


def _plain_body(entry: OutboxEntry) -> str:
    # Kinds other than payments are checked by the module that makes them; here only that the
    # body is JSON (no NaN, no objects JSON cannot hold), stored once and sent unchanged.
    try:
        return json.dumps(
            dict(entry.body), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    except (TypeError, ValueError) as error:
        raise OutboxError(f"The {entry.kind.value} message is not plain JSON: {error}") from None


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise OutboxError(f"{name} must carry its UTC offset")
    return value


def resolve_attention(
    connection: Connection,
    item_id: str,
    resolution: Resolution,
    note: str,
    now: datetime | None = None,
) -> None:
    """Take an item off the attention list: send it again, or set it aside with a note.

    ``note`` (who decided and why) is required. An item that is not on the attention list
    raises :class:`OutboxError` and nothing changes.
    """
    if not isinstance(resolution, Resolution):
        raise OutboxError(f"Unknown resolution {resolution!r}.")
    note = note.strip()
    if not note:
        raise OutboxError("Say who resolved the item and why.")
    if len(note) > MAX_NOTE:
        raise OutboxError(f"The note is longer than {MAX_NOTE} characters.")
    when = datetime_text(_aware(now or utc_now(), "now"))
    record = f"{resolution.value}: {note}"
    if resolution is Resolution.RETRY:
        statement = (
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, resolved_at = ?, "
            "resolution = ? WHERE item_id = ? AND state = 'attention'"
        )
        parameters: tuple[object, ...] = (when, when, record, item_id)
    else:
        statement = (
            "UPDATE outbox SET state = 'done', resolved_at = ?, resolution = ? "
            "WHERE item_id = ? AND state = 'attention'"
        )
        parameters = (when, record, item_id)
    if connection.exec_driver_sql(statement, parameters).rowcount != 1:
        raise OutboxError(f"Item {item_id} is not on the attention list; nothing was changed.")


# -- the sender's bookkeeping (each call inside one write transaction) ------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """The server's answer for one item: where it goes (done or attention) and why."""

    item_id: str
    state: OutboxState
    answer_json: str | None  # None: set aside here, without the server's word
    error: str | None = None


def record_answers(connection: Connection, answers: Iterable[Answer], now: datetime) -> int:
    """Mark answered pending items done or attention; returns how many rows changed."""
    when = datetime_text(now)
    changed = 0
    for answer in answers:
        if answer.state is OutboxState.PENDING:
            raise OutboxError("an answer moves an item to done or attention")
        changed += connection.exec_driver_sql(
            "UPDATE outbox SET state = ?, answer_json = ?, answered_at = ?, last_error = ?, "
            "attempts = attempts + 1, next_attempt_at = NULL "
            "WHERE item_id = ? AND state = 'pending'",
            (answer.state.value, answer.answer_json, when, answer.error, answer.item_id),
        ).rowcount
    return changed


def record_unanswered(
    connection: Connection, item_ids: Sequence[str], error: str, retry_at: datetime
) -> None:
    """Count a try for items that got no answer, and hold them back until ``retry_at``."""
    for item_id in item_ids:
        connection.exec_driver_sql(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
            "WHERE item_id = ? AND state = 'pending'",
            (error, datetime_text(retry_at), item_id),
        )


def hold_back(connection: Connection, kind: OutboxKind, until: datetime) -> None:
    """Hold every pending item of ``kind`` back until ``until`` (the link is down: wait)."""
    when = datetime_text(until)
    connection.exec_driver_sql(
        "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND kind = ? "
        "AND (next_attempt_at IS NULL OR next_attempt_at < ?)",
        (when, kind.value, when),
    )


def hold_item(connection: Connection, item_id: str, reason: str, until: datetime) -> None:
    """Hold one pending item back until ``until``, saying why, without counting a try (it
    waits for another item to be answered first, e.g. a reversal for its payment)."""
    connection.exec_driver_sql(
        "UPDATE outbox SET last_error = ?, next_attempt_at = ? "
        "WHERE item_id = ? AND state = 'pending'",
        (reason, datetime_text(until), item_id),
    )


# -- reading (the per-thread reader: never blocks the write lane) -----------------------------

_SELECT_ITEMS = (
    "SELECT id, item_id, kind, terminal_seq, body_json, created_at, state, attempts, "
    "next_attempt_at, last_error, answered_at, answer_json, resolved_at, resolution FROM outbox "
)
_PENDING = _SELECT_ITEMS + (
    "WHERE state = 'pending' AND kind = ? AND terminal_seq > ? AND id <= ? "
    "ORDER BY terminal_seq, id LIMIT ?"
)
_PENDING_DUE = _SELECT_ITEMS + (
    "WHERE state = 'pending' AND kind = ? AND terminal_seq > ? AND id <= ? "
    "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY terminal_seq, id LIMIT ?"
)
_LAST_ID = "SELECT COALESCE(MAX(id), 0) FROM outbox"
_NO_LIMIT = 2**63 - 1
_ATTENTION = _SELECT_ITEMS + "WHERE state = 'attention' ORDER BY created_at, id"
_BY_ID = _SELECT_ITEMS + "WHERE item_id = ?"


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _item(row: Sequence[Any]) -> OutboxItem:
    return OutboxItem(
        id=row[0],
        item_id=row[1],
        kind=OutboxKind(row[2]),
        terminal_seq=row[3],
        body_json=row[4],
        created_at=datetime.fromisoformat(row[5]),
        state=OutboxState(row[6]),
        attempts=row[7],
        next_attempt_at=_moment(row[8]),
        last_error=row[9],
        answered_at=_moment(row[10]),
        answer_json=row[11],
        resolved_at=_moment(row[12]),
        resolution=row[13],
    )


def pending_items(
    db: CacheDatabase,
    kind: OutboxKind = OutboxKind.PAYMENT,
    *,
    due_at: datetime | None = None,
    after_seq: int = 0,
    up_to_id: int | None = None,
    limit: int = 500,
) -> list[OutboxItem]:
    """Pending items of ``kind`` in terminal-sequence order, after ``after_seq``.

    With ``due_at``, only items whose next try is due by then; with ``up_to_id``, only items
    enqueued no later than the row of that ``id`` (see :func:`last_item_id`).
    """
    if limit < 1:
        raise OutboxError("limit is at least 1")
    reader = db.reader()
    last = _NO_LIMIT if up_to_id is None else up_to_id
    if due_at is None:
        rows = reader.execute(_PENDING, (kind.value, after_seq, last, limit))
    else:
        due = datetime_text(_aware(due_at, "due_at"))
        rows = reader.execute(_PENDING_DUE, (kind.value, after_seq, last, due, limit))
    return [_item(row) for row in rows]


def last_item_id(db: CacheDatabase) -> int:
    """The ``id`` of the newest outbox row (0 for an empty outbox): where a pass stops."""
    return int(db.reader().execute(_LAST_ID).fetchone()[0])


def attention_items(db: CacheDatabase) -> list[OutboxItem]:
    """The attention list, oldest first."""
    return [_item(row) for row in db.reader().execute(_ATTENTION)]


def find_item(db: CacheDatabase, item_id: str) -> OutboxItem | None:
    """The outbox row of ``item_id``, whatever its state."""
    found = db.reader().execute(_BY_ID, (item_id,)).fetchone()
    return None if found is None else _item(found)


def next_due(db: CacheDatabase, kind: OutboxKind = OutboxKind.PAYMENT) -> datetime | None:
    """When the earliest pending item of ``kind`` may be sent (``None``: nothing pending).

    An item never tried is due from when it was made.
    """
    row = (
        db.reader()
        .execute(
            "SELECT MIN(COALESCE(next_attempt_at, created_at)) FROM outbox "
            "WHERE state = 'pending' AND kind = ?",
            (kind.value,),
        )
        .fetchone()
    )
    return _moment(row[0])


def outbox_status(db: CacheDatabase) -> OutboxStatus:
    """Counts for the status bar: waiting, needing attention, and the oldest waiting."""
    row = (
        db.reader()
        .execute(
            "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'attention'), 0), "
            "MIN(CASE WHEN state = 'pending' THEN created_at END) "
            "FROM outbox WHERE state IN ('pending', 'attention')"
        )
        .fetchone()
    )
    return OutboxStatus(int(row[0]), int(row[1]), _moment(row[2]))
