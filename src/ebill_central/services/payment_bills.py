"""The bills one batch of uploaded payments pays: locked and read in bulk, written back in bulk.

Posting a batch reads every bill its payments name in one statement (locked ``FOR UPDATE`` in
bill order on PostgreSQL, so two batches paying the same bills queue up instead of losing an
update or deadlocking; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), applies the
allocations to these in-memory copies in the batch's order, and then writes each touched bill
once, with one change-feed record of its final state. Reading a bill's lines and registers for
the feed record is two statements for the whole batch, not two per bill.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from ebill_central.db.models import BillLineRow, BillRegisterRow, BillRow
from ebill_core.money import Money
from ebill_core.records import Bill, BillLine, BillRegister, BillStatus, ReadingKind

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


def lock_bills(connection: Connection, bill_nos: Collection[str]) -> dict[str, BillState]:
    """The named bills that exist, locked for the rest of the transaction, by bill number."""
    if not bill_nos:
        return {}
    statement = (
        select(_BILLS)
        .where(_BILLS.c.bill_no.in_(sorted(bill_nos)))
        .order_by(_BILLS.c.bill_no)
        .with_for_update()  # rendered on PostgreSQL only; in bill order, so no deadlock
    )
    return {
        row.bill_no: BillState(row, int(row.amount_paid_minor), str(row.status))
        for row in connection.execute(statement)
    }


def write_bills(connection: Connection, bills: Iterable[BillState]) -> list[Bill]:
    """Store the touched bills' new amounts and states; their records as they now are."""
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


def _records(connection: Connection, bills: list[BillState]) -> list[Bill]:
    numbers = [bill.row.bill_no for bill in bills]
    # Rows are read by position: a batch reads thousands, and named access costs more.
    c = _LINES.c
    lines: dict[str, list[BillLine]] = defaultdict(list)
    for no, code, text, quantity, rate, minor, currency in connection.execute(
        select(c.bill_no, c.code, c.description, c.quantity, c.rate, c.amount_minor, c.currency)
        .where(_LINES.c.bill_no.in_(numbers))
        .order_by(_LINES.c.bill_no, _LINES.c.position)
    ):
        lines[no].append(BillLine(code, text, quantity, rate, Money(minor, currency)))
    registers: dict[str, list[BillRegister]] = defaultdict(list)
    for r in connection.execute(
        select(_REGISTERS).where(_REGISTERS.c.bill_no.in_(numbers)).order_by(_REGISTERS.c.position)
    ):
        registers[r.bill_no].append(
            BillRegister(
                meter_no=r.meter_no,
                register=r.register,
                previous=r.previous,
                previous_on=r.previous_on,
                present=r.present,
                present_on=r.present_on,
                multiplying_factor=r.multiplying_factor,
                units=r.units,
                kind=ReadingKind(r.kind),
            )
        )
    return [_bill(b, tuple(lines[b.row.bill_no]), tuple(registers[b.row.bill_no])) for b in bills]


def _bill(
    state: BillState, lines: tuple[BillLine, ...], registers: tuple[BillRegister, ...]
) -> Bill:
    """The shared record, built the way ``services.rows.bill_record`` builds it from a row."""
    row = state.row
    currency = row.currency

    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money(minor, currency)

    return Bill(
        bill_no=row.bill_no,
        account_no=row.account_no,
        version=row.version,
        bill_date=row.bill_date,
        period_start=row.period_start,
        period_end=row.period_end,
        due_date=row.due_date,
        cheque_due_date=row.cheque_due_date,
        disconnection_date=row.disconnection_date,
        units=row.units,
        current_charges=Money(row.current_charges_minor, currency),
        arrears=Money(row.arrears_minor, currency),
        surcharge=Money(row.surcharge_minor, currency),
        net_payable=Money(row.net_payable_minor, currency),
        payable_after_due=Money(row.payable_after_due_minor, currency),
        amount_paid=Money(state.amount_paid_minor, currency),
        status=BillStatus(state.status),
        lines=lines,
        registers=registers,
        rounding_carried=money(row.rounding_carried_minor),
        early_payment_rebate=money(row.early_payment_rebate_minor),
        rebate_by=row.rebate_by,
    )
