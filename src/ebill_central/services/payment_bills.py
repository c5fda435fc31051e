"""The bills one batch of uploaded payments pays: locked and read in bulk, written back in bulk.

Posting a batch reads every bill its payments name in one statement (locked ``FOR UPDATE`` in
bill order on PostgreSQL, so two batches paying the same bills queue up instead of losing an
update or deadlocking; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), applies the
allocations to these in-memory copies in the batch's order, and then writes each touched bill
once, with one change-feed record of its final state. Reading a bill's lines and registers for
the feed record is two statements for the whole batch, not two per bill, and the record is
built from the rows straight into its wire form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    Table,
    any_,
    bindparam,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY

from ebill_central.db.models import BillLineRow, BillRegisterRow, BillRow
from ebill_core.protocol.fields import opt_date_wire
from ebill_core.protocol.records import bill_from_wire_fast
from ebill_core.records import Bill, BillStatus, ReadingKind

_BILLS = cast(Table, BillRow.__table__)
_LINES = cast(Table, BillLineRow.__table__)
_REGISTERS = cast(Table, BillRegisterRow.__table__)
PAYABLE = frozenset({BillStatus.OPEN.value, BillStatus.PART_PAID.value})


@dataclass(slots=True)
class BillState:
    """A locked bill as the batch has changed it so far (``row`` is as it was read)."""

    row: Any  # the bills row as read (a SQLAlchemy Row; attributes named like BillRow's)
    amount_paid_minor: int
    status: str
    touched: bool = False

    @property
    def outstanding_minor(self) -> int:
        return int(self.row.net_payable_minor) - self.amount_paid_minor

    def describe(self) -> str:
        return f"version {self.row.version}, {self.status}"

    def pay(self, minor: int) -> None:
        """Apply ``minor`` to the bill (the caller checked it fits)."""
        self.amount_paid_minor += minor
        paid_up = self.amount_paid_minor >= int(self.row.net_payable_minor)
        self.status = (BillStatus.PAID if paid_up else BillStatus.PART_PAID).value
        self.touched = True


def one_of(
    connection: Connection, column: ColumnElement[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL ``column = ANY(:values)``, one array parameter.

    An IN list renders one placeholder per value, and psycopg parses each query text it has not
    seen before: with a batch's 500 keys that parsing (and SQLAlchemy's rendering of the list)
    cost more Python time than decoding the batch's payments. The array is one parameter, and
    ``= ANY`` uses the same index scans.
    """
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def lock_bills(connection: Connection, bill_nos: Collection[str]) -> dict[str, BillState]:
    """The named bills that exist, locked for the rest of the transaction, by bill number."""
    if not bill_nos:
        return {}
    statement = (
        select(_BILLS)
        .where(one_of(connection, _BILLS.c.bill_no, sorted(bill_nos)))
        .order_by(_BILLS.c.bill_no)
        .with_for_update()  # rendered on PostgreSQL only; in bill order, so no deadlock
    )
    return {
        row.bill_no: BillState(row, int(row.amount_paid_minor), str(row.status))
        for row in connection.execute(statement)
    }


def write_bills(connection: Connection, bills: Iterable[BillState]) -> list[Bill]:
    """Store the touched bills' new amounts and states; their records as they now are."""
    return [bill_from_wire_fast(bill.record, "") for bill in write_bill_records(connection, bills)]


def write_bill_records(connection: Connection, bills: Iterable[BillState]) -> list[BillWire]:
    """Store the touched bills' new amounts and states; their feed records as they now are."""
    touched = [bill for bill in bills if bill.touched]
    if not touched:
        return []
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"UPDATE bills SET amount_paid_minor = {mark}, status = {mark} "  # noqa: S608 (marks)
        f"WHERE bill_no = {mark}",
        [(b.amount_paid_minor, b.status, b.row.bill_no) for b in touched],
    )
    return _records(connection, touched)


@dataclass(frozen=True, slots=True)
class BillWire:
    """A paid bill's feed record: ``record`` is exactly ``bill_to_wire`` of its ``Bill``."""

    bill_no: str
    account_no: str
    record: dict[str, Any]


