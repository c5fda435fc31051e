"""Shifts at the counter: open with a counted float, drops, pay-outs, no-sale, X, count, close.

Qt-free; call every method from a worker thread (they touch disk; an approval check is argon2).

    service = ShiftService(db, terminal="012", rules=ShiftRules(tolerance_minor=100))
    shift = service.open(cashier, CashCount.of("INR", {50_000: 4, 10_000: 10}))
    service.drop(shift.shift_id, cashier, Money(...), "to head cashier")
    service.pay_out(shift.shift_id, cashier, Money(...), "courier", approval)   # supervised
    service.no_sale(shift.shift_id, cashier, "change for a note", approval)     # supervised
    x = service.x_report(shift.shift_id)                       # ShiftReport, any time
    check = service.record_count(shift.shift_id, cashier, closing_count)   # CloseCheck
    z = service.close(shift.shift_id, cashier, over_short_approval=..., unsynced_approval=...)

Rules (docs/cash-control.md):

* a cache is one terminal with one drawer: at most one shift is open in it, of one operator;
  the shift's operator, or a supervisor or administrator, acts on it;
* every guarded act checks the actor itself with :func:`ebill_desktop.security.approvals.authorise`
  before it changes anything, and is audited in the same write transaction;
* the closing count is recorded before anything about expected cash is returned
  (:class:`CloseCheck` comes back only from :meth:`ShiftService.record_count`). In a blind shift
  the first count recorded is final (a recount after seeing the difference is refused);
* an over/short beyond the tolerance needs ``OVER_SHORT_BEYOND_TOLERANCE`` approval, and a shift
  whose payments head office has not all answered needs ``CLOSE_WITH_UNSYNCED`` approval; on an
  enrolled terminal it also needs a supervisor's signed export covering every one of them
  (:mod:`ebill_desktop.sync.payment_export`). A counter never enrolled has no key to sign with
  and nobody to import the file, so there the approval alone closes it;
* expected cash always comes from :func:`ebill_core.cash_count.expected_cash`, via
  :func:`ebill_desktop.services.shift_reports.read_report`, for the X and the Z report alike.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ebill_core.cash_count import CashCount, CashCountError, OverShort, over_short
from ebill_core.money import Money
from ebill_core.protocol import ProtocolError
from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, authorise
from ebill_desktop.security.roles import APPROVER_ROLES, Action
from ebill_desktop.services.shift_reports import (
    ShiftError,
    ShiftNotFoundError,
    ShiftReport,
    read_report,
    shift_close_message,
    unsynced_count,
)
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.sync.outbox import enqueue_message
from ebill_desktop.sync.payment_export import unexported_count

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "CloseCheck",
    "Shift",
    "ShiftError",
    "ShiftNotFoundError",
    "ShiftRules",
    "ShiftService",
]

MAX_REASON = 200  # characters of a pay-out or no-sale reason


@dataclass(frozen=True, slots=True)
class ShiftRules:
    """Configuration: the currency of the drawer, the tolerance, blind closing counts."""

    currency: str = "INR"
    tolerance_minor: int = 0  # over/short up to this (either way) needs no approval
    blind_close: bool = True  # the cashier counts before seeing the expected cash

    def __post_init__(self) -> None:
        if isinstance(self.tolerance_minor, bool) or self.tolerance_minor < 0:
            raise ValueError("the over/short tolerance is a non-negative amount")

    def tolerance(self) -> Money:
        return Money(self.tolerance_minor, self.currency)


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift as stored: who, where, since when, with what float; open or closed."""

    shift_id: str
    operator: str
    terminal: str
    opened_at: datetime
    opening_float: Money
    blind: bool
    state: str  # "open" | "closed"
    counted: Money | None  # the closing count's total, once recorded

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True, slots=True)
class CloseCheck:
    """What the closing count found, and what the close will need approved."""

    over_short: OverShort
    unsynced: int

    @property
    def needs_over_short_approval(self) -> bool:
        return self.over_short.needs_approval

    @property
    def needs_unsynced_approval(self) -> bool:
        return self.unsynced > 0


