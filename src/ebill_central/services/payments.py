"""Payments uploaded by terminals: each posted exactly once, none ever simply dropped.

Per item:

* the UUID seen before with the same content: the first answer is given again, nothing changes;
* the UUID (or the terminal's sequence number) seen before with different content: ``conflict``,
  nothing changes, and the clash goes on the attention queue;
* an unknown account: the money is held in ``suspense`` and flagged for review;
* otherwise ``posted``: each allocation is applied to its bill if the bill is still the version
  the cashier saw, still open and owes at least that much; if not, that part stays on the account
  as credit and is flagged (``bill_changed``). An unallocated remainder is credit (``credit``).
* an item that cannot be read at all is answered ``rejected`` and kept on the attention queue;
* an item the database refuses to store (twice) is answered ``rejected`` (``not_stored``) and
  kept on the attention queue, with nothing of it written; the rest of the batch is posted.

How (docs/central.md, "Payments in"): a batch is posted in **one transaction**: the payments
already held under the batch's UUIDs and sequence numbers, the accounts and the bills are read
with one statement each (bills locked in bill order), the items are judged in memory in batch
order, and the rows are written with one multi-row statement per table. If that transaction
fails for any reason but an unreachable database (another upload of the same payment committed
first, or one item the database refuses), it is rolled back whole and the items are posted
**one by one**, each in its own transaction, as the same code with a batch of one. The unique
key on the UUID (and on terminal + sequence) stays the last word on exactly-once in both ways.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, or_, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    AllocationRow,
    ChangeRow,
    PaymentRow,
    PostingRow,
    TenderRow,
)
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import change_values
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.payment_bills import (
    PAYABLE,
    BillState,
    lock_bills,
    one_of,
    write_bill_records,
)
from ebill_core.money import Money
from ebill_core.protocol import (
    BatchResult,
    Entity,
    PaymentMessage,
    PaymentOutcome,
    PaymentStatus,
    ProtocolError,
    Tender,
    payment_to_wire,
)
from ebill_core.protocol.payments import (
    outcome_from_wire,
    outcome_to_wire,
    payment_from_wire_fast,
    payment_id_from_wire,
)
from ebill_core.protocol.records import posting_to_wire
from ebill_core.records import PaymentPosting

log = logging.getLogger(__name__)

MAX_GAPS = 100
NOT_STORED = "not_stored"

# Missing sequence numbers below the highest received: before the first, and between neighbours.
_GAPS = text(
    """
    SELECT gap_low, gap_high FROM (
        SELECT 1 AS gap_low, MIN(terminal_seq) - 1 AS gap_high
        FROM payments WHERE terminal_id = :terminal
        UNION ALL
        SELECT terminal_seq + 1, next_seq - 1 FROM (
            SELECT terminal_seq,
                   LEAD(terminal_seq) OVER (ORDER BY terminal_seq) AS next_seq
            FROM payments WHERE terminal_id = :terminal
        ) AS neighbours
        WHERE next_seq > terminal_seq + 1
    ) AS gaps
    WHERE gap_high >= gap_low
    ORDER BY gap_low
    LIMIT :limit
    """
)
_PAYMENTS = cast(Table, PaymentRow.__table__)
_TENDERS = cast(Table, TenderRow.__table__)
_ALLOCATIONS = cast(Table, AllocationRow.__table__)
_POSTINGS = cast(Table, PostingRow.__table__)
_ACCOUNTS = cast(Table, AccountRow.__table__)
_CHANGES = cast(Table, ChangeRow.__table__)


_UNREAD = Money(0, "INR")  # the amount of an item that could not be read (never used)


@dataclass(frozen=True, slots=True)
class _Item:
    """One item of an upload as read: a payment (with its content hash), or why it is not."""

    index: int
    raw: object
    payment: PaymentMessage | None = None
    digest: str = ""
    amount: Money = _UNREAD  # the payment's total (its property adds the tenders up each time)
    error: ProtocolError | None = None


def post_batch(
    engine: Engine, terminal: TerminalIdentity, items: list[object], now: datetime | None = None
) -> BatchResult:
    """Post every item of an upload and report the terminal's gaps; one item never fails all.

    Raises :class:`~sqlalchemy.exc.OperationalError` only when the database cannot be used
    (the API answers 503 and the terminal sends the same batch again later).
    """
    moment = now or datetime.now(UTC)
    tid = terminal.terminal_id
    read = [_read(index, item) for index, item in enumerate(items)]
    try:
        outcomes = _post_together(engine, terminal, read, moment)
    except OperationalError:
        raise
    except IntegrityError:
        # A key already held: usually another upload of some of these payments committed
        # first (each item then sees it), rarely one item the database refuses.
        log.info("terminal %s: a batch met a key already held; posting one by one", tid)
        outcomes = [_post_alone(engine, terminal, item, moment) for item in read]
    except Exception:
        log.warning(
            "terminal %s: a batch could not be posted together; posting one by one",
            tid,
            exc_info=True,
        )
        outcomes = [_post_alone(engine, terminal, item, moment) for item in read]
    return BatchResult(tuple(outcomes), _gaps(engine, terminal))


def _read(index: int, raw: object) -> _Item:
    path = f"payments[{index}]"
    try:
        payment = payment_from_wire_fast(raw, path)
        _check_storable(payment, path)
    except ProtocolError as error:
        return _Item(index, raw, error=error)
    return _Item(index, raw, payment, body_hash(payment), payment.amount)


def _check_storable(payment: PaymentMessage, path: str) -> None:
    """Refuse a moment the database cannot hold: it stores moments in UTC.

    ``0001-01-01T00:00+05:30`` is a valid ISO time but lies before year 1 in UTC, so
    converting it overflowed and the upload was answered 500 (found while fuzzing the API).
    """
    try:
        payment.taken_at.astimezone(UTC)
    except OverflowError:
        raise ProtocolError(f"{path}.taken_at", "is out of range once converted to UTC") from None


def body_hash(payment: PaymentMessage) -> str:
    """SHA-256 of the payment's canonical JSON: the same payment always hashes the same.

    The canonical form is the whole wire message, tender details included, so a resend that
    differs in any of them (a card's auth code, the cash tendered) is a different payment.
    """
    canonical = _CANONICAL.encode(payment_to_wire(payment))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# json.dumps(..., sort_keys=True, separators=(",", ":")) without making an encoder per call.
# The text must never change: stored hashes decide whether a resend is the same payment.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def _gaps(engine: Engine, terminal: TerminalIdentity) -> tuple[tuple[int, int], ...]:
    with engine.connect() as connection:
        gaps = connection.execute(
            _GAPS, {"terminal": terminal.terminal_id, "limit": MAX_GAPS}
        ).all()
        connection.rollback()
    return tuple((int(low), int(high)) for low, high in gaps)


def _post_alone(
    engine: Engine, terminal: TerminalIdentity, item: _Item, now: datetime
) -> PaymentOutcome:
    """One item in its own transaction; a second refusal by the database keeps it for review."""
    failure: Exception | None = None
    for _attempt in range(2):
        try:
            return _post_together(engine, terminal, [item], now)[0]
        except OperationalError:
            raise
        except IntegrityError as error:
            failure = error  # another upload of this payment committed first: look again
        except Exception as error:
            failure = error
            break
    assert failure is not None
    return _keep_for_review(engine, terminal, item, failure, now)


def _keep_for_review(
    engine: Engine, terminal: TerminalIdentity, item: _Item, failure: Exception, now: datetime
) -> PaymentOutcome:
    """Answer ``rejected`` (nothing of the item was written) and put it on the attention queue."""
    payment_id = _readable_id(item.raw)
    cause = failure.orig if isinstance(failure, DBAPIError) else failure
    reason = f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}"
    log.error("terminal %s: payment %s not stored (%s)", terminal.terminal_id, payment_id, reason)
    try:
        with Session(engine) as session, session.begin():
            raise_attention(
                session,
                "payment_not_stored",
                f"terminal {terminal.terminal_id}: {payment_id or 'no payment id'}",
                f"{reason}\n{json.dumps(item.raw, default=str)}",
                now,
            )
    except OperationalError:
        raise
    except Exception:
        log.exception("payment %s could not be put on the attention queue either", payment_id)
    message = "the server could not store this payment; it is kept for review at head office"
    return PaymentOutcome(item.index, payment_id, PaymentStatus.REJECTED, (), NOT_STORED, message)


def _readable_id(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    try:
        return payment_id_from_wire(item.get("payment_id"), "payment_id")
    except ProtocolError:
        return None


def _post_together(
    engine: Engine, terminal: TerminalIdentity, items: Sequence[_Item], now: datetime
) -> list[PaymentOutcome]:
    """Post ``items`` in one transaction: all of them, or (on an exception) none."""
    with Session(engine) as session, session.begin():
        batch = _Batch(session, terminal, now)
        batch.look_up([item.payment for item in items if item.payment is not None])
        outcomes = [batch.judge(item) for item in items]
        batch.write()
    return outcomes


@dataclass(frozen=True, slots=True)
class _Held:
    """A payment the server holds (or took earlier in this batch)."""

    terminal_id: int
    digest: str
    outcome: PaymentOutcome


@dataclass
class _Batch:
    """The state of one posting transaction: what is known, and the rows to write."""

    session: Session
    terminal: TerminalIdentity
    now: datetime
    held: dict[str, _Held] = field(default_factory=dict)  # by payment UUID
    seqs: set[int] = field(default_factory=set)  # this terminal's sequence numbers in use
    offices: dict[str, str] = field(default_factory=dict)  # account -> office, known accounts
    bills: dict[str, BillState] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by table
    postings: list[tuple[PaymentPosting, str]] = field(default_factory=list)  # with its office

    @property
    def connection(self) -> Connection:
        return self.session.connection()

    # -- reading, one statement each --------------------------------------------------------

    def look_up(self, payments: Sequence[PaymentMessage]) -> None:
        """Read what judging ``payments`` needs: earlier payments, accounts, and (locked) bills."""
        if not payments:
            return
        tid = self.terminal.terminal_id
        c = self.connection
        # One query for both keys, so both are judged on the same snapshot (on PostgreSQL a
        # second query could see a resend of one of these payments commit in between).
        earlier = self.connection.execute(
            select(
                _PAYMENTS.c.payment_id,
                _PAYMENTS.c.terminal_id,
                _PAYMENTS.c.terminal_seq,
                _PAYMENTS.c.body_hash,
                _PAYMENTS.c.outcome,
            ).where(
                or_(
                    one_of(c, _PAYMENTS.c.payment_id, sorted({p.payment_id for p in payments})),
                    (_PAYMENTS.c.terminal_id == tid)
                    & one_of(
                        c, _PAYMENTS.c.terminal_seq, sorted({p.terminal_seq for p in payments})
                    ),
                )
            )
        )
        for payment_id, terminal_id, seq, digest, outcome in earlier:
            if terminal_id == tid:
                self.seqs.add(int(seq))
            self.held[payment_id] = _Held(
                int(terminal_id), digest, outcome_from_wire(json.loads(outcome))
            )
        accounts = sorted({p.account_no for p in payments})
        self.offices = {
            account_no: office_code
            for account_no, office_code in self.connection.execute(
                select(_ACCOUNTS.c.account_no, _ACCOUNTS.c.office_code).where(
                    one_of(c, _ACCOUNTS.c.account_no, accounts)
                )
            )
        }
        self.bills = lock_bills(
            self.connection, {a.bill_no for p in payments for a in p.allocations}
        )

    # -- judging, in batch order ------------------------------------------------------------

    def judge(self, item: _Item) -> PaymentOutcome:
        payment = item.payment
        if payment is None:
            assert item.error is not None
            return self._reject(item, item.error)
        same_id = self.held.get(payment.payment_id)
        if same_id is not None:
            if same_id.digest == item.digest and same_id.terminal_id == self.terminal.terminal_id:
                return replace(same_id.outcome, index=item.index)
            return self._conflict(item.index, payment, "payment_id_reused")
        if payment.terminal_seq in self.seqs:
            return self._conflict(item.index, payment, "terminal_seq_reused")
        office = self.offices.get(payment.account_no)
        if office is None:
            outcome = PaymentOutcome(
                item.index, payment.payment_id, PaymentStatus.SUSPENSE, ("unknown_account",)
            )
            self._attention(
                "payment_in_suspense",
                payment.payment_id,
                f"account {payment.account_no} is not known; {item.amount} held in suspense",
            )
            self._store(item, payment, outcome, set())
            return outcome
        applied = self._apply_allocations(payment)
        flags: list[str] = []
        if len(applied) < len(payment.allocations):
            flags.append("bill_changed")
        if _applied_minor(payment, applied) < item.amount.minor:
            flags.append("credit")
        outcome = PaymentOutcome(item.index, payment.payment_id, PaymentStatus.POSTED, tuple(flags))
        self._store(item, payment, outcome, applied)
        self._post_to_account(payment, item.amount, office)
        return outcome

    def _reject(self, item: _Item, error: ProtocolError) -> PaymentOutcome:
        payment_id = _readable_id(item.raw)
        self._attention(
            "payment_unreadable",
            f"terminal {self.terminal.terminal_id}: {payment_id or 'no payment id'}",
            f"{error}\n{json.dumps(item.raw, ensure_ascii=False, default=str)}",
        )
        return PaymentOutcome(
            item.index, payment_id, PaymentStatus.REJECTED, (), "invalid_message", str(error)
        )

    def _conflict(self, index: int, payment: PaymentMessage, code: str) -> PaymentOutcome:
        what = "payment id" if code == "payment_id_reused" else "sequence number"
        message = f"this {what} was already used for a different payment"
        sent = json.dumps(payment_to_wire(payment))
        self._attention(
            "payment_conflict",
            payment.payment_id,
            f"terminal {self.terminal.terminal_id} sent {sent}: {message}",
        )
        return PaymentOutcome(index, payment.payment_id, PaymentStatus.CONFLICT, (), code, message)

    def _attention(self, kind: str, subject: str, detail: str) -> None:
        raise_attention(self.session, kind, subject, detail, self.now)

    def _apply_allocations(self, payment: PaymentMessage) -> set[str]:
        """Apply what still fits to its bills, in bill order; returns the bills paid."""
        applied: set[str] = set()
        for allocation in sorted(payment.allocations, key=lambda a: a.bill_no):
            bill = self.bills.get(allocation.bill_no)
            fits = (
                bill is not None
                and bill.row.account_no == payment.account_no
                and bill.row.version == allocation.bill_version
                and bill.status in PAYABLE
                and bill.row.currency == allocation.amount.currency
                and allocation.amount.minor <= bill.outstanding_minor
            )
            if bill is None or not fits:
                state = "unknown" if bill is None else bill.describe()
                self._attention(
                    "payment_on_changed_bill",
                    payment.payment_id,
                    f"{allocation.amount} meant for bill {allocation.bill_no} version "
                    f"{allocation.bill_version} (now {state}) was left on account "
                    f"{payment.account_no} as credit",
                )
                continue
            bill.pay(allocation.amount.minor)
            applied.add(allocation.bill_no)
        return applied

    # -- the rows to write ------------------------------------------------------------------

    def _add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def _store(
        self, item: _Item, payment: PaymentMessage, outcome: PaymentOutcome, applied: set[str]
    ) -> None:
        tid = self.terminal.terminal_id
        self.held[payment.payment_id] = _Held(tid, item.digest, outcome)
        self.seqs.add(payment.terminal_seq)
        row = _payment_row(payment, tid, self.now, item, outcome, _applied_minor(payment, applied))
        self._add("payments", row)
        for position, tender in enumerate(payment.tenders):
            self._add("tenders", _tender_row(payment.payment_id, position, tender))
        for position, allocation in enumerate(payment.allocations):
            self._add(
                "allocations",
                {
                    "payment_id": payment.payment_id,
                    "position": position,
                    "bill_no": allocation.bill_no,
                    "bill_version": allocation.bill_version,
                    "amount_minor": allocation.amount.minor,
                    "currency": allocation.amount.currency,
                    "applied": allocation.bill_no in applied,
                },
            )

    def _post_to_account(self, payment: PaymentMessage, amount: Money, office_code: str) -> None:
        """The posting every counter of the office sees ("paid today at BR-1/Counter 2")."""
        posting = PaymentPosting(
            payment_id=payment.payment_id,
            account_no=payment.account_no,
            paid_at=payment.taken_at,
            amount=amount,
            channel="counter",
            place=f"{self.terminal.branch_code}/{self.terminal.name}"[:200],
            receipt_no=payment.receipt_no,
        )
        self.postings.append((posting, office_code))
        self._add(
            "payment_postings",
            {
                "payment_id": posting.payment_id,
                "account_no": posting.account_no,
                "paid_at": posting.paid_at,
                "amount_minor": posting.amount.minor,
                "currency": posting.amount.currency,
                "channel": posting.channel,
                "place": posting.place,
                "receipt_no": posting.receipt_no,
            },
        )

    def write(self) -> None:
        """Write the batch: a multi-row insert per table (parents first), then the bills."""
        connection = self.connection
        self.session.flush()  # the attention rows raised while judging
        for table in (_PAYMENTS, _TENDERS, _ALLOCATIONS, _POSTINGS):
            _insert_many(connection, table, self.rows.get(table.name, []))
        changes = [
            change_values(
                Entity.BILL,
                bill.bill_no,
                office_scope(self.offices[bill.account_no]),
                bill.record,
                self.now,
            )
            for bill in write_bill_records(connection, self.bills.values())
        ]
        changes += [
            change_values(
                Entity.POSTING,
                posting.payment_id,
                office_scope(office),
                posting_to_wire(posting),
                self.now,
            )
            for posting, office in self.postings
        ]
        _insert_many(connection, _CHANGES, changes)


def _insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) with one driver ``executemany``.

    Each value goes through its column type's bind processor (moments to UTC text on SQLite,
    for one), as SQLAlchemy would do, but without its per-row statement machinery, which cost
    more than the database's own work here. The column names are the models', never input.
    """
    if not rows:
        return
    columns = list(rows[0])
    dialect = connection.dialect
    processors = [table.c[column].type._cached_bind_processor(dialect) for column in columns]
    values = _values(rows, columns, processors)
    names = ", ".join(f'"{column}"' for column in columns)
    if dialect.name == "postgresql":
        _copy(connection, f'COPY "{table.name}" ({names}) FROM STDIN', values)
        return
    marks = ", ".join(["?"] * len(columns))
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # noqa: S608
    connection.exec_driver_sql(statement, values)


def _values(
    rows: list[dict[str, Any]], columns: list[str], processors: list[Any]
) -> list[tuple[Any, ...]]:
    """The rows' values in column order, each through its column's processor if it has one
    (most have none: those are taken as they are, by one ``itemgetter`` call a row)."""
    take = itemgetter(*columns)
    if len(columns) == 1:
        return [(take(row),) for row in rows]
    convert = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not convert:
        return [take(row) for row in rows]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        value = list(take(row))
        for i, process in convert:
            value[i] = process(value[i])
        values.append(tuple(value))
    return values


def _copy(connection: Connection, statement: str, values: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY, in the connection's transaction: twice as fast as psycopg's
    ``executemany`` for a batch's fresh rows. A refusal (a key already held) is raised as
    SQLAlchemy's exception, so that it is handled like any other statement's."""
    driver = connection.connection.driver_connection
    dbapi = connection.dialect.loaded_dbapi
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in values:
                copy.write_row(row)
    except dbapi.Error as error:
        raise DBAPIError.instance(
            statement, None, error, dbapi.Error, hide_parameters=True, dialect=connection.dialect
        ) from error


def _applied_minor(payment: PaymentMessage, applied: set[str]) -> int:
    return sum(a.amount.minor for a in payment.allocations if a.bill_no in applied)


def _payment_row(
    payment: PaymentMessage,
    terminal_id: int,
    now: datetime,
    item: _Item,
    outcome: PaymentOutcome,
    applied_minor: int,
) -> dict[str, Any]:
    return {
        "payment_id": payment.payment_id,
        "terminal_id": terminal_id,
        "terminal_seq": payment.terminal_seq,
        "receipt_no": payment.receipt_no,
        "account_no": payment.account_no,
        "operator": payment.operator,
        "taken_at": payment.taken_at,
        "received_at": now,
        "offline": payment.offline,
        "currency": item.amount.currency,
        "amount_minor": item.amount.minor,
        "applied_minor": applied_minor,
        "credit_minor": item.amount.minor - applied_minor,
        "status": outcome.status.value,
        "body_hash": item.digest,
        "outcome": json.dumps(outcome_to_wire(outcome)),
    }


def _tender_row(payment_id: str, position: int, tender: Tender) -> dict[str, Any]:
    return {
        "payment_id": payment_id,
        "position": position,
        "kind": tender.kind.value,
        "amount_minor": tender.amount.minor,
        "currency": tender.amount.currency,
        "reference": tender.reference,
        "bank": tender.bank,
        "instrument_date": tender.instrument_date,
        "bank_branch": tender.bank_branch,
        "ifsc": tender.ifsc,
        "tendered_minor": None if tender.tendered is None else tender.tendered.minor,
        "card_last4": tender.card_last4,
        "card_scheme": tender.card_scheme,
        "auth_code": tender.auth_code,
        "device_id": tender.device_id,
    }
