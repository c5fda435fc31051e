"""The X and Z reports of a shift: the figures, read from the cache in one snapshot. Qt-free.

An X report is taken at any time while the shift is open; the Z report is the same figures at
the close, with the closing count and over/short. Both get expected cash from
:func:`ebill_core.cash_count.expected_cash` (the only place it is computed), over the same
movements: cash kept by each payment of the shift, cash of voided payments, drops, pay-outs.

Tender totals are gross (every payment of the shift, voided ones too), the voids counted apart,
as :class:`ebill_core.protocol.cash_control.ShiftCloseMessage` carries them. Reprints are the
reprints issued of the shift's receipts. Unsynced items are the shift's payments head office has
not answered yet.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ebill_core.cash_count import CashCount, CashMovement, Drawer, MovementKind, expected_cash
from ebill_core.money import Money
from ebill_core.protocol.cash_control import (
    CountTotal,
    ShiftCloseMessage,
    TenderTotal,
    shift_close_from_wire,
    shift_close_to_wire,
)
from ebill_core.protocol.payments import TenderKind

__all__ = [
    "ReportKind",
    "ShiftError",
    "ShiftNotFoundError",
    "ShiftReport",
    "read_count",
    "read_report",
    "shift_close_message",
]


class ReportKind(StrEnum):
    X = "X"  # mid-shift, nothing closed
    Z = "Z"  # the shift's close


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """What an X or Z report prints. ``counted``/``over_short`` only on a Z report."""

    kind: ReportKind
    shift_id: str
    operator: str
    terminal: str
    opened_at: datetime
    at: datetime  # when the X was taken, or when the shift closed
    opening_count: CashCount
    drawer: Drawer
    tenders: tuple[TenderTotal, ...]
    receipts: int
    first_receipt_no: str | None
    last_receipt_no: str | None
    voids: CountTotal
    reprints: int
    drops: CountTotal
    pay_outs: CountTotal
    no_sales: int
    unsynced: int
    closing_count: CashCount | None = None
    over_short: Money | None = None
    over_short_approved_by: str | None = None
    unsynced_approved_by: str | None = None

    @property
    def currency(self) -> str:
        return self.drawer.opening_float.currency

    @property
    def expected(self) -> Money:
        return self.drawer.expected


_SHIFT = (
    "SELECT operator, terminal, opened_at, closed_at, currency, opening_float_minor, state, "
    "over_short_minor, over_short_approved_by, unsynced_approved_by, counted_minor "
    "FROM shifts WHERE shift_id = ?"
)
_COUNT = "SELECT denomination, pieces FROM shift_counts WHERE shift_id = ? AND phase = ?"
_TENDERS = (
    "SELECT t.kind, COUNT(*), SUM(t.amount_minor) FROM payment_tenders t "
    "JOIN payments p ON p.payment_id = t.payment_id WHERE p.shift_id = ? GROUP BY t.kind"
)
_CASH = (
    "SELECT COALESCE(SUM(t.amount_minor), 0) FROM payment_tenders t "
    "JOIN payments p ON p.payment_id = t.payment_id "
    "WHERE p.shift_id = ? AND t.kind = 'cash' AND (? = 0 OR p.state = 'void')"
)
_RECEIPTS = (
    "SELECT COUNT(*), MIN(terminal_seq), MAX(terminal_seq), COALESCE(SUM(r.reprint_count), 0) "
    "FROM payments p JOIN receipts r ON r.payment_id = p.payment_id WHERE p.shift_id = ?"
)
_RECEIPT_NO = "SELECT receipt_no FROM payments WHERE terminal_seq = ?"
_VOIDS = (
    "SELECT COUNT(*), COALESCE(SUM(p.amount_minor), 0) FROM payments p "
    "WHERE p.shift_id = ? AND p.state = 'void'"
)
_MOVEMENTS = (
    "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM cash_movements "
    "WHERE shift_id = ? AND kind = ?"
)
_UNSYNCED = (
    "SELECT COUNT(*) FROM payments p LEFT JOIN outbox o ON o.item_id = p.payment_id "
    "WHERE p.shift_id = ? AND p.central_status IS NULL AND (o.state IS NULL OR o.state <> 'done')"
)
_KIND_ORDER = {kind: n for n, kind in enumerate(TenderKind)}


class ShiftError(ValueError):
    """A shift action that cannot be done; ``message`` is for the screen. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ShiftNotFoundError(ShiftError):
    """No shift with that id in this cache."""


def read_count(reader: sqlite3.Connection, shift_id: str, phase: str, currency: str) -> CashCount:
    """The opening float (``phase`` "open") or closing count ("close") as stored."""
    rows = reader.execute(_COUNT, (shift_id, phase)).fetchall()
    return CashCount.of(currency, {int(value): int(pieces) for value, pieces in rows})


def unsynced_count(reader: sqlite3.Connection, shift_id: str) -> int:
    """The shift's payments head office has not answered yet."""
    return int(reader.execute(_UNSYNCED, (shift_id,)).fetchone()[0])