_SHIFT = (
    "SELECT shift_id, operator, terminal, opened_at, currency, opening_float_minor, blind, "
    "state, counted_minor FROM shifts"
)
_INSERT_SHIFT = (
    "INSERT INTO shifts (shift_id, operator, terminal, opened_at, currency, opening_float_minor, "
    "state, blind) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)"
)
_INSERT_COUNT = (
    "INSERT INTO shift_counts (shift_id, phase, denomination, pieces) VALUES (?, ?, ?, ?)"
)
_INSERT_MOVEMENT = (
    "INSERT INTO cash_movements (shift_id, kind, amount_minor, reason, operator, approved_by, at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _raw(connection: Connection) -> sqlite3.Connection:
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("the cache runs on the sqlite3 driver")
    return raw


def _shift(row: tuple[object, ...]) -> Shift:
    shift_id, operator, terminal, opened, currency, float_minor, blind, state, counted = row
    cur = str(currency)
    return Shift(
        shift_id=str(shift_id),
        operator=str(operator),
        terminal=str(terminal),
        opened_at=datetime.fromisoformat(str(opened)),
        opening_float=Money(int(str(float_minor)), cur),
        blind=bool(blind),
        state=str(state),
        counted=None if counted is None else Money(int(str(counted)), cur),
    )


def _reason(text: str | None, *, required: bool) -> str | None:
    value = (text or "").strip()
    if required and not value:
        raise ShiftError("Say why.")
    if len(value) > MAX_REASON:
        raise ShiftError(f"The reason is longer than {MAX_REASON} characters.")
    return value or None


class ShiftService:
    """Shifts of one terminal's cache. Safe to call from several worker threads."""

    def __init__(
        self,
        db: CacheDatabase,
        *,
        terminal: str,
        rules: ShiftRules | None = None,
        clock: Callable[[], datetime] | None = None,
        central_terminal_id: int | None = None,
        branch_code: str | None = None,
    ) -> None:
        """``central_terminal_id`` and ``branch_code`` are the enrolment's (settings); with
        both, :meth:`close` puts the shift's close message in the outbox. Without (a counter
        never enrolled) nothing is queued: the message's identity is part of what head office
        keys and checks, and there is none to give it yet."""
        self._db = db
        self._terminal = terminal
        self._central = (
            None
            if central_terminal_id is None or not branch_code
            else (central_terminal_id, branch_code)
        )
        self._rules = rules or ShiftRules()
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def rules(self) -> ShiftRules:
        return self._rules

    # -- reading ---------------------------------------------------------------------------

    def current(self) -> Shift | None:
        """The shift open at this terminal, if any."""
        row = self._db.reader().execute(f"{_SHIFT} WHERE state = 'open' LIMIT 1").fetchone()
        return None if row is None else _shift(row)

    def get(self, shift_id: str) -> Shift:
        row = self._db.reader().execute(f"{_SHIFT} WHERE shift_id = ?", (shift_id,)).fetchone()
        if row is None:
            raise ShiftNotFoundError(f"No shift {shift_id} at this counter.")
        return _shift(row)

    def x_report(self, shift_id: str) -> ShiftReport:
        """The shift's figures now (a Z report once it is closed)."""
        with self._snapshot() as reader:
            return read_report(reader, shift_id, self._clock())

    def z_report(self, shift_id: str) -> ShiftReport:
        """The closed shift's Z report (again, e.g. to reprint it)."""
        report = self.x_report(shift_id)
        if report.over_short is None or report.kind != "Z":
            raise ShiftError("The shift is not closed yet: take an X report instead.")
        return report

    # -- acts ------------------------------------------------------------------------------

    def open(self, actor: Operator, opening: CashCount, *, blind: bool | None = None) -> Shift:
        """Open a shift for ``actor`` with the float counted by denomination."""
        authorise(Action.OPEN_SHIFT, actor)
        count = self._checked_count(opening)
        now = self._clock()
        shift_id = str(uuid.uuid4())
        is_blind = self._rules.blind_close if blind is None else blind
        with self._db.write_transaction() as connection:
            raw = _raw(connection)
            row = raw.execute(f"{_SHIFT} WHERE state = 'open' LIMIT 1").fetchone()
            if row is not None:
                other = _shift(row)
                raise ShiftError(f"{other.operator}'s shift is still open at this counter.")
            raw.execute(
                _INSERT_SHIFT,
                (
                    shift_id,
                    actor.login,
                    self._terminal,
                    datetime_text(now),
                    count.currency,
                    count.total.minor,
                    is_blind,
                ),
            )
            _write_count(raw, shift_id, "open", count)
            audit.append(
                connection,
                actor.login,
                "shift_open",
                {"shift_id": shift_id, "float_minor": count.total.minor, "blind": is_blind},
                at=now,
            )
        return self.get(shift_id)

    def drop(self, shift_id: str, actor: Operator, amount: Money, note: str | None = None) -> None:
        """Record cash taken out of the drawer to the head cashier."""
        authorise(Action.CASH_DROP, actor)
        self._movement(shift_id, actor, "drop", amount, _reason(note, required=False), None)

    def pay_out(
        self,
        shift_id: str,
        actor: Operator,
        amount: Money,
        reason: str,
        approval: Approval | None = None,
    ) -> None:
        """Record cash paid out of the drawer, with its reason (a cashier needs approval)."""
        authorise(Action.PAY_OUT, actor, approval)
        text = _reason(reason, required=True)
        self._movement(shift_id, actor, "pay_out", amount, text, approval)

    def no_sale(
        self, shift_id: str, actor: Operator, reason: str, approval: Approval | None = None
    ) -> None:
        """Record a drawer opened without a payment (a cashier needs approval).

        The caller opens the drawer (the printer's drawer kick) only after this returns.
        """
        authorise(Action.NO_SALE_OPEN, actor, approval)
        text = _reason(reason, required=True)
        zero = Money.zero(self._rules.currency)
        self._movement(shift_id, actor, "no_sale", zero, text, approval)

    def record_count(self, shift_id: str, actor: Operator, count: CashCount) -> CloseCheck:
        """Record the closing count by denomination; only then say what was expected.

        In a blind shift the first count is final; otherwise a recount replaces it.
        """
        authorise(Action.CLOSE_SHIFT, actor)
        counted = self._checked_count(count)
        now = self._clock()
        with self._db.write_transaction() as connection:
            raw = _raw(connection)
            shift = self._open_shift(raw, shift_id, actor)
            if shift.blind and shift.counted is not None:
                raise ShiftError("The blind count is recorded already and cannot be redone.")
            raw.execute(
                "DELETE FROM shift_counts WHERE shift_id = ? AND phase = 'close'", (shift_id,)
            )
            _write_count(raw, shift_id, "close", counted)
            report = read_report(raw, shift_id, now)
            check = CloseCheck(
                over_short(counted, report.drawer, self._rules.tolerance()), report.unsynced
            )
            raw.execute(
                "UPDATE shifts SET counted_at = ?, counted_minor = ?, expected_minor = ?, "
                "over_short_minor = NULL WHERE shift_id = ?",
                (datetime_text(now), counted.total.minor, report.expected.minor, shift_id),
            )
            audit.append(
                connection,
                actor.login,
                "shift_count",
                {
                    "shift_id": shift_id,
                    "counted_minor": counted.total.minor,
                    "expected_minor": report.expected.minor,
                },
                at=now,
            )
        return check

    def close(
        self,
        shift_id: str,
        actor: Operator,
        *,
        over_short_approval: Approval | None = None,
        unsynced_approval: Approval | None = None,
    ) -> ShiftReport:
        """Close the shift on its recorded count; the Z report as closed.

        Refused (nothing changes) without a recorded count, with an over/short beyond the
        tolerance not approved, or with unsynced payments not approved or (enrolled terminal)
        not all in a signed export.
        """
        authorise(Action.CLOSE_SHIFT, actor)
        now = self._clock()
        with self._db.write_transaction() as connection:
            raw = _raw(connection)
            shift = self._open_shift(raw, shift_id, actor)
            if shift.counted is None:
                raise ShiftError("Count the drawer before closing the shift.")
            report = read_report(raw, shift_id, now)
            difference = shift.counted - report.expected
            os_by = self._approve_over_short(actor, difference, over_short_approval)
            unsynced = unsynced_count(raw, shift_id)
            unsynced_by = None
            if unsynced:
                authorise(Action.CLOSE_WITH_UNSYNCED, actor, unsynced_approval)
                unsynced_by = _approver(actor, unsynced_approval)
                self._check_exported(raw, shift_id)
            raw.execute(
                "UPDATE shifts SET state = 'closed', closed_at = ?, expected_minor = ?, "
                "over_short_minor = ?, unsynced_at_close = ?, over_short_approved_by = ?, "
                "unsynced_approved_by = ? WHERE shift_id = ? AND state = 'open'",
                (
                    datetime_text(now),
                    report.expected.minor,
                    difference.minor,
                    unsynced,
                    os_by,
                    unsynced_by,
                    shift_id,
                ),
            )
            audit.append(
                connection,
                actor.login,
                "shift_close",
                {
                    "shift_id": shift_id,
                    "counted_minor": shift.counted.minor,
                    "expected_minor": report.expected.minor,
                    "over_short_minor": difference.minor,
                    "unsynced": unsynced,
                    "over_short_approved_by": os_by,
                    "unsynced_approved_by": unsynced_by,
                },
                at=now,
            )
            self._enqueue_close(connection, raw, shift_id, now)
        return self.z_report(shift_id)

    # -- helpers ---------------------------------------------------------------------------

    def _enqueue_close(
        self, connection: Connection, raw: sqlite3.Connection, shift_id: str, now: datetime
    ) -> None:
        """The Z report's control totals into the outbox, in the close's own transaction."""
        if self._central is None:
            return
        terminal_id, branch_code = self._central
        try:
            message = shift_close_message(
                read_report(raw, shift_id, now), terminal_id=terminal_id, branch_code=branch_code
            )
        except ProtocolError as error:  # the close is refused whole: nothing half-recorded
            raise ShiftError(f"The shift's figures cannot go to head office: {error}") from None
        enqueue_message(connection, message, now)

    def _check_exported(self, raw: sqlite3.Connection, shift_id: str) -> None:
        """Refuse the close while an unsynced payment of the shift is in no signed export."""
        if self._central is None:
            return
        missing = unexported_count(raw, shift_id)
        if missing:
            raise ShiftError(
                f"{missing} payment(s) of this shift have not reached head office and are in no "
                "export: a supervisor must export them first (Export unsynced payments… in the "
                "close dialog, or ebill-desktop export-unsynced)."
            )

    def _approve_over_short(
        self, actor: Operator, difference: Money, approval: Approval | None
    ) -> str | None:
        if abs(difference) <= self._rules.tolerance():
            return None
        authorise(Action.OVER_SHORT_BEYOND_TOLERANCE, actor, approval)
        return _approver(actor, approval)

    def _checked_count(self, count: CashCount) -> CashCount:
        if not isinstance(count, CashCount):
            raise ShiftError("Count the cash by denomination.")
        if count.currency != self._rules.currency:
            raise ShiftError(f"This drawer holds {self._rules.currency}, not {count.currency}.")
        try:  # a CashCount made without CashCount.of is checked here too
            return CashCount.of(count.currency, dict(count.pieces))
        except CashCountError as error:
            raise ShiftError(str(error)) from None

    def _open_shift(self, raw: sqlite3.Connection, shift_id: str, actor: Operator) -> Shift:
        row = raw.execute(f"{_SHIFT} WHERE shift_id = ?", (shift_id,)).fetchone()
        if row is None:
            raise ShiftNotFoundError(f"No shift {shift_id} at this counter.")
        shift = _shift(row)
        if not shift.is_open:
            raise ShiftError("That shift is closed.")
        own = shift.operator.casefold() == actor.login.casefold()
        if not own and actor.role not in APPROVER_ROLES:
            raise ShiftError(f"This is {shift.operator}'s shift.")
        return shift

    def _movement(
        self,
        shift_id: str,
        actor: Operator,
        kind: str,
        amount: Money,
        reason: str | None,
        approval: Approval | None,
    ) -> None:
        if not isinstance(amount, Money) or amount.currency != self._rules.currency:
            raise ShiftError(f"Give the amount in {self._rules.currency}.")
        if kind != "no_sale" and amount.minor <= 0:
            raise ShiftError("The amount must be more than zero.")
        now = self._clock()
        with self._db.write_transaction() as connection:
            raw = _raw(connection)
            self._open_shift(raw, shift_id, actor)
            if kind != "no_sale":
                expected = read_report(raw, shift_id, now).expected
                if amount > expected:
                    raise ShiftError("That is more cash than the drawer should hold.")
            approved_by = _approver(actor, approval)
            raw.execute(
                _INSERT_MOVEMENT,
                (
                    shift_id,
                    kind,
                    amount.minor,
                    reason,
                    actor.login,
                    approved_by,
                    datetime_text(now),
                ),
            )
            action = "drawer_open" if kind == "no_sale" else kind
            detail = {"shift_id": shift_id, "amount_minor": amount.minor, "reason": reason}
            if approved_by:
                detail["approved_by"] = approved_by
            audit.append(connection, actor.login, action, detail, at=now)

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        reader = self._db.reader()
        reader.execute("BEGIN")
        try:
            yield reader
        finally:
            reader.execute("COMMIT")


def _approver(actor: Operator, approval: Approval | None) -> str | None:
    """Who approved: the supervisor's login, or None when the actor needed no approval."""
    if approval is None or actor.role in APPROVER_ROLES:
        return None
    return approval.approver


def _write_count(raw: sqlite3.Connection, shift_id: str, phase: str, count: CashCount) -> None:
    raw.executemany(
        _INSERT_COUNT,
        [(shift_id, phase, value, pieces) for value, pieces in count.pieces.items()],
    )