def _records(connection: Connection, bills: list[BillState]) -> list[BillWire]:
    """The bills' wire records, built from their rows directly.

    Only the amount paid and the status changed, but the record carries the whole bill, so its
    lines and registers are read too (two statements for the batch). The record is built as
    ``records.bill_to_wire`` builds it (same keys, same order, same values) without the
    ``Bill``, ``BillLine``, ``BillRegister`` and ``Money`` objects in between, which cost more
    than the rest of a paid bill's feed record; tests/central/test_payments_batch.py checks
    it against ``services.rows.bill_record``.
    """
    numbers = [bill.row.bill_no for bill in bills]
    # Rows are read by position: a batch reads thousands, and named access costs more.
    c = _LINES.c
    lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    # .all(): one fetch for the whole result (iterating fetches row by row, which cost more).
    # Quantities and rates are read as their stored text and shown as Decimal would show them.
    for no, code, text, quantity, rate, minor, currency in connection.execute(
        select(
            c.bill_no,
            c.code,
            c.description,
            type_coerce(c.quantity, String),
            type_coerce(c.rate, String),
            c.amount_minor,
            c.currency,
        )
        .where(one_of(connection, _LINES.c.bill_no, numbers))
        .order_by(_LINES.c.bill_no, _LINES.c.position)
    ).all():
        lines[no].append(
            {
                "code": code,
                "description": text,
                "quantity": _decimal_wire(quantity),
                "rate": _decimal_wire(rate),
                "amount": {"minor": minor, "currency": currency},
            }
        )
    r = _REGISTERS.c
    registers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (
        no,
        meter_no,
        register,
        previous,
        previous_on,
        present,
        present_on,
        factor,
        units,
        kind,
    ) in connection.execute(
        select(
            r.bill_no,
            r.meter_no,
            r.register,
            r.previous,
            r.previous_on,
            r.present,
            r.present_on,
            r.multiplying_factor,
            r.units,
            r.kind,
        )
        .where(one_of(connection, r.bill_no, numbers))
        .order_by(r.bill_no, r.position)
    ).all():
        registers[no].append(
            {
                "meter_no": meter_no,
                "register": register,
                "previous": previous,
                "previous_on": previous_on.isoformat(),
                "present": present,
                "present_on": present_on.isoformat(),
                "multiplying_factor": factor,
                "units": units,
                "kind": ReadingKind(kind).value,
            }
        )
    return [
        BillWire(b.row.bill_no, b.row.account_no, _bill(b, lines[b.row.bill_no], registers))
        for b in bills
    ]


_DECIMAL_TEXTS: dict[str, str] = {}  # stored text -> its wire text (rates repeat)


def _decimal_wire(text: str | None) -> str | None:
    """``opt_decimal_wire(Decimal(text))``, as ``DecimalText`` reads it, once per text."""
    if text is None:
        return None
    found = _DECIMAL_TEXTS.get(text)
    if found is None:
        found = str(Decimal(text))
        if len(_DECIMAL_TEXTS) < 20_000:
            _DECIMAL_TEXTS[text] = found
    return found


def _bill(
    state: BillState, lines: list[dict[str, Any]], registers: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """``bill_to_wire`` of the bill as ``services.rows.bill_record`` would read it now."""
    row = state.row
    currency = row.currency

    def money(minor: int) -> dict[str, Any]:
        return {"minor": minor, "currency": currency}

    def opt_money(minor: int | None) -> dict[str, Any] | None:
        return None if minor is None else {"minor": minor, "currency": currency}

    return {
        "bill_no": row.bill_no,
        "account_no": row.account_no,
        "version": row.version,
        "bill_date": row.bill_date.isoformat(),
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
        "due_date": row.due_date.isoformat(),
        "cheque_due_date": row.cheque_due_date.isoformat(),
        "disconnection_date": opt_date_wire(row.disconnection_date),
        "units": row.units,
        "status": BillStatus(state.status).value,
        "lines": lines,
        "registers": registers[row.bill_no],
        "rounding_carried": opt_money(row.rounding_carried_minor),
        "early_payment_rebate": opt_money(row.early_payment_rebate_minor),
        "rebate_by": opt_date_wire(row.rebate_by),
        "current_charges": money(row.current_charges_minor),
        "arrears": money(row.arrears_minor),
        "surcharge": money(row.surcharge_minor),
        "net_payable": money(row.net_payable_minor),
        "payable_after_due": money(row.payable_after_due_minor),
        "amount_paid": money(state.amount_paid_minor),
    }