def drawer_of(
    reader: sqlite3.Connection, shift_id: str, opening_float: Money
) -> tuple[Drawer, CountTotal, CountTotal]:
    """The drawer's expected cash (:func:`expected_cash`), and the drops and pay-outs."""
    currency = opening_float.currency
    kept = int(reader.execute(_CASH, (shift_id, 0)).fetchone()[0])
    voided = int(reader.execute(_CASH, (shift_id, 1)).fetchone()[0])
    drops = _movement_total(reader, shift_id, "drop", currency)
    pay_outs = _movement_total(reader, shift_id, "pay_out", currency)
    movements = [
        CashMovement(MovementKind.CASH_PAYMENT, Money(kept, currency)),
        CashMovement(MovementKind.VOID, Money(voided, currency)),
        CashMovement(MovementKind.DROP, drops.total),
        CashMovement(MovementKind.PAY_OUT, pay_outs.total),
    ]
    return expected_cash(opening_float, movements), drops, pay_outs


def _movement_total(
    reader: sqlite3.Connection, shift_id: str, kind: str, currency: str
) -> CountTotal:
    count, total = reader.execute(_MOVEMENTS, (shift_id, kind)).fetchone()
    return CountTotal(int(count), Money(int(total), currency))


def _tenders(reader: sqlite3.Connection, shift_id: str, currency: str) -> tuple[TenderTotal, ...]:
    rows = [
        TenderTotal(TenderKind(kind), int(count), Money(int(total), currency))
        for kind, count, total in reader.execute(_TENDERS, (shift_id,))
    ]
    return tuple(sorted(rows, key=lambda t: _KIND_ORDER[t.kind]))


def _receipt_no(reader: sqlite3.Connection, seq: int | None) -> str | None:
    if seq is None:
        return None
    row = reader.execute(_RECEIPT_NO, (seq,)).fetchone()
    return None if row is None else str(row[0])


def read_report(reader: sqlite3.Connection, shift_id: str, now: datetime) -> ShiftReport:
    """The shift's X report (open) or Z report (closed), from one snapshot of ``reader``.

    The caller holds the snapshot (``BEGIN`` ... ``COMMIT``) so every figure is of one moment.
    """
    row = reader.execute(_SHIFT, (shift_id,)).fetchone()
    if row is None:
        raise ShiftNotFoundError(f"No shift {shift_id} at this counter.")
    operator, terminal, opened, closed, currency, float_minor, state = row[:7]
    over_short, os_by, unsynced_by, counted = row[7:]
    opening = read_count(reader, shift_id, "open", currency)
    drawer, drops, pay_outs = drawer_of(reader, shift_id, Money(int(float_minor), currency))
    receipts, first, last, reprints = reader.execute(_RECEIPTS, (shift_id,)).fetchone()
    voids, voided = reader.execute(_VOIDS, (shift_id,)).fetchone()
    no_sales = _movement_total(reader, shift_id, "no_sale", currency).count
    closed_shift = state == "closed"
    return ShiftReport(
        kind=ReportKind.Z if closed_shift else ReportKind.X,
        shift_id=shift_id,
        operator=str(operator),
        terminal=str(terminal),
        opened_at=datetime.fromisoformat(opened),
        at=datetime.fromisoformat(closed) if closed_shift else now,
        opening_count=opening,
        drawer=drawer,
        tenders=_tenders(reader, shift_id, currency),
        receipts=int(receipts),
        first_receipt_no=_receipt_no(reader, first),
        last_receipt_no=_receipt_no(reader, last),
        voids=CountTotal(int(voids), Money(int(voided), currency)),
        reprints=int(reprints),
        drops=drops,
        pay_outs=pay_outs,
        no_sales=no_sales,
        unsynced=unsynced_count(reader, shift_id),
        closing_count=None if counted is None else read_count(reader, shift_id, "close", currency),
        over_short=None if over_short is None else Money(int(over_short), currency),
        over_short_approved_by=os_by,
        unsynced_approved_by=unsynced_by,
    )


def shift_close_message(
    report: ShiftReport, *, terminal_id: int, branch_code: str
) -> ShiftCloseMessage:
    """The Z report's control totals as head office's message, checked by its own decoder.

    ``terminal_id`` is the id enrolment gave this terminal at head office. Raises
    :class:`ebill_core.protocol.ProtocolError` for a report that is not a closed shift's.
    """
    if report.kind is not ReportKind.Z:
        raise ShiftError("Only a closed shift's Z report goes to head office.")
    over_short = report.over_short if report.over_short is not None else Money.zero(report.currency)
    message = ShiftCloseMessage(
        shift_id=report.shift_id,
        terminal_id=terminal_id,
        branch_code=branch_code,
        operator=report.operator,
        opened_at=report.opened_at,
        closed_at=report.at,
        opening_float=report.drawer.opening_float,
        tenders=report.tenders,
        receipts=report.receipts,
        first_receipt_no=report.first_receipt_no,
        last_receipt_no=report.last_receipt_no,
        voids=report.voids,
        reprints=report.reprints,
        drops=report.drops,
        pay_outs=report.pay_outs,
        over_short=over_short,
        unsynced=report.unsynced,
    )
    # The same strict checks head office decodes with: a message it would refuse is refused now.
    return shift_close_from_wire(shift_close_to_wire(message))
