"""The durable record of every card/UPI request: table ``card_requests`` (migration 0004).

A row is committed **before** its request goes to the terminal, so a crash at any later moment
leaves a trace that recovery asks the terminal about. States:

* ``pending``: sent (or about to be); the terminal's answer is not known yet;
* ``approved``: the terminal took the money; the payment holding the tender is not committed yet;
* ``used``: the payment holding the tender committed (:func:`mark_used`, in its transaction);
* ``declined``, ``cancelled``, ``reversed``: no money was taken (or it was given back);
* ``needs_attention``: taken out of the payment's reach and to be brought to "no money
  taken": a cancel or reversal is under way, or what the terminal said does not fit what we
  hold (e.g. a cancelled request it reports approved). Recovery asks the terminal again and
  cancels or reverses it; a supervisor sees it meanwhile. It never goes back to ``approved``.

Writers take the caller's SQLAlchemy connection inside ``CacheDatabase.write_transaction()``;
readers use the cache's per-thread read connection. Only the permitted card details are stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from ebill_core.money import Money
from ebill_core.protocol.payments import Tender, TenderKind
from ebill_desktop.payment_terminals.adapter import (
    Approved,
    Cancelled,
    Declined,
    SaleRequest,
    TerminalResult,
    Unknown,
    redact_card_numbers,
)
from ebill_desktop.storage.column_types import datetime_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase


class CardRequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    REVERSED = "reversed"
    USED = "used"
    NEEDS_ATTENTION = "needs_attention"


# States recovery asks the terminal about: the money may be taken without a receipt for it.
OPEN_STATES = (
    CardRequestState.PENDING,
    CardRequestState.APPROVED,
    CardRequestState.NEEDS_ATTENTION,
)
NO_MONEY_STATES = (CardRequestState.DECLINED, CardRequestState.CANCELLED, CardRequestState.REVERSED)


class CardRequestError(ValueError):
    """A card request cannot be used or changed as asked; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class CardRequest:
    """One row of ``card_requests`` as read back."""

    request_id: str
    payment_id: str
    kind: TenderKind
    amount: Money
    device_id: str
    state: CardRequestState
    scheme: str | None
    last4: str | None
    rrn: str | None
    auth_code: str | None
    created_at: datetime
    updated_at: datetime
    error: str | None

    def tender(self) -> Tender:
        """The tender this approved request pays with (what the payment stores and sends)."""
        if self.state not in (CardRequestState.APPROVED, CardRequestState.USED):
            raise CardRequestError(f"The {self.kind.value} request is {self.state.value}.")
        return Tender(
            kind=self.kind,
            amount=self.amount,
            reference=self.rrn,
            card_last4=self.last4,
            card_scheme=self.scheme,
            auth_code=self.auth_code,
            device_id=self.device_id,
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


_COLUMNS = (
    "request_id, payment_id, kind, amount_minor, currency, device_id, state, scheme, last4, "
    "rrn, auth_code, created_at, updated_at, error"
)
_BY_ID = f"SELECT {_COLUMNS} FROM card_requests WHERE request_id = ?"  # noqa: S608 (constant)


def _request(row: sqlite3.Row | tuple[object, ...]) -> CardRequest:
    values = tuple(row)
    return CardRequest(
        request_id=str(values[0]),
        payment_id=str(values[1]),
        kind=TenderKind(values[2]),
        amount=Money(int(str(values[3])), str(values[4])),
        device_id=str(values[5]),
        state=CardRequestState(values[6]),
        scheme=_opt(values[7]),
        last4=_opt(values[8]),
        rrn=_opt(values[9]),
        auth_code=_opt(values[10]),
        created_at=datetime.fromisoformat(str(values[11])),
        updated_at=datetime.fromisoformat(str(values[12])),
        error=_opt(values[13]),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


# -- writing, inside the caller's write transaction -------------------------------------------


def insert_pending(
    connection: Connection,
    sale: SaleRequest,
    payment_id: str,
    device_id: str,
    now: datetime | None = None,
) -> None:
    """Record ``sale`` as pending for ``payment_id``; commit this before the request goes out."""
    when = datetime_text(now or utc_now())
    connection.exec_driver_sql(
        f"INSERT INTO card_requests ({_COLUMNS}) "  # noqa: S608 (constant)
        "VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL, NULL, ?, ?, NULL)",
        (
            sale.request_id,
            payment_id,
            sale.kind.value,
            sale.amount.minor,
            sale.amount.currency,
            device_id,
            when,
            when,
        ),
    )


def get_in(connection: Connection, request_id: str) -> CardRequest | None:
    """The request as the caller's transaction sees it."""
    row = connection.exec_driver_sql(_BY_ID, (request_id,)).first()
    return None if row is None else _request(tuple(row))


def _set(
    connection: Connection,
    request_id: str,
    state: CardRequestState,
    error: str | None,
    now: datetime | None,
) -> None:
    connection.exec_driver_sql(
        "UPDATE card_requests SET state = ?, error = ?, updated_at = ? WHERE request_id = ?",
        (state.value, error, datetime_text(now or utc_now()), request_id),
    )


def record_result(
    connection: Connection,
    request_id: str,
    result: TerminalResult,
    now: datetime | None = None,
) -> CardRequest:
    """Store what the terminal said about a request; the row as it now stands.

    Only the terminal's word moves the state: :class:`Unknown` (and ``Pending``, ``NotFound``)
    keep it and just note the error. An answer that contradicts a final state (money taken on a
    request we hold as cancelled; a reversal of a used tender) goes to ``needs_attention``.
    """
    current = get_in(connection, request_id)
    if current is None:
        raise CardRequestError(f"No card request {request_id}.")
    if isinstance(result, Approved):
        _record_approved(connection, current, result, now)
    elif isinstance(result, Declined | Cancelled):
        _record_no_money(connection, current, result, now)
    elif isinstance(result, Unknown):
        _set(connection, request_id, current.state, redact_card_numbers(result.error), now)
    elif current.state is CardRequestState.PENDING:
        _set(connection, request_id, current.state, None, now)  # the terminal has it, waiting
    found = get_in(connection, request_id)
    assert found is not None  # it was there a moment ago, in this transaction
    return found


def _record_approved(
    connection: Connection, current: CardRequest, result: Approved, now: datetime | None
) -> None:
    if current.state in (CardRequestState.APPROVED, CardRequestState.USED):
        return
    if current.state in NO_MONEY_STATES:
        note = f"The terminal reports approved a request recorded as {current.state.value}."
        _set(connection, current.request_id, CardRequestState.NEEDS_ATTENTION, note, now)
        return
    details = result.details
    details.check_for(current.kind)
    # A request claimed for reversal stays out of the payment's reach, with its details noted.
    claimed = current.state is CardRequestState.NEEDS_ATTENTION
    state = CardRequestState.NEEDS_ATTENTION if claimed else CardRequestState.APPROVED
    connection.exec_driver_sql(
        "UPDATE card_requests SET state = ?, scheme = ?, last4 = ?, rrn = ?, auth_code = ?, "
        "error = ?, updated_at = ? WHERE request_id = ?",
        (
            state.value,
            details.scheme,
            details.last4,
            details.rrn,
            details.auth_code,
            current.error if claimed else None,
            datetime_text(now or utc_now()),
            current.request_id,
        ),
    )


def _record_no_money(
    connection: Connection,
    current: CardRequest,
    result: Declined | Cancelled,
    now: datetime | None,
) -> None:
    if current.state is CardRequestState.USED:
        why = "The terminal reports no money taken for a tender of a committed payment."
        _set(connection, current.request_id, CardRequestState.NEEDS_ATTENTION, why, now)
        return
    note: str | None = None
    if isinstance(result, Declined):
        state, note = CardRequestState.DECLINED, redact_card_numbers(result.reason)
    elif result.reversed:
        state = CardRequestState.REVERSED
    else:
        state = CardRequestState.CANCELLED
    _set(connection, current.request_id, state, note, now)


def mark_used(connection: Connection, request_id: str, payment_id: str) -> CardRequest:
    """The payment ``payment_id`` holding this approved tender commits: call in its transaction.

    Raises :class:`CardRequestError` (so the payment's transaction rolls back) unless the
    request is approved and was made for this payment. Marking it again for the same payment
    changes nothing.
    """
    current = get_in(connection, request_id)
    if current is None:
        raise CardRequestError(f"No card request {request_id}.")
    if current.payment_id != payment_id:
        raise CardRequestError("This card request was made for another payment.")
    if current.state is CardRequestState.USED:
        return current
    if current.state is not CardRequestState.APPROVED:
        raise CardRequestError(
            f"The {current.kind.value} payment is {current.state.value}, not approved."
        )
    _set(connection, request_id, CardRequestState.USED, None, None)
    return replace(current, state=CardRequestState.USED, error=None)


def claim_for_reversal(
    connection: Connection, request_id: str, why: str, now: datetime | None = None
) -> bool:
    """Take an approved, unused request out of the payment's reach before reversing it.

    True when the request was approved (or already claimed) and no committed payment holds it;
    it is then ``needs_attention`` until the terminal confirms the reversal, so a payment that
    tries to commit with it meanwhile is refused by :func:`mark_used`.
    """
    current = get_in(connection, request_id)
    if current is None or current.state not in (
        CardRequestState.APPROVED,
        CardRequestState.NEEDS_ATTENTION,
        CardRequestState.PENDING,
    ):
        return False
    if held_by_payment(connection, request_id):
        return False
    _set(connection, request_id, CardRequestState.NEEDS_ATTENTION, why, now)
    return True


def held_by_payment(connection: Connection, request_id: str) -> bool:
    """True when a committed payment has a tender made with this request."""
    row = connection.exec_driver_sql(
        "SELECT 1 FROM payment_tenders WHERE card_request_id = ? LIMIT 1", (request_id,)
    ).first()
    return row is not None


def mark_used_by_payment(connection: Connection, request_id: str) -> None:
    """Record ``used`` for a request a committed payment holds (recovery's safety net)."""
    _set(connection, request_id, CardRequestState.USED, None, None)


# -- reading ----------------------------------------------------------------------------------


def load(db: CacheDatabase, request_id: str) -> CardRequest | None:
    """The request as committed, or None."""
    row = db.reader().execute(_BY_ID, (request_id,)).fetchone()
    return None if row is None else _request(row)


def open_requests(db: CacheDatabase) -> list[CardRequest]:
    """Requests whose money may be taken without a committed payment: recovery's work list."""
    rows = db.reader().execute(
        f"SELECT {_COLUMNS} FROM card_requests WHERE state IN (?, ?, ?) "  # noqa: S608
        "ORDER BY created_at",
        tuple(state.value for state in OPEN_STATES),
    )
    return [_request(row) for row in rows]


def attention_list(db: CacheDatabase) -> list[CardRequest]:
    """What a supervisor should see: ``needs_attention`` rows and open rows with an error."""
    rows = db.reader().execute(
        f"SELECT {_COLUMNS} FROM card_requests "  # noqa: S608 (constant)
        "WHERE state = 'needs_attention' "
        "OR (state IN ('pending', 'approved') AND error IS NOT NULL) ORDER BY created_at"
    )
    return [_request(row) for row in rows]
